/**
 * Crash safety: the real bot (src/main.ts) in a child process against the local Discord, killed with
 * SIGKILL at chosen points — during start-up migrations, during /log, in the middle of a check-in
 * fan-out to 50 owners — and restarted on the same database file. After every restart: each /log the
 * bot acknowledged is stored, each due owner has exactly one visible check-in, integrity_check is ok.
 */
import { createSqliteStore } from '../../src/db/sqlite/store.js';
import { REST } from 'discord.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { closeDatabase, createDatabase, MIGRATIONS_FOLDER } from '../../src/db/sqlite/client.js';
import { createDiscordNotifier } from '../../src/discord/notifier.js';
import { createLogger } from '../../src/logger.js';
import { addCat } from '../../src/services/cats.js';
import { runDueCheckIns } from '../../src/services/checkInRun.js';
import { setCheckIn } from '../../src/services/checkInSettings.js';
import type { Deps } from '../../src/services/deps.js';
import type { Notifier } from '../../src/services/ports.js';
import { fakeClock } from '../support/fakeClock.js';
import { startFakeDiscord, type FakeDiscord, type InteractionResult } from '@leash-coach/fake-discord';
import {
  inspect,
  integrityCheck,
  killHard,
  spawnBot,
  startChildBot,
  tempDir,
  until,
  type ChildBot,
} from './support/childBot.js';

const OWNERS = 50;
const SCHEMA_TABLES = [
  'cats',
  'check_in_sends',
  'digest_sends',
  'guild_settings',
  'outbox',
  'owner_guilds',
  'owners',
  'pauses',
  'sessions',
  'shared_wins',
  'skips',
  'stage_changes',
];

let fake: FakeDiscord;
let dir: ReturnType<typeof tempDir>;
let dbPath: string;
let guildId: string;
let running: ChildBot | undefined;

beforeAll(async () => {
  // Discord's global limit (50/s) keeps the fan-out long enough to be cut in the middle, as in production.
  fake = await startFakeDiscord({
    rateLimits: { globalPerSecond: 50, dmCreate: { limit: 1000, windowMs: 1000 } },
    timeoutMs: 10_000,
  });
  guildId = fake.addGuild({ name: 'Cat Club' }).id;
  dir = tempDir('leash-crash-');
  dbPath = `${dir.path}/coach.db`;
});

afterAll(async () => {
  if (running) await killHard(running);
  await fake.close();
  dir.remove();
});

const tables = (): string[] =>
  inspect(dbPath, (db) =>
    (
      db
        .prepare(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '\\_\\_%' ESCAPE '\\' ORDER BY name",
        )
        .all() as { name: string }[]
    ).map((r) => r.name),
  );

it('survives SIGKILL during migrations, /log and a 50-owner check-in fan-out, losing and repeating nothing', async () => {
  // ---- 1. Killed during start-up migrations: the next start finds either nothing or the whole schema.
  const first = spawnBot({ fake, databasePath: dbPath });
  const { existsSync } = await import('node:fs');
  await until(() => existsSync(dbPath), 'the database file to be created');
  await killHard(first);
  // Whatever the kill interrupted, the file holds either no schema or all of it (one transaction).
  const found = tables();
  expect(found.length === 0 || SCHEMA_TABLES.every((t) => found.includes(t))).toBe(true);

  running = await startChildBot({ fake, databasePath: dbPath });
  expect(tables()).toEqual(expect.arrayContaining(SCHEMA_TABLES));
  // Every committed migration applied, each once.
  expect(inspect(dbPath, (db) => db.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get())).toEqual(
    { n: readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER }).length },
  );
  expect(integrityCheck(dbPath)).toBe('ok');

  // ---- 2. Killed during a burst of /log: every acknowledged log is stored.
  const users = Array.from({ length: 6 }, (_, i) => fake.user(`30000000000000000${i}`, `owner${i}`));
  for (const user of users) {
    const added = await fake.command({
      name: 'cat',
      subcommand: 'add',
      user,
      guildId,
      options: { name: `Mochi${user.id.slice(-1)}` },
    });
    expect(added.type).toBe(4);
  }
  const acknowledged: string[] = [];
  const sent: Promise<InteractionResult | undefined>[] = [];
  const bot = running;
  for (let i = 0; i < 18; i++) {
    const user = users[i % users.length];
    if (!user) throw new Error('no user');
    const what = `crashlog${i} sniffed the harness and took a treat`;
    sent.push(
      fake
        .command({ name: 'log', user, guildId, options: { what, minutes: 3 }, timeoutMs: 4_000 })
        .then((result) => {
          // The reply is the acknowledgement: it reads back what was logged.
          if (result.type === 4) acknowledged.push(what);
          if (acknowledged.length === 5) bot.signal('SIGKILL');
          return result;
        })
        .catch(() => undefined),
    );
  }
  await bot.exited;
  await Promise.all(sent);
  expect(acknowledged.length).toBeGreaterThanOrEqual(5);

  running = await startChildBot({ fake, databasePath: dbPath });
  const stored = inspect(dbPath, (db) =>
    (db.prepare('SELECT raw_text FROM sessions').all() as { raw_text: string }[]).map((r) => r.raw_text),
  );
  for (const what of acknowledged) expect(stored).toContain(what);
  // Nothing half-written: each stored session moved its cat's last_session_at.
  expect(
    inspect(dbPath, (db) =>
      db
        .prepare(
          'SELECT count(*) AS n FROM sessions s JOIN cats c ON c.id = s.cat_id WHERE c.last_session_at IS NULL OR c.last_session_at < s.at',
        )
        .get(),
    ),
  ).toEqual({ n: 0 });
  expect(integrityCheck(dbPath)).toBe('ok');
  await killHard(running);
  running = undefined;

  // ---- 3. 50 owners due now (real clock in the child), some with sends interrupted before this start.
  const now = Date.now();
  const owners = Array.from({ length: OWNERS }, (_, i) => `4000000000000000${String(i).padStart(2, '0')}`);
  const rest = new REST({ api: fake.apiBase, handlerSweepInterval: 0, hashSweepInterval: 0 }).setToken(
    fake.token,
  );
  const realNotifier = createDiscordNotifier(rest);
  const db = createDatabase(dbPath);
  const clock = fakeClock(new Date(now - 150_000));
  const deps = (notifier: Notifier): Deps => ({
    store: createSqliteStore(db),
    clock,
    logger: createLogger('silent'),
    notifier,
  });
  for (const [i, ownerId] of owners.entries()) {
    fake.user(ownerId, `fanout${i}`);
    await addCat(deps(realNotifier), { ownerId, name: `Cat${i}` });
    await setCheckIn(deps(realNotifier), { ownerId, time: '09:00', timezone: 'UTC' });
    // Owners 0–9 were due before the last (simulated) crash; the others come due now, after them.
    const due = i < 10 ? now - 180_000 + i * 1_000 : now - 20_000 + i;
    db.$client.prepare('UPDATE owners SET next_check_in_at = ? WHERE id = ?').run(due, ownerId);
  }
  // Owners 0–4: claimed and the DM landed, then the process died before recording it.
  const landed: Notifier = {
    sendDm: async (request) => {
      await realNotifier.sendDm(request);
      return new Promise(() => undefined);
    },
    postToChannel: () => new Promise(() => undefined),
    deletePost: () => new Promise(() => undefined),
    followUp: () => new Promise(() => undefined),
  };
  void runDueCheckIns(deps(landed), { batchSize: 5, maxBatches: 1, concurrency: 5 });
  await until(() => owners.slice(0, 5).every((id) => fake.dmsTo(id).length === 1), 'five landed sends');
  // Owners 5–9: claimed, then the process died before the DM went out.
  const lost: Notifier = {
    sendDm: () => new Promise(() => undefined),
    postToChannel: () => new Promise(() => undefined),
    deletePost: () => new Promise(() => undefined),
    followUp: () => new Promise(() => undefined),
  };
  void runDueCheckIns(deps(lost), { batchSize: 5, maxBatches: 1, concurrency: 5 });
  await new Promise((resolve) => setImmediate(resolve));
  expect(
    db.$client.prepare("SELECT count(*) AS n FROM check_in_sends WHERE status = 'claimed'").get(),
  ).toEqual({ n: 10 });
  closeDatabase(db);

  // ---- 4. The catch-up fan-out at boot is killed in the middle.
  const dmCount = (): number => owners.filter((id) => fake.dmsTo(id).length > 0).length;
  const fanout = spawnBot({ fake, databasePath: dbPath });
  running = fanout;
  await until(
    () => owners.slice(0, 10).every((id) => fake.dmsTo(id).length > 0) && dmCount() >= 25,
    'the fan-out to be half way',
  );
  await killHard(fanout);
  const reachedBeforeKill = dmCount();
  expect(reachedBeforeKill).toBeLessThan(OWNERS);

  // The kill left sends claimed but never recorded (some of them may have reached Discord).
  const interrupted = inspect(dbPath, (db) =>
    db.prepare("SELECT count(*) AS n FROM check_in_sends WHERE status = 'claimed'").get(),
  ) as { n: number };
  expect(interrupted.n).toBeGreaterThan(0);

  // Time passes (the dead process's leases run out 20 s after its last heartbeat): moved back here,
  // since the child's clock is real.
  inspect(dbPath, (db) => {
    db.prepare(
      "UPDATE owners SET next_check_in_at = next_check_in_at - 150000 WHERE id IN (SELECT owner_id FROM check_in_sends WHERE status = 'claimed')",
    ).run();
    db.prepare(
      "UPDATE check_in_sends SET claimed_at = claimed_at - 150000, lease_until = lease_until - 150000 WHERE status = 'claimed'",
    ).run();
  });

  // ---- 5. Restarted: the rest go out, interrupted ones are re-sent with their nonce, nothing shows twice.
  running = spawnBot({ fake, databasePath: dbPath });
  await running.waitForLog((l) => l.msg === 'job finished' && l.job === 'check-ins');
  for (const ownerId of owners) {
    const dms = fake.dmsTo(ownerId);
    expect({ ownerId, visible: dms.length }).toEqual({ ownerId, visible: 1 });
    expect(dms[0]?.nonce).toEqual(expect.any(String));
  }
  const rows = inspect(
    dbPath,
    (db) =>
      db.prepare('SELECT owner_id, status, error FROM check_in_sends ORDER BY owner_id').all() as {
        owner_id: string;
        status: string;
        error: string | null;
      }[],
  );
  expect(rows).toHaveLength(OWNERS);
  for (const row of rows) {
    // 'failed' only for a re-send that was itself interrupted: its message is already visible (checked above).
    if (row.status !== 'sent') {
      expect(row.status).toBe('failed');
      expect(row.error).toMatch(/^interrupted/);
    }
  }

  // ---- 6. A clean stop after all that: exit 0 and a sound file.
  running.signal('SIGTERM');
  expect(await running.exited).toEqual({ code: 0, signal: null });
  running = undefined;
  expect(integrityCheck(dbPath)).toBe('ok');
}, 90_000);
