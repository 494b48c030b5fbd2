/**
 * The households migration on a database that already holds sessions (SQLite 0004_households, PostgreSQL
 * 0003_households): every session logged before it is the cat owner's.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  closePgDatabase,
  createPgDatabase,
  PG_MIGRATIONS_FOLDER,
  preparePgDatabase,
} from '../../src/db/pg/client.js';
import {
  closeDatabase,
  createDatabase,
  MIGRATIONS_FOLDER,
  prepareDatabase,
} from '../../src/db/sqlite/client.js';
import { createPgTestDatabase } from '../support/backends.js';

const dir = mkdtempSync(join(tmpdir(), 'households-migration-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A copy of `folder` that stops before the migration tagged `tag`. */
function migrationsBefore(folder: string, tag: string): string {
  const copy = join(dir, `${tag}-${Math.random().toString(36).slice(2)}`);
  cpSync(folder, copy, { recursive: true });
  const journalPath = join(copy, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
  const at = journal.entries.findIndex((e) => e.tag === tag);
  expect(at).toBeGreaterThan(0);
  writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, at) }));
  return copy;
}

const BEFORE = [
  "INSERT INTO owners (id, created_at) VALUES ('u1', 0), ('u2', 0)",
  "INSERT INTO cats (id, owner_id, name, name_key, stage, stage_since, created_at) VALUES (1, 'u1', 'Miso', 'miso', 'harness_scenery', 0, 0), (2, 'u2', 'Tofu', 'tofu', 'harness_scenery', 0, 0)",
  "INSERT INTO sessions (cat_id, at, local_date, raw_text, recognised, stage, outcome) VALUES (1, 0, '2026-11-25', 'sniffed', '[]', 'harness_scenery', 'good'), (2, 0, '2026-11-25', 'sniffed', '[]', 'harness_scenery', 'good')",
];

describe('the households migration', () => {
  it('on SQLite: sessions stored before it were logged by their cat’s owner', () => {
    const db = createDatabase(':memory:', migrationsBefore(MIGRATIONS_FOLDER, '0004_households'));
    try {
      for (const statement of BEFORE) db.$client.prepare(statement).run();
      prepareDatabase(db);
      expect(db.$client.prepare('SELECT cat_id, logged_by FROM sessions ORDER BY cat_id').all()).toEqual([
        { cat_id: 1, logged_by: 'u1' },
        { cat_id: 2, logged_by: 'u2' },
      ]);
    } finally {
      closeDatabase(db);
    }
  });

  it('on PostgreSQL: sessions stored before it were logged by their cat’s owner', async () => {
    const url = await createPgTestDatabase({ empty: true });
    const db = await createPgDatabase(url, {
      migrationsFolder: migrationsBefore(PG_MIGRATIONS_FOLDER, '0003_households'),
    });
    try {
      // The same rows, with PostgreSQL's instants.
      for (const statement of BEFORE)
        await db.$client.query(statement.replaceAll(/\b0\b/g, 'to_timestamp(0)'));
      await preparePgDatabase(db);
      const { rows } = await db.$client.query('SELECT cat_id, logged_by FROM sessions ORDER BY cat_id');
      expect(rows).toEqual([
        { cat_id: 1, logged_by: 'u1' },
        { cat_id: 2, logged_by: 'u2' },
      ]);
    } finally {
      await closePgDatabase(db);
    }
  });
});
