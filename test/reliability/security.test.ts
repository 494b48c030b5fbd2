/**
 * Security: admin commands limited in the definition and in code; no owner reaches another owner's
 * cats or data through autocomplete, buttons, forms or ids (forged custom ids included); the token
 * never reaches a log line, in-process or from the real bot at trace level.
 */
import { Routes } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { startHarness, type Harness } from '../support/botHarness.js';
import { startFakeDiscord, type RecordedMessage } from '@leash-coach/fake-discord';
import { captureLogger } from './support/captureLogger.js';
import { integrityCheck, killHard, startChildBot, tempDir } from './support/childBot.js';

const MANAGE_GUILD = 1n << 5n;

let h: Harness;
let alice: string;
let bob: string;
let aliceCat: number;
let bobCat: number;

beforeAll(async () => {
  h = await startHarness();
  alice = h.fake.user('800000000000000001', 'alice').id;
  bob = h.fake.user('800000000000000002', 'bob').id;
  aliceCat = (await h.services.addCat({ ownerId: alice, name: 'Mochi' })).id;
  bobCat = (await h.services.addCat({ ownerId: bob, name: 'Biscuit' })).id;
  await h.services.logSession({ ownerId: alice, what: 'sniffed the harness', cat: null, minutes: 2 });
});
afterAll(async () => {
  await h.close();
});

const sessionsOf = (catId: number) =>
  (
    h.deps.db.$client.prepare('SELECT count(*) AS n FROM sessions WHERE cat_id = ?').get(catId) as {
      n: number;
    }
  ).n;
const catExists = (catId: number) =>
  h.deps.db.$client.prepare('SELECT 1 FROM cats WHERE id = ?').get(catId) !== undefined;

/** A message in the channel carrying buttons with whatever custom ids an attacker wants to try. */
async function messageWithButtons(customIds: string[]): Promise<RecordedMessage> {
  const body = {
    content: 'crafted',
    components: customIds.map((id) => ({
      type: 1,
      components: [{ type: 2, style: 1, label: 'Click', custom_id: id }],
    })),
  };
  const created = (await h.client.rest.post(Routes.channelMessages(h.channelId), { body })) as { id: string };
  const message = h.fake.messagesIn(h.channelId).find((m) => m.id === created.id);
  if (!message) throw new Error('message not recorded');
  return message;
}

describe('admin commands', () => {
  it('/community is for server managers in its definition: Manage Server, servers only', () => {
    const community = h.fake.registeredCommands().find((c) => c.name === 'community');
    expect(community?.default_member_permissions).toBe(MANAGE_GUILD.toString());
    expect(community?.contexts).toEqual([0]);
    for (const command of h.fake.registeredCommands().filter((c) => c.name !== 'community')) {
      expect(command.default_member_permissions ?? null).toBeNull();
    }
  });

  it('and in code: a member without Manage Server (a server that changed the default) is refused', async () => {
    for (const subcommand of ['set', 'off']) {
      const result = await h.fake.command({
        name: 'community',
        subcommand,
        user: bob,
        guildId: h.guildId,
        memberPermissions: 0n,
        ...(subcommand === 'set' ? { options: { channel: h.channelId } } : {}),
      });
      expect(result.ephemeral).toBe(true);
      expect(result.message?.content).toMatch(/Manage Server|server manager|admin/i);
    }
    expect((await h.services.communityStatus({ guildId: h.guildId })).channelId).toBeNull();
  });
});

describe("no owner reaches another owner's cats or data", () => {
  it('autocomplete lists only the caller’s cats', async () => {
    for (const fragment of ['', 'M', 'Mochi', String(aliceCat)]) {
      const choices = await h.fake.autocomplete({
        name: 'log',
        user: bob,
        guildId: h.guildId,
        options: { what: 'x', cat: fragment },
        focused: 'cat',
      });
      expect(choices.map((c) => c.value)).not.toContain(String(aliceCat));
      expect(choices.every((c) => c.value === String(bobCat))).toBe(true);
    }
  });

  it.each([
    ['log', undefined, { what: 'sniffed the harness' }],
    ['progress', undefined, {}],
    ['cat', 'rename', { name: 'Stolen' }],
    ['cat', 'remove', {}],
    ['cat', 'stage', { stage: 'outdoor_explorer' }],
  ])(
    '/%s %s with another owner’s cat id changes and shows nothing of it',
    async (name, subcommand, extra) => {
      const before = sessionsOf(aliceCat);
      const result = await h.fake.command({
        name,
        ...(subcommand ? { subcommand } : {}),
        user: bob,
        guildId: h.guildId,
        options: { ...extra, cat: String(aliceCat) },
      });
      const reply = result.type === 5 ? await result.reply() : result.message;
      expect(JSON.stringify(reply)).not.toMatch(/Mochi/);
      expect(sessionsOf(aliceCat)).toBe(before);
      expect(catExists(aliceCat)).toBe(true);
      expect((await h.services.listCats(alice)).map((c) => c.name)).toEqual(['Mochi']);
    },
  );

  it('forged buttons with another owner’s ids are refused and change nothing', async () => {
    const forged = [
      `rc:${alice}:${aliceCat}:1`, // remove Alice's cat, as Alice
      `rc:${bob}:${aliceCat}:1`, // remove Alice's cat, as Bob
      `dd:${alice}:1`, // delete Alice's data
      `cs:${alice}`, // skip Alice's day
      `cp:${alice}`, // pause Alice's check-ins
      `cl:${alice}:${aliceCat}`, // open Alice's check-in form
      `of:${aliceCat}:0:1`, // accept a stage offer for Alice's cat
    ];
    const message = await messageWithButtons(forged.slice(0, 5));
    const more = await messageWithButtons(forged.slice(5));
    for (const customId of forged) {
      const result = await h.fake.clickButton({
        message: forged.indexOf(customId) < 5 ? message : more,
        customId,
        user: bob,
      });
      expect({ customId, type: result.type }).toEqual({ customId, type: 4 });
      expect(result.ephemeral).toBe(true);
      expect(result.message?.content).toMatch(/someone else|not yours|belong|no longer|already/i);
    }
    expect(catExists(aliceCat)).toBe(true);
    expect(sessionsOf(aliceCat)).toBe(1);
    expect((await h.services.checkInStatus(alice)).paused).toBe(false);
    expect(h.deps.db.$client.prepare('SELECT count(*) AS n FROM skips').get()).toEqual({ n: 0 });
  });

  it('forged check-in forms are refused: someone else’s id, or one’s own id with another’s cat', async () => {
    const asAlice = await h.fake.submitModal({
      customId: `cf:${alice}:${aliceCat}`,
      user: bob,
      fields: { what: 'sniffed the harness', minutes: '3' },
    });
    expect(asAlice.message?.content).toMatch(/someone else/);
    const ownIdOtherCat = await h.fake.submitModal({
      customId: `cf:${bob}:${aliceCat}`,
      user: bob,
      fields: { what: 'sniffed the harness', minutes: '3' },
    });
    expect(JSON.stringify(ownIdOtherCat.message)).not.toMatch(/Mochi/);
    expect(sessionsOf(aliceCat)).toBe(1);
  });

  it('/mydata export holds only the caller’s data', async () => {
    const result = await h.fake.command({
      name: 'mydata',
      subcommand: 'export',
      user: bob,
      guildId: h.guildId,
    });
    const reply = result.type === 5 ? await result.reply() : result.message;
    const text = (reply?.files ?? []).map((f) => f.data.toString('utf8')).join('\n');
    expect(text).toMatch(/Biscuit/);
    expect(text).not.toMatch(/Mochi|800000000000000001/);
  });
});

describe('the token never reaches a log line', () => {
  // Shaped like a real token (three base64url parts) but plainly fake, so no secret scanner mistakes it.
  const token = ['FAKE0TOKEN0FOR0TESTS0ONLY', 'GhIjKl', 'abcdefghijklmnopqrstuvwxyz0123456789AB'].join('.');

  it('in any shape an object, error or message can carry it', () => {
    const capture = captureLogger('trace', { secrets: [token] });
    const log = capture.logger;
    log.info({ token }, 'plain');
    log.info({ config: { discordToken: token } }, 'config');
    log.info({ headers: { authorization: `Bot ${token}` } }, 'headers');
    log.info({ request: { headers: { authorization: `Bot ${token}` } } }, 'nested headers');
    log.info({ deep: { deeper: { deepest: { value: token } } } }, 'deep');
    log.info({ list: [token, { t: token }] }, 'array');
    log.error({ err: new Error(`login failed for ${token}`) }, 'error');
    log.error({ err: Object.assign(new Error('x'), { requestBody: { json: { token } } }) }, 'error body');
    log.warn(`the token is ${token}`);
    log.info({ escaped: `"${token}"\n` }, 'escaped');
    log.child({ token }).info('child bindings');
    log.trace({ url: `https://discord.com/api?token=${token}` }, 'url');
    expect(capture.lines).toHaveLength(12);
    expect(capture.raw()).not.toContain(token);
    expect(capture.raw()).not.toContain(token.split('.')[2]);
    expect(capture.raw()).toContain('[redacted]');
  });

  it('redaction paths hold even without the secrets list (the token key, headers)', () => {
    const lines: string[] = [];
    const log = createLogger('info', { write: (l: string) => lines.push(l) });
    log.info({ token, config: { discordToken: token }, headers: { authorization: token } }, 'x');
    expect(lines.join('')).not.toContain(token);
  });

  it('the real bot at LOG_LEVEL=trace, through start-up, /cat add, /log and shutdown', async () => {
    const fake = await startFakeDiscord({ timeoutMs: 10_000 });
    const guildId = fake.addGuild({ name: 'Cat Club' }).id;
    const dir = tempDir('leash-token-');
    const dbPath = `${dir.path}/coach.db`;
    const bot = await startChildBot({ fake, databasePath: dbPath, logLevel: 'trace' });
    try {
      const user = fake.user('800000000000000009', 'tracer');
      await fake.command({ name: 'cat', subcommand: 'add', user, guildId, options: { name: 'Mochi' } });
      const log = await fake.command({
        name: 'log',
        user,
        guildId,
        options: { what: `sniffed the harness, ears flat ${fake.token}`, minutes: 3 },
      });
      expect(log.type).toBe(4);
      // Make the bot log an error with context, too.
      fake.failNext(
        { method: 'POST', path: /callback$/ },
        { status: 404, body: { code: 10062, message: 'Unknown interaction' } },
      );
      await fake.command({ name: 'help', user, guildId, timeoutMs: 1_000 }).catch(() => undefined);
      await bot.waitForLog((l) => l.msg === 'could not answer an interaction');
      bot.signal('SIGTERM');
      expect((await bot.exited).code).toBe(0);
      expect(bot.logs.length).toBeGreaterThan(5);
      expect(bot.output()).not.toContain(fake.token);
      expect(integrityCheck(dbPath)).toBe('ok');
    } finally {
      await killHard(bot);
      await fake.close();
      dir.remove();
    }
  }, 40_000);
});
