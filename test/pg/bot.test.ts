/**
 * The real bot (src/main.ts, in child processes) with DATABASE_URL: two processes start at once on an
 * empty database and migrate it once between them (the advisory lock); then a bot serves commands from
 * it (DATABASE_PATH ignored), and SIGTERM closes the pool and exits 0.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { startFakeDiscord, type FakeDiscord } from '@leash-coach/fake-discord';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { PG_MIGRATIONS_FOLDER } from '../../src/db/pg/client.js';
import { createPgTestDatabase } from '../support/backends.js';
import {
  killHard,
  spawnBot,
  startChildBot,
  tempDir,
  type ChildBot,
} from '../reliability/support/childBot.js';

let fake: FakeDiscord;
let guildId: string;
let dir: ReturnType<typeof tempDir>;
let running: ChildBot[] = [];

beforeAll(async () => {
  fake = await startFakeDiscord({ timeoutMs: 10_000 });
  guildId = fake.addGuild({ name: 'Cat Club' }).id;
  dir = tempDir('leash-pg-bot-');
});
afterEach(async () => {
  await Promise.all(running.map((bot) => killHard(bot)));
  running = [];
});
afterAll(async () => {
  await fake.close();
  dir.remove();
});

async function query<T extends pg.QueryResultRow>(
  url: string,
  text: string,
  values: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

it(
  'two processes start at once on an empty database, migrate it once, and serve commands from it',
  { timeout: 60_000 },
  async () => {
    const url = await createPgTestDatabase({ empty: true });
    const ignoredPath = join(dir.path, 'never-created.db');
    const bots = [0, 1].map(() => spawnBot({ fake, databasePath: ignoredPath, databaseUrl: url }));
    running = bots;
    await Promise.all(bots.map((bot) => bot.waitForLog((l) => l.msg === 'database ready (PostgreSQL)')));
    const applied = await query<{ n: number }>(
      url,
      'SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations',
    );
    expect(applied).toEqual([{ n: readMigrationFiles({ migrationsFolder: PG_MIGRATIONS_FOLDER }).length }]);
    // The fake Discord has one gateway connection: one bot serves the commands.
    await Promise.all(bots.map((bot) => killHard(bot)));
    const bot = await startChildBot({ fake, databasePath: ignoredPath, databaseUrl: url });
    running = [bot];
    expect(existsSync(ignoredPath)).toBe(false);

    const user = fake.user('500000000000000077', 'pg_owner');
    const added = await fake.command({
      name: 'cat',
      subcommand: 'add',
      user,
      guildId,
      options: { name: 'Mochi' },
    });
    expect((await added.reply()).content).toMatch(/Mochi/);
    const logged = await fake.command({
      name: 'log',
      user,
      guildId,
      options: { what: 'sniffed the harness calmly', cat: 'Mochi' },
    });
    await logged.reply();
    expect(await query(url, 'SELECT name FROM cats WHERE owner_id = $1', [user.id])).toEqual([
      { name: 'Mochi' },
    ]);
    expect(
      await query(
        url,
        'SELECT count(*)::int AS n FROM sessions JOIN cats ON cats.id = sessions.cat_id WHERE owner_id = $1',
        [user.id],
      ),
    ).toEqual([{ n: 1 }]);

    bot.signal('SIGTERM');
    expect(await bot.exited).toEqual({ code: 0, signal: null });
    expect(bot.logs.find((l) => l.msg === 'error while closing the database')).toBeUndefined();
    running = [];
    // The pool is closed: no connection of the bot is left on the server.
    const left = await query<{ n: number }>(
      url.replace(/\/[^/]+$/, '/postgres'),
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'leash-coach'",
    );
    expect(left).toEqual([{ n: 0 }]);
  },
);
