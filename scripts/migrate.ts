/**
 * `npm run migrate`: applies the committed migrations to the bot's database by hand: PostgreSQL when
 * DATABASE_URL is set (under the same advisory lock as the bot's start, so it is safe while bots start),
 * else the SQLite file at DATABASE_PATH. The bot does the same on every start; this is for operators who
 * migrate before rolling out a new version. Refuses a database written by a newer version.
 */
import { pathToFileURL } from 'node:url';
import { loadDatabaseTarget, loadDotEnv, type DatabaseTarget } from '../src/config.js';
import { closePgDatabase, createPgDatabase, redactUrl } from '../src/db/pg/client.js';
import { closeDatabase, createDatabase } from '../src/db/sqlite/client.js';

/** Migrates the target; resolves to a line saying what was migrated. */
export async function migrateDatabase(target: DatabaseTarget): Promise<string> {
  if (target.kind === 'postgres') {
    const db = await createPgDatabase(target.url, { poolSize: 1, applicationName: 'leash-coach migrate' });
    await closePgDatabase(db);
    return `PostgreSQL database ${redactUrl(target.url)} is up to date.`;
  }
  closeDatabase(createDatabase(target.path));
  return `SQLite database ${target.path} is up to date.`;
}

async function main(): Promise<number> {
  try {
    loadDotEnv();
    process.stdout.write(`${await migrateDatabase(loadDatabaseTarget())}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await main();
}
