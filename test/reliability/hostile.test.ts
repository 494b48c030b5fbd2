/**
 * Hostile input, property-based (fast-check): unicode, zalgo, right-to-left text, 2,000-character
 * strings, markdown, @everyone, user and role mentions, control characters, SQL-looking quotes.
 * Pure functions never throw and keep Discord's limits; every command's options go through the real
 * bot (harness) and every answer is valid for Discord (the fake validates bodies) and pings nobody.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseLog } from '../../src/domain/signals.js';
import { STAGE_IDS } from '../../src/domain/stages.js';
import { searchTimeZones } from '../../src/domain/timezones.js';
import { AUTOCOMPLETE_LIMITS, catChoices } from '../../src/discord/commands/autocomplete.js';
import { addCat, suggestCats } from '../../src/services/cats.js';
import { isUserFacingError } from '../../src/services/errors.js';
import { logSession } from '../../src/services/sessions.js';
import { suggestTimeZones, suggestWhat } from '../../src/services/suggestions.js';
import { startHarness, type Harness } from '../support/botHarness.js';
import { testDeps } from '../support/factories.js';
import type { JsonObject, OptionValue, RecordedMessage, StoredCommand } from '@leash-coach/fake-discord';
import { captureLogger } from './support/captureLogger.js';
import { hasLoneSurrogate, hostileText } from './support/hostile.js';

const RUNS = 30;
const choiceOk = (c: { name: string; value: string }) =>
  c.name.length >= 1 &&
  c.name.length <= 100 &&
  c.value.length <= 100 &&
  !hasLoneSurrogate(c.name) &&
  !hasLoneSurrogate(c.value);

describe('pure functions over hostile text (up to 2,000 characters)', () => {
  it('parseLog never throws, for every stage, and only keeps text it was given', () => {
    fc.assert(
      fc.property(hostileText(), fc.constantFrom(...STAGE_IDS), (text, stage) => {
        const parsed = parseLog(text, stage);
        expect(typeof parsed.note).toBe('string');
        for (const item of parsed.items) {
          expect(['win', 'mild', 'moderate', 'severe', 'pain']).toContain(item.severity);
          expect(item.label.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('suggestWhat: at most 25 choices, names 1–100 and values ≤ 100 characters, valid UTF-16', () => {
    fc.assert(
      fc.property(hostileText(), (typed) => {
        const choices = suggestWhat(typed, AUTOCOMPLETE_LIMITS);
        expect(choices.length).toBeLessThanOrEqual(25);
        for (const c of choices) expect(choiceOk(c)).toBe(true);
        expect(new Set(choices.map((c) => c.value)).size).toBe(choices.length);
      }),
      { numRuns: 300 },
    );
  });

  it('searchTimeZones and suggestTimeZones: real zone names only, within the limits', () => {
    const isZone = (zone: string) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: zone });
        return zone.includes('/') || zone === 'UTC';
      } catch {
        return false;
      }
    };
    fc.assert(
      fc.property(hostileText(), (fragment) => {
        for (const zone of searchTimeZones(fragment, 25)) expect(isZone(zone)).toBe(true);
        const choices = suggestTimeZones(fragment, AUTOCOMPLETE_LIMITS);
        expect(choices.length).toBeLessThanOrEqual(25);
        for (const c of choices) expect(choiceOk(c)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('suggestCats: only the caller’s cats, whatever their names and the fragment', async () => {
    const deps = testDeps();
    const names = ['Mochi', "O'Malley; DROP TABLE cats", '" OR 1=1 --', 'قطة ‏שלי', 'ﷺ🐈‍⬛', '%', 'Z̴̡a̸l̷g̵o'];
    for (const name of names) await addCat(deps, { ownerId: '1', name });
    await addCat(deps, { ownerId: '2', name: 'Stranger' });
    const own = new Set(
      (deps.db.$client.prepare("SELECT id FROM cats WHERE owner_id = '1'").all() as { id: number }[]).map(
        (r) => String(r.id),
      ),
    );
    await fc.assert(
      fc.asyncProperty(hostileText({ maxLength: 200 }), async (fragment) => {
        const choices = catChoices(await suggestCats(deps, '1', fragment));
        for (const c of choices) {
          expect(own.has(c.value)).toBe(true);
          expect(choiceOk(c)).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('logSession: stores or refuses with a user-facing message, never another error', async () => {
    const deps = testDeps();
    await addCat(deps, { ownerId: '1', name: 'Mochi' });
    await fc.assert(
      fc.asyncProperty(hostileText(), fc.option(hostileText({ maxLength: 2000 })), async (what, note) => {
        try {
          const view = await logSession(deps, { ownerId: '1', what, note, cat: null, minutes: 3 });
          expect(view.sessionId).toBeGreaterThan(0);
        } catch (error) {
          expect(isUserFacingError(error)).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Through the real bot: every registered command, every option, generated from the definitions.

const capture = captureLogger('info');
let h: Harness;
let owner: string;
const ADMIN = 1n << 5n; // Manage Server

beforeAll(async () => {
  h = await startHarness({ logger: capture.logger, fake: { timeoutMs: 8_000 } });
  owner = h.fake.user('700000000000000001', 'hostile_owner').id;
  await h.services.addCat({ ownerId: owner, name: 'Mochi' });
  await h.services.addCat({ ownerId: owner, name: "Robert'); DROP TABLE cats;--" });
  await h.services.setWinsChannel({
    guildId: h.guildId,
    channelId: h.channelId,
    userId: owner,
    canManageGuild: true,
  });
});
afterAll(async () => {
  await h.close();
});

interface OptionDef extends JsonObject {
  name: string;
  type: number;
}

const asDefs = (value: unknown): OptionDef[] => (Array.isArray(value) ? (value as OptionDef[]) : []);
const clean = (text: string) => text.replace(/[\ud800-\udfff]/g, '');

/** An arbitrary for one option's value, within what Discord would let a user send. */
function valueFor(def: OptionDef): fc.Arbitrary<OptionValue> | undefined {
  const choices = asDefs(def.choices) as unknown as { value: string | number }[];
  if (choices.length > 0) return fc.constantFrom(...choices.map((c) => c.value));
  switch (def.type) {
    case 3: {
      const max = typeof def.max_length === 'number' ? def.max_length : 6000;
      const min = def.required === true ? 1 : 0;
      return hostileText({ maxLength: Math.min(max, 2000), minLength: Math.max(min, 0) })
        .map(clean)
        .filter((t) => t.length >= min && t.length <= max);
    }
    case 4: {
      const min = typeof def.min_value === 'number' ? def.min_value : -1_000_000;
      const max = typeof def.max_value === 'number' ? def.max_value : 1_000_000;
      return fc.integer({ min, max });
    }
    case 5:
      return fc.boolean();
    case 6:
      // Users: someone else, the caller themselves, or the bot.
      return fc.constantFrom(
        h.fake.user('700000000000000002', 'hostile_friend'),
        h.fake.user(owner),
        h.fake.botUser,
      );
    case 7:
      return fc.constant(h.channelId);
    default:
      return undefined; // attachments: covered by the community tests
  }
}

function optionsArbitrary(defs: OptionDef[]): fc.Arbitrary<Record<string, OptionValue>> {
  const entries: Record<string, fc.Arbitrary<OptionValue | undefined>> = {};
  for (const def of defs) {
    const value = valueFor(def);
    if (!value) continue;
    entries[def.name] = def.required === true ? value : fc.option(value, { nil: undefined });
  }
  return fc
    .record(entries)
    .map(
      (record) =>
        Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as Record<
          string,
          OptionValue
        >,
    );
}

/** Every (command, subcommand) the bot registered, with its options. */
interface Variant {
  command: StoredCommand;
  sub: string | undefined;
  defs: OptionDef[];
}

function variants(): Variant[] {
  return h.fake.registeredCommands().flatMap((command): Variant[] => {
    const top = asDefs(command.options);
    const subs = top.filter((o) => o.type === 1);
    if (subs.length === 0) return [{ command, sub: undefined, defs: top }];
    return subs.map((s) => ({ command, sub: s.name, defs: asDefs(s.options) }));
  });
}

function mentionsNobody(message: RecordedMessage): void {
  for (const body of message.history) {
    const content = typeof body.content === 'string' ? body.content : '';
    if (content === '') continue;
    const allowed = body.allowed_mentions as
      { parse?: unknown; users?: unknown; roles?: unknown } | undefined;
    // Labelled with the content, so a failure says which answer could ping.
    expect({ content: content.slice(0, 80), parse: allowed?.parse }).toEqual({
      content: content.slice(0, 80),
      parse: [],
    });
    expect(allowed?.users ?? []).toEqual([]);
    expect(allowed?.roles ?? []).toEqual([]);
  }
}

describe('every command through the real bot', () => {
  it('has commands to test', () => {
    expect(variants().length).toBeGreaterThanOrEqual(15);
  });

  it.each(
    // Built lazily (the commands are registered in beforeAll): the table is names only.
    [
      'help',
      'cat add',
      'cat list',
      'cat rename',
      'cat remove',
      'cat stage',
      'cat share',
      'cat unshare',
      'log',
      'progress',
      'session start',
      'checkin set',
      'checkin pause',
      'checkin resume',
      'checkin status',
      'share win',
      'share auto',
      'community set',
      'community off',
      'community status',
      'mydata export',
      'mydata delete',
    ],
  )('/%s: answers within Discord limits and pings nobody', async (label) => {
    const [name, subName] = label.split(' ');
    const variant = variants().find((v) => v.command.name === name && v.sub === subName);
    expect(variant, `/${label} is registered`).toBeDefined();
    if (!variant) return;
    const invalidBefore = h.fake.invalidBodies.length;
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(optionsArbitrary(variant.defs), fc.boolean(), async (options, admin) => {
        const result = await h.fake.command({
          name: variant.command.name,
          ...(variant.sub !== undefined ? { subcommand: variant.sub } : {}),
          user: owner,
          guildId: h.guildId,
          channelId: h.channelId,
          options,
          ...(admin ? { memberPermissions: ADMIN | (1n << 10n) | (1n << 11n) } : {}),
        });
        runs++;
        expect([4, 5, 9]).toContain(result.type);
        if (result.type === 5) await result.reply();
        const message = result.message;
        if (message) mentionsNobody(message);
        for (const followup of result.followups) mentionsNobody(followup);
      }),
      { numRuns: RUNS },
    );
    expect(runs).toBe(RUNS);
    expect(h.fake.invalidBodies.slice(invalidBefore)).toEqual([]);
  });

  it('autocomplete on every autocomplete option: valid choices for any typed text (up to 2,000 characters)', async () => {
    const targets = variants().flatMap((v) =>
      v.defs.filter((d) => d.autocomplete === true).map((d) => ({ ...v, focused: d.name })),
    );
    expect(targets.length).toBeGreaterThan(5);
    for (const target of targets) {
      await fc.assert(
        fc.asyncProperty(hostileText({ maxLength: 2000 }).map(clean), async (typed) => {
          const choices = await h.fake.autocomplete({
            name: target.command.name,
            ...(target.sub !== undefined ? { subcommand: target.sub } : {}),
            user: owner,
            guildId: h.guildId,
            options: { [target.focused]: typed },
            focused: target.focused,
          });
          expect(choices.length).toBeLessThanOrEqual(25);
        }),
        { numRuns: 10 },
      );
    }
    expect(h.fake.invalidBodies).toEqual([]);
  });

  it('the check-in form (modal) with hostile fields', async () => {
    await fc.assert(
      fc.asyncProperty(
        hostileText({ maxLength: 1000, minLength: 1 }).map(clean),
        hostileText({ maxLength: 3 }).map(clean),
        hostileText({ maxLength: 32 }).map(clean),
        async (what, minutes, cat) => {
          const result = await h.fake.submitModal({
            customId: `cf:${owner}:-`,
            user: owner,
            fields: { what, minutes, cat },
          });
          expect(result.type).toBe(4);
          if (result.message) mentionsNobody(result.message);
        },
      ),
      { numRuns: RUNS },
    );
    expect(h.fake.invalidBodies).toEqual([]);
  });

  it('no interaction failed with an unexpected error', () => {
    expect(capture.lines.filter((l) => l.level >= 50)).toEqual([]);
    expect(h.fake.unhandled).toEqual([]);
  });
});
