/**
 * PostgreSQL (DATABASE_URL): a node-postgres pool through drizzle, migrated at start under an advisory lock
 * so that several processes starting at once apply each migration once.
 */
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { DatabaseError } from '../databaseError.js';
import * as schema from './schema.js';

export type PgDb = NodePgDatabase<typeof schema> & { $client: pg.Pool };

/** The committed PostgreSQL migrations, wherever this module runs from (src/ under tsx, dist/ when built). */
export const PG_MIGRATIONS_FOLDER = fileURLToPath(new URL('../../../drizzle-pg', import.meta.url));

/**
 * Connections per process. The bot's transactions are short (a few statements), so a handful serve many
 * interactions at once; several processes share the server's max_connections (100 by default).
 */
export const DEFAULT_POOL_SIZE = 10;

/** Any number fits: one key, shared by every process of the bot, chosen once ("leash" in ASCII). */
const MIGRATION_LOCK_KEY = 0x6c65_6173;

export interface PgOptions {
  readonly poolSize?: number;
  /** How the pool names itself in pg_stat_activity. */
  readonly applicationName?: string;
}

/** A pool (connections are opened on demand); timestamps are sent and read as UTC instants. */
export function openPgDatabase(url: string, options: PgOptions = {}): PgDb {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? DEFAULT_POOL_SIZE,
    application_name: options.applicationName ?? 'leash-coach',
    // A server that does not answer must not hold an interaction forever.
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client losing its connection (server restart) is dropped by the pool; without a listener
  // the 'error' event would crash the process.
  pool.on('error', () => undefined);
  return drizzle({ client: pool, schema });
}

/**
 * Refuses a database written by newer code, then applies pending migrations (drizzle runs them in one
 * transaction). Both happen under a session-level advisory lock held on one connection, so a second
 * process starting at the same moment waits, then finds nothing left to do.
 */
export async function preparePgDatabase(
  db: PgDb,
  migrationsFolder: string = PG_MIGRATIONS_FOLDER,
): Promise<void> {
  const known = readMigrationFiles({ migrationsFolder });
  const latestKnown = Math.max(0, ...known.map((m) => m.folderMillis));
  const client = await db.$client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      const exists = await client.query<{ name: string | null }>(
        "SELECT to_regclass('drizzle.__drizzle_migrations')::text AS name",
      );
      if (exists.rows[0]?.name != null) {
        const latest = await client.query<{ latest: string | null }>(
          'SELECT MAX(created_at)::text AS latest FROM drizzle.__drizzle_migrations',
        );
        const applied = latest.rows[0]?.latest;
        if (applied != null && Number(applied) > latestKnown) {
          throw new DatabaseError(
            'The database was written by a newer version of the bot than this one. Update the bot, or point DATABASE_URL at another database.',
          );
        }
      }
      await migrate(drizzle({ client, schema }), { migrationsFolder });
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    client.release();
  }
}

/** Opens and migrates; the pool is closed again if the database cannot be used. */
export async function createPgDatabase(
  url: string,
  options: PgOptions & { readonly migrationsFolder?: string } = {},
): Promise<PgDb> {
  const db = openPgDatabase(url, options);
  try {
    await preparePgDatabase(db, options.migrationsFolder);
    await db.execute(sql`SELECT 1`);
  } catch (error) {
    await db.$client.end();
    throw explainConnection(error, url);
  }
  return db;
}

/** Closes the pool once its clients are back (in-flight queries finish first). */
export async function closePgDatabase(db: PgDb): Promise<void> {
  if (!db.$client.ended) await db.$client.end();
}

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'DATABASE_URL';
  }
}

const CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'ETIMEDOUT',
  'EAI_AGAIN',
  '28P01',
  '3D000',
  '28000',
]);

/** A connection failure said the way an operator can act on (never with the password). */
function explainConnection(error: unknown, url: string): unknown {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  if (CONNECT_CODES.has(code) || (error instanceof Error && /timeout/i.test(error.message))) {
    const message = error instanceof Error ? error.message : String(error);
    return new DatabaseError(
      `Could not use the PostgreSQL database at ${redactUrl(url)} (${message}). Check DATABASE_URL and that the server is running.`,
      { cause: error },
    );
  }
  return error;
}

/** A transaction handle; area modules run on the pool or inside one. */
export type PgTx = Parameters<Parameters<PgDb['transaction']>[0]>[0];
export type PgQueryable = PgDb | PgTx;
