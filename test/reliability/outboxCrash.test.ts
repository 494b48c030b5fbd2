/**
 * The coach's effects survive a crash: the real bot (a child process) is killed with SIGKILL after it
 * answered a stage-up and while its post to the wins channel is in flight. The stage-up's post was stored
 * with the stage-up (the outbox); after a restart it is made, and made once.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  Permission,
  startFakeDiscord,
  type FakeDiscord,
  type FakeUser,
  type RecordedMessage,
} from '@leash-coach/fake-discord';
import { inspect, killHard, startChildBot, tempDir, until, type ChildBot } from './support/childBot.js';

const MEMBER = Permission.ViewChannel | Permission.SendMessages | Permission.UseApplicationCommands;
const ADMIN = MEMBER | Permission.ManageGuild;
const BOT_OK =
  Permission.ViewChannel | Permission.SendMessages | Permission.EmbedLinks | Permission.AttachFiles;

let fake: FakeDiscord;
let dir: ReturnType<typeof tempDir>;
let dbPath: string;
let running: ChildBot | undefined;

beforeAll(async () => {
  fake = await startFakeDiscord({ timeoutMs: 10_000 });
  dir = tempDir('leash-outbox-crash-');
  dbPath = `${dir.path}/coach.db`;
});

afterAll(async () => {
  if (running) await killHard(running);
  await fake.close();
  dir.remove();
});

function buttonId(message: RecordedMessage, label: string): string {
  for (const row of message.components) {
    const inner = Array.isArray(row.components) ? (row.components as Record<string, unknown>[]) : [];
    for (const c of inner) {
      if (typeof c.custom_id === 'string' && String(c.label).startsWith(label)) return c.custom_id;
    }
  }
  throw new Error(`no button "${label}"`);
}

const outboxRows = () =>
  inspect(
    dbPath,
    (db) => db.prepare('SELECT status, attempts FROM outbox').all() as { status: string; attempts: number }[],
  );

it('a stage-up post interrupted by SIGKILL is made exactly once after the restart', async () => {
  const guild = fake.addGuild({
    name: 'Cat Club',
    channels: [{ name: 'general' }, { name: 'wins', botPermissions: BOT_OK }],
  });
  const general = guild.channel('general');
  const wins = guild.channel('wins');
  const admin: FakeUser = fake.user('800000000000000001', 'admin');
  const owner: FakeUser = fake.user('800000000000000002', 'owner');
  const where = { guildId: guild.id, channelId: general };

  running = await startChildBot({ fake, databasePath: dbPath });
  const set = await fake.command({
    name: 'community',
    subcommand: 'set',
    user: admin,
    ...where,
    memberPermissions: ADMIN,
    options: { channel: wins },
  });
  expect((await set.reply()).content + JSON.stringify((await set.reply()).embeds)).toContain(wins);
  await (
    await fake.command({ name: 'cat', subcommand: 'add', user: owner, ...where, options: { name: 'Tofu' } })
  ).reply();
  await (
    await fake.command({
      name: 'share',
      subcommand: 'auto',
      user: owner,
      ...where,
      options: { enabled: true },
    })
  ).reply();
  // Two good days already behind the cat (on earlier days), so today's good session earns the offer.
  inspect(dbPath, (db) =>
    db
      .prepare("UPDATE cats SET good_days = 2, last_good_date = '2000-01-01' WHERE owner_id = ?")
      .run(owner.id),
  );
  const logged = await (
    await fake.command({
      name: 'log',
      user: owner,
      ...where,
      options: { what: 'sniffed the harness, took a treat' },
    })
  ).reply();

  // The post to the wins channel will get no answer: it is in flight when the bot dies.
  fake.failNext({ method: 'POST', path: new RegExp(`^/channels/${wins}/messages$`) }, { hang: true });
  const accepted = await fake.clickButton({
    message: logged,
    customId: buttonId(logged, 'Move on'),
    user: owner,
  });
  expect(JSON.stringify(await accepted.reply())).toContain('Drape');
  await until(
    () => fake.requests.some((r) => r.method === 'POST' && r.path.endsWith(`/channels/${wins}/messages`)),
    'the post to be in flight',
  );
  await killHard(running);
  running = undefined;
  expect(fake.messagesIn(wins)).toEqual([]);
  expect(outboxRows()).toEqual([{ status: 'pending', attempts: 1 }]);

  // After the restart the post is made once, as soon as the dead process's lease has run out.
  running = await startChildBot({ fake, databasePath: dbPath });
  const post = await fake.waitForMessage(wins, () => true, { timeoutMs: 40_000 });
  expect(post.content).toBe(`Shared by <@${owner.id}>`);
  await until(() => outboxRows()[0]?.status === 'done', 'the outbox item to be done', 15_000);
  // Its nonce is the one the interrupted try sent: had that one reached Discord, it would show once too.
  const tries = fake.requests.filter(
    (r) => r.method === 'POST' && r.path.endsWith(`/channels/${wins}/messages`),
  );
  expect(tries).toHaveLength(2);
  const nonces = tries.map((r) => (r.body as { nonce?: unknown } | undefined)?.nonce);
  expect(nonces[0]).toBeDefined();
  expect(nonces[1]).toBe(nonces[0]);
  // Later runs of the outbox job post nothing more.
  await new Promise((resolve) => setTimeout(resolve, 11_000));
  expect(fake.messagesIn(wins)).toHaveLength(1);
  expect(outboxRows()).toEqual([{ status: 'done', attempts: 2 }]);
}, 120_000);
