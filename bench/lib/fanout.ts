/** Shared by items 5 and 6: a database of owners whose check-in is due now, and the bot's check-in deps. */
import { createSqliteStore } from '../../src/db/sqlite/store.js';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../../src/clock.js';
import { closeDatabase, createDatabase, openDatabase, type Db } from '../../src/db/sqlite/client.js';
import { createClient, notifierFor } from '../../src/discord/bot.js';
import { repeatSafeRequests } from '../../src/discord/restPolicy.js';
import { createLogger } from '../../src/logger.js';
import type { Deps } from '../../src/services/deps.js';
import type { Store } from '../../src/services/store/store.js';
import type { PgDb } from '../../src/db/pg/client.js';
import { CAT_NAMES, catNamesOf, ownerId, WORK_DIR } from './dataset.js';

export interface MovableClock extends Clock {
  set(at: Date): void;
}

export function movableClock(start: Date): MovableClock {
  let t = start.getTime();
  return {
    now: () => new Date(t),
    set(at) {
      t = at.getTime();
    },
  };
}

/**
 * A fresh migrated file with `count` owners (UTC, one cat each) whose check-in fell due 30 s before `now`,
 * active yesterday (so today's DM is a plain check-in). `dmChannel(i)` pre-stores a DM channel id.
 */
export function seedDueOwners(
  name: string,
  count: number,
  now: Date,
  dmChannel: (i: number) => string | null = () => null,
): string {
  mkdirSync(WORK_DIR, { recursive: true });
  const path = join(WORK_DIR, `${name}.db`);
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
  const db = createDatabase(path);
  const raw = db.$client;
  const due = now.getTime() - 30_000;
  const hhmm = new Date(due).toISOString().slice(11, 16);
  const owner = raw.prepare(
    `INSERT INTO owners (id, timezone, check_in_time, next_check_in_at, dm_channel_id, last_activity_at, created_at)
     VALUES (?, 'UTC', ?, ?, ?, ?, ?)`,
  );
  const cat = raw.prepare(
    `INSERT INTO cats (owner_id, name, name_key, stage, stage_since, milestones, created_at)
     VALUES (?, ?, ?, 'harness_wear', ?, '[]', ?)`,
  );
  raw.transaction(() => {
    for (let i = 0; i < count; i++) {
      const since = due - 30 * 86_400_000;
      owner.run(ownerId(i), hhmm, due, dmChannel(i), due - 86_400_000, since);
      const [catName] = catNamesOf(i);
      cat.run(ownerId(i), catName, catName.toLowerCase(), since, since);
    }
  })();
  closeDatabase(db);
  return path;
}

/** The bot's check-in dependencies over a real discord.js client (REST only) pointed at the fake. */
export function checkInDeps(
  path: string,
  apiBase: string,
  token: string,
  clock: Clock,
  options: { clientGlobalLimit?: boolean } = {},
) {
  const db: Db = openDatabase(path);
  const { deps, close } = checkInDepsOver(createSqliteStore(db), apiBase, token, clock, options);
  return {
    deps,
    db,
    close: async (): Promise<void> => {
      await close();
      closeDatabase(db);
    },
  };
}

/** As checkInDeps, over any Store (the caller closes its database). */
export function checkInDepsOver(
  store: Store,
  apiBase: string,
  token: string,
  clock: Clock,
  options: { clientGlobalLimit?: boolean } = {},
) {
  const client = createClient({ restBase: apiBase });
  client.rest.setToken(token);
  if (options.clientGlobalLimit === false) {
    // discord.js holds every bot to Discord's 50 requests/s on its own side. Against a server without
    // limits that would measure the limiter, not the bot: lift it (item 5 only).
    // The bot also paces itself to 50 per rolling second (src/discord/paceRequests.ts): keep only the
    // rest of its request stack.
    const options = client.rest.options as { globalRequestsPerSecond: number; makeRequest: unknown };
    options.globalRequestsPerSecond = 1e9;
    options.makeRequest = repeatSafeRequests();
  }
  const deps: Deps = {
    store,
    clock,
    logger: createLogger('silent'),
    notifier: notifierFor(client),
  };
  return {
    deps,
    close: async (): Promise<void> => {
      await client.destroy();
    },
  };
}

/** seedDueOwners on PostgreSQL: the same owners and cats, generated in two INSERT … generate_series. */
export async function seedDueOwnersPg(db: PgDb, count: number, now: Date): Promise<void> {
  const due = now.getTime() - 30_000;
  const hhmm = new Date(due).toISOString().slice(11, 16);
  const since = new Date(due - 30 * 86_400_000);
  await db.$client.query(
    `INSERT INTO owners (id, timezone, check_in_time, next_check_in_at, last_activity_at, created_at)
     SELECT '31' || lpad(i::text, 16, '0'), 'UTC', $2, $3, $4, $5 FROM generate_series(0, $1 - 1) AS i`,
    [count, hhmm, new Date(due), new Date(due - 86_400_000), since],
  );
  await db.$client.query(
    `INSERT INTO cats (owner_id, name, name_key, stage, stage_since, milestones, created_at)
     SELECT '31' || lpad(i::text, 16, '0'), n, lower(n), 'harness_wear', $3, '[]'::jsonb, $3
     FROM generate_series(0, $1 - 1) AS i, LATERAL (SELECT ($2::text[])[i % array_length($2::text[], 1) + 1] AS n) AS c`,
    [count, [...CAT_NAMES], since],
  );
  await db.$client.query('ANALYZE');
}

export async function sendsByStatusPg(db: PgDb): Promise<Record<string, number>> {
  const { rows } = await db.$client.query<{ status: string; n: string }>(
    'SELECT status, COUNT(*) AS n FROM check_in_sends GROUP BY status',
  );
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

export function sendsByStatus(path: string): Record<string, number> {
  const db = openDatabase(path);
  try {
    const rows = db.$client
      .prepare('SELECT status, COUNT(*) AS n FROM check_in_sends GROUP BY status')
      .all() as { status: string; n: number }[];
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  } finally {
    closeDatabase(db);
  }
}
