/**
 * Graceful shutdown of the real bot in a child process: SIGTERM/SIGINT stop new work, let the
 * interaction in flight finish and answer, stop the scheduler, destroy the client, close the database
 * (WAL folded back in) and exit 0.
 */
import { existsSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { startFakeDiscord, type FakeDiscord } from '@leash-coach/fake-discord';
import {
  inspect,
  integrityCheck,
  killHard,
  startChildBot,
  tempDir,
  until,
  type ChildBot,
} from './support/childBot.js';

let fake: FakeDiscord;
let dir: ReturnType<typeof tempDir>;
let guildId: string;
let running: ChildBot | undefined;

beforeAll(async () => {
  fake = await startFakeDiscord({ timeoutMs: 10_000 });
  guildId = fake.addGuild({ name: 'Cat Club' }).id;
  dir = tempDir('leash-shutdown-');
});
afterEach(async () => {
  if (running) await killHard(running);
  running = undefined;
});
afterAll(async () => {
  await fake.close();
  dir.remove();
});

it('on SIGTERM finishes the interaction in flight, answers it, then exits 0 with the database closed', async () => {
  const dbPath = `${dir.path}/term.db`;
  const bot = await startChildBot({ fake, databasePath: dbPath });
  running = bot;
  const user = fake.user('500000000000000001', 'patient_owner');

  // /checkin set answers "thinking…" at once, then sends a confirmation DM and edits the answer.
  // Discord makes the DM wait 1.5 s (a 429 with retry-after), so SIGTERM lands while it is in flight.
  fake.failNext(
    { method: 'POST', path: /^\/channels\/\d+\/messages$/ },
    {
      status: 429,
      headers: { 'retry-after': '2', 'x-ratelimit-scope': 'user' },
      body: { message: 'You are being rate limited.', retry_after: 1.5, global: false },
    },
  );
  const started = await fake.command({
    name: 'checkin',
    subcommand: 'set',
    user,
    guildId,
    options: { time: '19:30', timezone: 'Europe/Berlin' },
  });
  expect(started.type).toBe(5);
  await until(() => fake.requests.some((r) => r.status === 429), 'the DM to be rate limited');
  const sigtermAt = Date.now();
  bot.signal('SIGTERM');
  await bot.waitForLog((l) => l.msg === 'shutting down');

  // New work is refused while draining: this one is never answered.
  const late = fake.command({ name: 'help', user, guildId, timeoutMs: 1_000 }).then(
    () => 'answered',
    () => 'not answered',
  );

  const reply = await started.reply({ timeoutMs: 8_000 });
  expect(reply.content).toMatch(/19:30/);
  expect(fake.dmsTo(user.id)).toHaveLength(1);
  const edit = fake.requests.find((r) => r.method === 'PATCH' && /\/messages\/(@|%40)original$/.test(r.path));
  expect(edit?.time.getTime()).toBeGreaterThan(sigtermAt);

  expect(await bot.exited).toEqual({ code: 0, signal: null });
  running = undefined;
  expect(await late).toBe('not answered');
  const order = bot.logs.map((l) => l.msg);
  expect(order.indexOf('shutting down')).toBeGreaterThan(order.indexOf('ready'));
  expect(bot.logs.filter((l) => l.level >= 50)).toEqual([]);

  // Closed cleanly: the WAL was checkpointed into the file and removed, and the answer's data is there.
  expect(existsSync(`${dbPath}-wal`)).toBe(false);
  expect(integrityCheck(dbPath)).toBe('ok');
  expect(
    inspect(dbPath, (db) =>
      db.prepare('SELECT check_in_time, timezone FROM owners WHERE id = ?').get(user.id),
    ),
  ).toEqual({ check_in_time: '19:30', timezone: 'Europe/Berlin' });
}, 40_000);

it('on SIGINT (Ctrl-C) exits 0 with the database closed', async () => {
  const dbPath = `${dir.path}/int.db`;
  const bot = await startChildBot({ fake, databasePath: dbPath });
  running = bot;
  bot.signal('SIGINT');
  expect(await bot.exited).toEqual({ code: 0, signal: null });
  running = undefined;
  expect(bot.logs.find((l) => l.msg === 'shutting down')).toMatchObject({ reason: 'SIGINT' });
  expect(existsSync(`${dbPath}-wal`)).toBe(false);
  expect(integrityCheck(dbPath)).toBe('ok');
}, 30_000);
