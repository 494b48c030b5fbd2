import { afterAll, beforeAll, expect } from 'vitest';
import { startHarness, type Harness, type HarnessOptions } from '../support/botHarness.js';
import type {
  FakeAttachmentInput,
  FakeUser,
  InteractionResult,
  JsonObject,
  OptionValue,
  RecordedMessage,
} from '@leash-coach/fake-discord';

export const EPHEMERAL = 64;
export const NO_MENTIONS = { parse: [] };
export const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
export const DAY_MS = 86_400_000;

/**
 * One harness for the whole file: started before the first test, and after the last one the file checks
 * that every body the bot sent was valid for Discord and hit a known route, then closes everything.
 */
export function useHarness(options: HarnessOptions = {}): () => Harness {
  let harness: Harness | undefined;
  beforeAll(async () => {
    harness = await startHarness(options);
  });
  afterAll(async () => {
    if (!harness) return;
    const { invalidBodies, unhandled } = harness.fake;
    await harness.close();
    expect(invalidBodies).toEqual([]);
    expect(unhandled).toEqual([]);
  });
  return () => {
    if (!harness) throw new Error('the harness is not started yet');
    return harness;
  };
}

let nextUser = 0;
/** A fresh user for one test, so tests in a file never share data. */
export function newUser(h: Harness, name = 'owner'): FakeUser {
  nextUser += 1;
  return h.fake.user(`3${String(nextUser).padStart(17, '0')}`, `${name}${nextUser}`);
}

export interface Where {
  /** Run in the bot's DM instead of the server's general channel. */
  readonly dm?: boolean;
  readonly channelId?: string;
  readonly guildId?: string;
  readonly memberPermissions?: bigint;
}

export interface Invocation extends Where {
  readonly sub?: string;
  readonly options?: Record<string, OptionValue>;
  readonly attachments?: Record<string, FakeAttachmentInput>;
}

function place(
  h: Harness,
  where: Where,
): { guildId?: string; channelId?: string; memberPermissions?: bigint } {
  if (where.dm === true) return {};
  return {
    ...(where.channelId !== undefined
      ? { channelId: where.channelId }
      : where.guildId !== undefined
        ? { guildId: where.guildId }
        : { channelId: h.channelId }),
    ...(where.memberPermissions !== undefined ? { memberPermissions: where.memberPermissions } : {}),
  };
}

/** Runs a slash command as `user` (in the server's general channel unless told otherwise). */
export async function command(
  h: Harness,
  user: FakeUser,
  name: string,
  invocation: Invocation = {},
): Promise<InteractionResult> {
  return h.fake.command({
    name,
    user,
    ...place(h, invocation),
    ...(invocation.sub !== undefined ? { subcommand: invocation.sub } : {}),
    ...(invocation.options ? { options: invocation.options } : {}),
    ...(invocation.attachments ? { attachments: invocation.attachments } : {}),
  });
}

/** Runs a command and waits for its visible reply. */
export async function reply(
  h: Harness,
  user: FakeUser,
  name: string,
  invocation: Invocation = {},
): Promise<RecordedMessage> {
  return (await command(h, user, name, invocation)).reply();
}

/** Autocomplete as `user` typing in option `focused`. */
export async function autocomplete(
  h: Harness,
  user: FakeUser,
  name: string,
  focused: string,
  invocation: Invocation = {},
) {
  return h.fake.autocomplete({
    name,
    user,
    focused,
    ...place(h, invocation),
    ...(invocation.sub !== undefined ? { subcommand: invocation.sub } : {}),
    ...(invocation.options ? { options: invocation.options } : {}),
  });
}

/** Adds a cat and checks it was accepted. */
export async function addCat(
  h: Harness,
  user: FakeUser,
  name: string,
  stage?: string,
): Promise<RecordedMessage> {
  const m = await reply(h, user, 'cat', {
    sub: 'add',
    options: { name, ...(stage !== undefined ? { stage } : {}) },
  });
  expect(m.content).toContain(`Welcome, **${name}**`);
  return m;
}

/** Everything a person reads in a message: content, embed titles, descriptions, fields and footers. */
export function textOf(message: RecordedMessage | { content: string; embeds: JsonObject[] }): string {
  const parts: string[] = [message.content];
  for (const embed of message.embeds) {
    for (const key of ['title', 'description'] as const) {
      const v = embed[key];
      if (typeof v === 'string') parts.push(v);
    }
    const fields = Array.isArray(embed.fields) ? (embed.fields as JsonObject[]) : [];
    for (const f of fields) parts.push(`${String(f.name)}\n${String(f.value)}`);
    const footer = embed.footer as JsonObject | undefined;
    if (footer && typeof footer.text === 'string') parts.push(footer.text);
  }
  return parts.join('\n');
}

/** The value of the embed field with this name (first embed that has it). */
export function field(message: RecordedMessage, name: string): string | undefined {
  for (const embed of message.embeds) {
    const fields = Array.isArray(embed.fields) ? (embed.fields as JsonObject[]) : [];
    const found = fields.find((f) => f.name === name);
    if (found) return String(found.value);
  }
  return undefined;
}

/** Every button on a message: label and custom_id. */
export function buttons(message: RecordedMessage): { label: string; customId: string }[] {
  const out: { label: string; customId: string }[] = [];
  for (const row of message.components) {
    const inner = Array.isArray(row.components) ? (row.components as JsonObject[]) : [];
    for (const c of inner) {
      if (typeof c.custom_id === 'string') out.push({ label: String(c.label), customId: c.custom_id });
    }
  }
  return out;
}

/** The custom_id of the button whose label starts with `label`. */
export function buttonId(message: RecordedMessage, label: string): string {
  const found = buttons(message).find((b) => b.label.startsWith(label));
  if (!found) {
    throw new Error(
      `no button "${label}" on the message (has: ${buttons(message)
        .map((b) => b.label)
        .join(', ')})`,
    );
  }
  return found.customId;
}

/** Clicks the button labelled `label` on `message` as `user`. */
export async function click(
  h: Harness,
  user: FakeUser,
  message: RecordedMessage,
  label: string,
): Promise<InteractionResult> {
  return h.fake.clickButton({ message, customId: buttonId(message, label), user });
}

/** Asserts the shape of a clear, kind, ephemeral answer and returns its text. */
export function expectEphemeralAnswer(message: RecordedMessage, ...contains: (string | RegExp)[]): string {
  expect(message.ephemeral).toBe(true);
  expect(message.flags & EPHEMERAL).toBe(EPHEMERAL);
  const text = textOf(message);
  for (const c of contains) {
    if (typeof c === 'string') expect(text).toContain(c);
    else expect(text).toMatch(c);
  }
  expect(text).not.toMatch(/Error:|\bat .+\(.+:\d+:\d+\)|undefined|\[object/);
  return text;
}

/** The apology the error boundary gives for anything that is not the owner's to fix. */
export const APOLOGY = /Sorry, something went wrong on my side/;

/** Row counts, per table and column, that point at `userId`. */
export function rowsAbout(h: Harness, userId: string): Promise<Record<string, number>> {
  return h.data.rowsPointingAt(['owner_id', 'id', 'updated_by', 'user_id', 'logged_by'], [userId]);
}
