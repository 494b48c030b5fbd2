/**
 * The PostgreSQL side of the bench: one throwaway server (scripts/lib/pgServer.ts) per bench run, the
 * bench datasets copied into it from the SQLite files (the same rows on both backends), and a private
 * clone of a dataset per item (CREATE DATABASE … TEMPLATE).
 *
 * bench/run.ts starts the server once and hands its URL to the items in BENCH_PG_URL; an item run on
 * its own (`npx tsx bench/log.ts pg`) starts and stops its own.
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import { databaseUrl, pgMissingReason, startPgServer, type PgServer } from '../../scripts/lib/pgServer.js';
import { createPgDatabase, DEFAULT_POOL_SIZE, type PgDb } from '../../src/db/pg/client.js';
import { ensureCoachDataset, ensureOwnersDataset } from './dataset.js';

/** The admin URL of the bench's PostgreSQL server, set by bench/run.ts for its items. */
export const PG_URL_ENV = 'BENCH_PG_URL';

/** Settings of the bench server: fsync off as in the tests, caches sized for the 1M-row datasets. */
export function startBenchPgServer(): Promise<PgServer> {
  return startPgServer({
    maxConnections: 200,
    sharedBuffers: '512MB',
    settings: ['work_mem=16MB', 'maintenance_work_mem=256MB', 'max_wal_size=4GB', 'checkpoint_timeout=30min'],
  });
}

export { pgMissingReason };

/** Runs `fn` with the admin URL of the bench server: bench/run.ts's, else one started (and stopped) here. */
export async function withPgServer<T>(fn: (adminUrl: string) => Promise<T>): Promise<T> {
  const given = process.env[PG_URL_ENV];
  if (given) return fn(given);
  const server = await startBenchPgServer();
  process.once('exit', server.stop);
  const url = process.env.BENCH_PG_TCP === '1' ? server.adminUrl : server.socketUrl;
  try {
    process.env[PG_URL_ENV] = url;
    return await fn(url);
  } finally {
    server.stop();
  }
}

async function admin<T>(adminUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const BATCH = 20_000;

/** PostgreSQL's type of a column as an array cast name. */
function arrayType(dataType: string): string {
  switch (dataType) {
    case 'timestamp with time zone':
      return 'timestamptz';
    case 'boolean':
    case 'jsonb':
    case 'integer':
    case 'bigint':
    case 'text':
      return dataType;
    default:
      throw new Error(`bench copy: unhandled column type ${dataType}`);
  }
}

function convert(dataType: string, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (dataType === 'timestamp with time zone') return new Date(Number(value)).toISOString();
  if (dataType === 'boolean') return value !== 0;
  return value;
}

/**
 * Copies every table of a bench SQLite file into a migrated PostgreSQL database: batches of rows as one
 * INSERT … SELECT FROM unnest(arrays) each, foreign-key triggers off for the load (the generator keeps the
 * rows consistent), identity sequences moved past the copied ids, then VACUUM ANALYZE.
 */
async function copyFromSqlite(sqlitePath: string, url: string): Promise<Record<string, number>> {
  const db = await createPgDatabase(url, { poolSize: 1 });
  await db.$client.end();
  const source = new Database(sqlitePath, { readonly: true });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const counts: Record<string, number> = {};
  try {
    await client.query("SET session_replication_role = 'replica'");
    await client.query('SET synchronous_commit = off');
    // Parents before children.
    const order = ['owners', 'cats', 'sessions', 'stage_changes'];
    const tables = (
      await client.query<{ table_name: string }>(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
      )
    ).rows
      .map((r) => r.table_name)
      .sort((a, b) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99));
    for (const table of tables) {
      const n = (source.prepare(`SELECT COUNT(*) AS n FROM "${table}"`).get() as { n: number }).n;
      counts[table] = n;
      if (n === 0) continue;
      const columns = (
        await client.query<{ column_name: string; data_type: string }>(
          "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position",
          [table],
        )
      ).rows;
      const names = columns.map((c) => `"${c.column_name}"`).join(', ');
      const insert = `INSERT INTO "${table}" (${names}) OVERRIDING SYSTEM VALUE SELECT * FROM unnest(${columns
        .map((c, i) => `$${i + 1}::${arrayType(c.data_type)}[]`)
        .join(', ')})`;
      const rows = source.prepare(`SELECT ${names} FROM "${table}"`).raw(true);
      let batch: unknown[][] = columns.map(() => []);
      let size = 0;
      const flush = async () => {
        if (size === 0) return;
        await client.query(insert, batch);
        batch = columns.map(() => []);
        size = 0;
      };
      await client.query('BEGIN');
      for (const row of rows.iterate() as Iterable<unknown[]>) {
        for (let c = 0; c < columns.length; c++) {
          batch[c]?.push(convert(columns[c]?.data_type ?? '', row[c]));
        }
        if (++size >= BATCH) await flush();
      }
      await flush();
      await client.query('COMMIT');
      if (columns.some((c) => c.column_name === 'id' && c.data_type === 'integer')) {
        await client.query(
          `SELECT setval(pg_get_serial_sequence('"${table}"', 'id'), (SELECT MAX(id) FROM "${table}"))`,
        );
      }
    }
    await client.query('VACUUM ANALYZE');
  } finally {
    await client.end();
    source.close();
  }
  return counts;
}

export interface PgDataset {
  readonly template: string;
  readonly fresh: boolean;
  readonly ms: number;
}

/** The template database of a bench dataset on this server, copied from its SQLite file once. */
export async function ensurePgDataset(adminUrl: string, kind: 'coach' | 'owners1m'): Promise<PgDataset> {
  const template = `bench_${kind}`;
  const exists = await admin(
    adminUrl,
    async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [template])).rowCount === 1,
  );
  if (exists) return { template, fresh: false, ms: 0 };
  const sqlite = kind === 'coach' ? ensureCoachDataset() : ensureOwnersDataset();
  const started = performance.now();
  const loading = `${template}_loading`;
  await admin(adminUrl, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${loading}`);
    await c.query(`CREATE DATABASE ${loading}`);
  });
  await copyFromSqlite(sqlite.path, databaseUrl(adminUrl, loading));
  await admin(adminUrl, (c) => c.query(`ALTER DATABASE ${loading} RENAME TO ${template}`));
  return { template, fresh: true, ms: performance.now() - started };
}

/** A private copy of a dataset (or an empty migrated database) for one item, opened and migrated. */
export async function pgWorkDatabase(
  adminUrl: string,
  name: string,
  template: string | null,
  poolSize = DEFAULT_POOL_SIZE,
): Promise<PgDb> {
  const database = `work_${name}`;
  await admin(adminUrl, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${database}`);
    await c.query(`CREATE DATABASE ${database}${template === null ? '' : ` TEMPLATE ${template}`}`);
  });
  return createPgDatabase(databaseUrl(adminUrl, database), {
    poolSize,
    applicationName: `bench-${name}`,
  });
}
