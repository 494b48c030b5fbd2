import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { DatabaseError } from '../databaseError.js';
import * as schema from './schema.js';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/** The committed migrations, wherever this module runs from (src/ under tsx, dist/ when built). */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../../drizzle', import.meta.url));

export { DatabaseError };

/**
 * Opens (and creates) the SQLite file: WAL, foreign keys, a busy timeout for a second process.
 * synchronous = FULL: a commit is on disk before the bot answers "logged", even across a power cut
 * (NORMAL would only survive a process crash); the bot writes a few rows per interaction, so the fsync is cheap.
 */
export function openDatabase(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  reuseStatements(sqlite);
  return drizzle({ client: sqlite, schema });
}

/** Distinct SQL texts kept compiled; the bot has a few dozen queries, `inArray` lists add a few more. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * drizzle compiles every query afresh (sqlite3_prepare), which costs more than running the indexed
 * statement itself (bench item 5 profile: prepare was 13% of a check-in's CPU). Same SQL text → same
 * compiled statement, least recently used dropped first. A statement still iterating is never shared,
 * and raw mode (drizzle turns it on for mapped selects only) is reset on every reuse.
 */
function reuseStatements(sqlite: Database.Database): void {
  const prepare = sqlite.prepare.bind(sqlite);
  const cache = new Map<string, Database.Statement>();
  sqlite.prepare = ((source: string) => {
    const hit = cache.get(source);
    if (hit && !hit.busy) {
      cache.delete(source);
      cache.set(source, hit);
      if (hit.reader) hit.raw(false);
      return hit;
    }
    const statement = prepare(source);
    if (!hit) {
      cache.set(source, statement);
      if (cache.size > STATEMENT_CACHE_SIZE) {
        const oldest = cache.keys().next().value;
        if (oldest !== undefined) cache.delete(oldest);
      }
    }
    return statement;
  }) as Database.Database['prepare'];
}

/**
 * Checks the file, refuses a database written by newer code, then applies pending migrations
 * (drizzle runs them in one transaction, so a crash leaves the old schema intact).
 */
export function prepareDatabase(
  db: Db,
  migrationsFolder: string = MIGRATIONS_FOLDER,
  options: PrepareOptions = {},
): void {
  const sqlite = db.$client;
  if (options.integrityCheck !== 'deferred') assertIntact(sqlite.pragma('quick_check', { simple: true }));
  const known = readMigrationFiles({ migrationsFolder });
  const latestKnown = Math.max(0, ...known.map((m) => m.folderMillis));
  const hasTable = sqlite
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'")
    .get();
  if (hasTable) {
    const row = sqlite.prepare('SELECT MAX(created_at) AS latest FROM __drizzle_migrations').get() as
      { latest: number | null } | undefined;
    if (row?.latest != null && row.latest > latestKnown) {
      throw new DatabaseError(
        'The database was written by a newer version of the bot than this one. Update the bot, or point DATABASE_PATH at another file.',
      );
    }
  }
  migrate(db, { migrationsFolder });
}

export interface PrepareOptions {
  /** 'deferred': the caller runs checkIntegrityInBackground instead (large files, see shouldDeferIntegrityCheck). */
  readonly integrityCheck?: 'now' | 'deferred';
}

function assertIntact(check: unknown): void {
  if (check !== 'ok') {
    throw new DatabaseError(
      `The database file failed its integrity check (PRAGMA quick_check: ${String(check)}). Restore a backup (see README, "Reliability").`,
    );
  }
}

/** Up to this size the start-up check takes well under a second here (it reads the whole file). */
export const INLINE_CHECK_MAX_BYTES = 64 * 1024 * 1024;

/**
 * quick_check reads every page: ~2 s for a 400 MB file, which would hold up every start. After a clean
 * shutdown (the WAL was folded back and removed) a large file is checked in the background instead;
 * after a crash (a WAL is left over) or for a small file, it is checked before anything else.
 */
export function shouldDeferIntegrityCheck(path: string, maxInlineBytes = INLINE_CHECK_MAX_BYTES): boolean {
  if (path === ':memory:' || !existsSync(path)) return false;
  const wal = `${path}-wal`;
  const uncleanShutdown = existsSync(wal) && statSync(wal).size > 0;
  return !uncleanShutdown && statSync(path).size > maxInlineBytes;
}

const BETTER_SQLITE3 = createRequire(import.meta.url).resolve('better-sqlite3');

// CommonJS source for the check's own process: a read-only connection, the verdict on stdout.
const CHECK_SCRIPT = `
const Database = require(process.argv[1]);
const db = new Database(process.argv[2], { readonly: true, fileMustExist: true });
try { process.stdout.write(String(db.pragma('quick_check', { simple: true }))); } finally { db.close(); }
`;

/**
 * Runs PRAGMA quick_check in a short-lived child process; resolves when the file is intact and rejects
 * with the same DatabaseError as a start-up check otherwise. A child rather than a worker thread: a
 * worker's isolate and the pages it read stayed in the bot's RSS after it ended (~6 MB, bench item 7),
 * a child's go back to the system when it exits. `signal` stops it (shutdown before it is done).
 */
export function checkIntegrityInBackground(path: string, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['-e', CHECK_SCRIPT, BETTER_SQLITE3, path],
      { signal, maxBuffer: 1024 * 1024, windowsHide: true },
      (error, stdout, stderr) => {
        if (error) {
          const detail =
            stderr
              .trim()
              .split('\n')
              .find((line) => /Error/.test(line)) ?? error.message;
          reject(
            signal?.aborted
              ? new DatabaseError(`The integrity check of ${path} was stopped before it finished.`)
              : new DatabaseError(
                  `The database file ${path} is damaged or unreadable (${detail}). Restore a backup (see README, "Reliability").`,
                ),
          );
          return;
        }
        try {
          assertIntact(stdout.trim());
          resolve();
        } catch (failure) {
          reject(failure instanceof Error ? failure : new Error(String(failure)));
        }
      },
    );
  });
}

const DAMAGED = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB']);

/** SQLite's own "malformed"/"not a database" errors, said the way an operator can act on. */
function explainDamage(error: unknown, path: string): unknown {
  if (error instanceof Database.SqliteError && DAMAGED.has(error.code)) {
    return new DatabaseError(
      `The database file ${path} is damaged (${error.message}). Restore a backup (see README, "Reliability").`,
      { cause: error },
    );
  }
  return error;
}

/** A fresh, migrated database; ':memory:' for tests. `migrationsFolder` is for tests of the migrator. */
export function createDatabase(
  path: string,
  migrationsFolder: string = MIGRATIONS_FOLDER,
  options: PrepareOptions = {},
): Db {
  let db: Db;
  try {
    db = openDatabase(path);
  } catch (error) {
    throw explainDamage(error, path);
  }
  try {
    prepareDatabase(db, migrationsFolder, options);
  } catch (error) {
    db.$client.close();
    throw explainDamage(error, path);
  }
  return db;
}

/** Folds the WAL back into the main file (so a copy of the file alone is complete), then closes. */
export function closeDatabase(db: Db): void {
  if (!db.$client.open) return;
  try {
    db.$client.pragma('wal_checkpoint(TRUNCATE)');
  } catch {
    // Busy (another connection is reading): closing still leaves a consistent database plus its WAL.
  }
  db.$client.close();
}

/** A transaction handle; helpers that run inside or outside a transaction take a Queryable. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type Queryable = Db | Tx;
