import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { startHarness, type Harness } from '../support/botHarness.js';
import { Permission, type JsonObject, type RecordedMessage } from '@leash-coach/fake-discord';
import {
  addCat,
  APOLOGY,
  autocomplete,
  buttons,
  command,
  expectEphemeralAnswer,
  newUser,
  NO_MENTIONS,
  reply,
  textOf,
  useHarness,
} from './helpers.js';

const logLines: string[] = [];
const harness = useHarness({
  logger: createLogger('warn', {
    write(line: string) {
      logLines.push(line);
    },
  }),
});

const STALE = /older version of me and no longer works/;

/** Replaces a recorded message's buttons, as if an older version of the bot had sent them. */
function withButtons(message: RecordedMessage, customIds: readonly string[]): void {
  message.components = [
    {
      type: 1,
      components: customIds.map((id, i) => ({ type: 2, style: 2, label: `Old ${i}`, custom_id: id })),
    },
  ];
}

function expectApology(message: RecordedMessage): void {
  const text = expectEphemeralAnswer(message, APOLOGY, 'Nothing you stored is lost');
  expect(text).not.toMatch(/SQLITE|sqlite|at .*\.ts|stack|TypeError|RAISE/i);
  expect(message.allowedMentions).toEqual(NO_MENTIONS);
}

describe('the error boundary', () => {
  it('a database failure inside a command: a short apology, logged with context, and the bot keeps working', async () => {
    const h = harness();
    const user = newUser(h);
    await addCat(h, user, 'Mochi');
    // The disk fails for one write (a trigger raises, as SQLite would on an I/O error).
    h.deps.db.$client.exec(
      "CREATE TRIGGER fail_boom BEFORE INSERT ON cats WHEN NEW.name = 'Boom' BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END",
    );
    try {
      logLines.length = 0;
      const failed = await command(h, user, 'cat', { sub: 'add', options: { name: 'Boom' } });
      expectApology(await failed.reply());
      const logged = logLines
        .map((l) => JSON.parse(l) as JsonObject)
        .find((l) => l.msg === 'interaction failed');
      expect(logged).toMatchObject({ interactionId: failed.id, command: 'cat', userId: user.id });
      expect(JSON.stringify(logged)).toContain('disk I/O error');
    } finally {
      h.deps.db.$client.exec('DROP TRIGGER fail_boom');
    }
    // Nothing was half-stored, the other cat is there, and the next commands work.
    const list = textOf(await reply(h, user, 'cat', { sub: 'list' }));
    expect(list).toContain('**Mochi**');
    expect(list).not.toContain('Boom');
    await addCat(h, user, 'Boom');
    expectEphemeralAnswer(
      await reply(h, user, 'log', { options: { what: 'sniffed', cat: 'Mochi' } }),
      'Mochi · ',
    );
  });

  it('a failure in a deferred command replaces the “thinking…” reply with the apology', async () => {
    const h = harness();
    const admin = newUser(h, 'admin');
    const user = newUser(h);
    const set = await reply(h, admin, 'community', {
      sub: 'set',
      memberPermissions: Permission.ManageGuild,
      options: { channel: h.winsChannelId },
    });
    expectEphemeralAnswer(set, 'Wins will be posted');
    h.deps.db.$client.exec(
      "CREATE TRIGGER fail_share BEFORE INSERT ON shared_wins BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END",
    );
    try {
      const shared = await command(h, user, 'share', { sub: 'win', options: { message: 'a calm minute' } });
      expect(shared.type).toBe(5);
      expect(shared.ephemeral).toBe(true);
      const answer = await shared.reply();
      expectApology(answer);
      expect(shared.followups).toEqual([]);
    } finally {
      h.deps.db.$client.exec('DROP TRIGGER fail_share');
    }
    const again = await command(h, user, 'share', {
      sub: 'win',
      options: { message: 'another calm minute' },
    });
    expectEphemeralAnswer(await again.reply(), `<#${h.winsChannelId}>`);
  });

  it('buttons with unknown or malformed ids (from an older version) get the stale-message answer', async () => {
    const h = harness();
    const user = newUser(h);
    await addCat(h, user, 'Tofu');
    const prompt = await reply(h, user, 'cat', { sub: 'remove', options: { cat: 'Tofu' } });
    const oldIds = ['v0-remove:Tofu', 'rc:notanumber:x:1', 'of:1:99:1', 'zz', 'of::', ':', 'dd:123:2'];
    withButtons(prompt, oldIds);
    for (const customId of oldIds) {
      const clicked = await h.fake.clickButton({ message: prompt, customId, user });
      expect(clicked.type, customId).toBe(4);
      expectEphemeralAnswer(await clicked.reply(), STALE);
    }
    // A form button id used on a button is out of date too.
    withButtons(prompt, [`cf:${user.id}:-`]);
    const form = await h.fake.clickButton({ message: prompt, customId: `cf:${user.id}:-`, user });
    expectEphemeralAnswer(await form.reply(), 'out of date', '/log');
    expect(textOf(await reply(h, user, 'cat', { sub: 'list' }))).toContain('**Tofu**');
  });

  it('a form with an unknown id is stale; a form meant for another user is refused', async () => {
    const h = harness();
    const user = newUser(h);
    await addCat(h, user, 'Nori');
    const unknown = await h.fake.submitModal({ customId: 'old-form', fields: { what: 'sniffed' }, user });
    expectEphemeralAnswer(await unknown.reply(), STALE);
    const notAForm = await h.fake.submitModal({
      customId: `cs:${user.id}`,
      fields: { what: 'sniffed' },
      user,
    });
    expectEphemeralAnswer(await notAForm.reply(), 'out of date');
    const other = newUser(h, 'other');
    const stolen = await h.fake.submitModal({
      customId: `cf:${user.id}:-`,
      fields: { what: 'sniffed', minutes: '3', cat: 'Nori' },
      user: other,
    });
    expectEphemeralAnswer(await stolen.reply(), 'belong to someone else');
    expect((await h.services.exportOwnerData(user.id)).cats.flatMap((c) => c.sessions as unknown[])).toEqual(
      [],
    );
  });

  it('a stranger pressing someone’s confirm button changes nothing', async () => {
    const h = harness();
    const owner = newUser(h);
    const stranger = newUser(h, 'stranger');
    await addCat(h, owner, 'Keep');
    const prompt = await reply(h, owner, 'mydata', { sub: 'delete' });
    const confirm = buttons(prompt)[0]?.customId ?? '';
    const clicked = await h.fake.clickButton({ message: prompt, customId: confirm, user: stranger });
    expectEphemeralAnswer(await clicked.reply(), 'belong to someone else');
    expect(textOf(await reply(h, owner, 'cat', { sub: 'list' }))).toContain('**Keep**');
  });
});

describe('a bot whose database is gone', () => {
  let broken: Harness;
  beforeAll(async () => {
    broken = await startHarness({ logger: createLogger('silent') });
    broken.deps.db.$client.close();
  });
  afterAll(async () => {
    await broken.bot.stop();
    await broken.fake.close();
    expect(broken.fake.invalidBodies).toEqual([]);
    expect(broken.fake.unhandled).toEqual([]);
  });

  it('answers every command with the apology, autocomplete with nothing, and does not crash', async () => {
    const user = broken.fake.user('400000000000000001', 'unlucky');
    for (const [name, sub, options] of [
      ['cat', 'add', { name: 'Mochi' }],
      ['cat', 'list', {}],
      ['log', undefined, { what: 'sniffed' }],
      ['progress', undefined, {}],
      ['mydata', 'export', {}],
    ] as const) {
      const result = await broken.fake.command({
        name,
        user,
        channelId: broken.channelId,
        ...(sub !== undefined ? { subcommand: sub } : {}),
        options,
      });
      expectApology(await result.reply());
    }
    const choices = await broken.fake.autocomplete({ name: 'progress', focused: 'cat', user });
    expect(choices).toEqual([]);
    // The help text needs no database: still there.
    const help = await broken.fake.command({ name: 'help', user });
    expect(textOf(await help.reply())).toContain('/log');
  });
});

describe('a healthy bot after all that', () => {
  it('still answers', async () => {
    const h = harness();
    const user = newUser(h);
    await addCat(h, user, 'Last');
    expect((await autocomplete(h, user, 'progress', 'cat')).map((c) => c.name)).toEqual([
      expect.stringContaining('Last'),
    ]);
  });
});
