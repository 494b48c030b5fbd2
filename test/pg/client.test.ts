import { readFileSync } from 'node:fs';
import { getTableName, is } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { DatabaseError } from '../../src/db/databaseError.js';
import { createPgDatabase } from '../../src/db/pg/client.js';
import * as pgSchema from '../../src/db/pg/schema.js';
import { migrateDatabase } from '../../scripts/migrate.js';
import { createPgTestDatabase } from '../support/backends.js';

async function run(url: string, text: string): Promise<pg.QueryResultRow[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<pg.QueryResultRow>(text)).rows;
  } finally {
    await client.end();
  }
}

describe('the PostgreSQL client', () => {
  it('npm run migrate brings an empty database up to date, and a second run changes nothing', async () => {
    const url = await createPgTestDatabase({ empty: true });
    expect(await migrateDatabase({ kind: 'postgres', url })).toMatch(/is up to date/);
    const tables = await run(
      url,
      "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1",
    );
    const declared = Object.values(pgSchema)
      .filter((v) => is(v, PgTable))
      .map((t) => getTableName(t))
      .sort();
    expect(tables.map((t) => String(t.name))).toEqual(declared);
    await migrateDatabase({ kind: 'postgres', url });
    const journal = JSON.parse(readFileSync('drizzle-pg/meta/_journal.json', 'utf8')) as {
      entries: unknown[];
    };
    expect(await run(url, 'SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations')).toEqual([
      { n: journal.entries.length },
    ]);
  });

  it('refuses a database migrated by a newer version of the bot, saying so', async () => {
    const url = await createPgTestDatabase();
    await run(
      url,
      `INSERT INTO drizzle.__drizzle_migrations (hash, created_at) VALUES ('future', ${String(Date.now() + 86_400_000 * 365)})`,
    );
    const failure = createPgDatabase(url);
    await expect(failure).rejects.toThrow(DatabaseError);
    await expect(failure).rejects.toThrow(/newer version of the bot/);
  });

  it('says which server it could not reach, without the password', async () => {
    const failure = createPgDatabase('postgres://coach:hunter2@127.0.0.1:1/coach');
    await expect(failure).rejects.toThrow(DatabaseError);
    await expect(failure).rejects.toThrow(
      /postgres:\/\/coach:\*\*\*@127\.0\.0\.1:1\/coach.*Check DATABASE_URL/,
    );
    await expect(failure).rejects.not.toThrow(/hunter2/);
  });
});
