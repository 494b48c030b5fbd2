/**
 * The two implementations of the storage port, for tests that must hold on both: SQLite (a fresh
 * in-memory database with the real migrations) and PostgreSQL (a database of its own on the run's test
 * server, cloned from the migrated template; see pgServer.ts). Besides the Store, a TestDatabase lets a
 * test arrange and inspect rows without caring which backend it runs on.
 */
import { randomUUID } from 'node:crypto';
import { getTableColumns, sql, type Column, type SQL } from 'drizzle-orm';
import pg from 'pg';
import { describe, inject, onTestFinished } from 'vitest';
import { openPgDatabase, type PgDb } from '../../src/db/pg/client.js';
import * as pgSchema from '../../src/db/pg/schema.js';
import { createPgStore } from '../../src/db/pg/store.js';
import type { Db } from '../../src/db/sqlite/client.js';
import * as sqliteSchema from '../../src/db/sqlite/schema.js';
import { createSqliteStore } from '../../src/db/sqlite/store.js';
import type { Store } from '../../src/services/store/store.js';
import { rowsPointingAt } from './rowCounts.js';
import { createTestDb } from './testDb.js';

export const BACKENDS = ['sqlite', 'postgres'] as const;
export type BackendName = (typeof BACKENDS)[number];

type Schema = typeof sqliteSchema;
export type TableName = {
  [K in keyof Schema]: Schema[K] extends { $inferSelect: unknown } ? K : never;
}[keyof Schema];
export type Row<K extends TableName> = Schema[K]['$inferSelect'];
export type NewRow<K extends TableName> = Schema[K]['$inferInsert'];

export interface TestDatabase {
  readonly backend: BackendName;
  readonly store: Store;
  /** The SQLite connection (the legacy `deps.db`); on PostgreSQL any use of it throws. */
  readonly sqlite: Db;
  /** Inserts rows as they are, bypassing the services (arranging a state the services would not make). */
  insert<K extends TableName>(table: K, values: NewRow<K> | NewRow<K>[]): Promise<void>;
  /** Sets columns in every row of the table (arranging a state the services would not make). */
  updateAll<K extends TableName>(table: K, changes: Partial<NewRow<K>>): Promise<void>;
  /** Every row of the table as drizzle maps it (the same shape on both backends), in insertion order. */
  rows<K extends TableName>(table: K): Promise<Row<K>[]>;
  /** Portable SQL (`?` placeholders); only text and integer columns read the same on both. */
  query<T = Record<string, unknown>>(text: string, ...params: unknown[]): Promise<T[]>;
  /** Row counts keyed `table.column` of rows whose column holds one of `values`, in every table (see rowCounts.ts). */
  rowsPointingAt(
    columns: readonly string[],
    values: readonly (string | number)[],
  ): Promise<Record<string, number>>;
  /** Another store on the same database, as a second process would have (PostgreSQL: its own pool). */
  secondStore(): Store;
  close(): Promise<void>;
}

function sqliteTable(table: TableName) {
  return sqliteSchema[table] as unknown as Parameters<Db['insert']>[0];
}
function pgTable(table: TableName) {
  return pgSchema[table] as unknown as Parameters<PgDb['insert']>[0];
}

function openSqlite(): TestDatabase {
  const db = createTestDb();
  return {
    backend: 'sqlite',
    store: createSqliteStore(db),
    sqlite: db,
    insert: (table, values) => {
      db.insert(sqliteTable(table))
        .values(values as never)
        .run();
      return Promise.resolve();
    },
    updateAll: (table, changes) => {
      db.update(sqliteTable(table)).set(changes).run();
      return Promise.resolve();
    },
    rows: <K extends TableName>(table: K) =>
      Promise.resolve(db.select().from(sqliteTable(table)).all() as unknown as Row<K>[]),
    query: <T>(text: string, ...params: unknown[]) =>
      Promise.resolve(
        /^\s*select/i.test(text)
          ? (db.$client.prepare(text).all(...params) as T[])
          : (db.$client.prepare(text).run(...params), []),
      ),
    rowsPointingAt: (columns, values) => Promise.resolve(rowsPointingAt(db.$client, columns, values)),
    secondStore: () => createSqliteStore(db),
    close: () => {
      db.$client.close();
      return Promise.resolve();
    },
  };
}

/** Throws on any use: a test that reads SQLite directly says so instead of passing on an empty database. */
const NO_SQLITE: Db = new Proxy(
  // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- a stand-in that only throws
  {} as Db,
  {
    get(_target, property) {
      throw new Error(`deps.db.${String(property)}: this test runs on PostgreSQL; use deps.data instead.`);
    },
  },
);

/** `?` placeholders as $1, $2, … */
function numbered(text: string): string {
  let n = 0;
  return text.replace(/\?/g, () => `$${String(++n)}`);
}

/**
 * A new database on the run's test server: a clone of the migrated template, or (`empty`) one with no
 * tables at all, for tests of the migrator. Resolves to its URL.
 */
export async function createPgTestDatabase(options: { readonly empty?: boolean } = {}): Promise<string> {
  const adminUrl = inject('pgAdminUrl');
  const name = `t_${randomUUID().replaceAll('-', '')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(
      `CREATE DATABASE ${name} TEMPLATE ${options.empty === true ? 'template0' : inject('pgTemplate')}`,
    );
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function openPostgres(poolSize = 4): Promise<TestDatabase> {
  const url = await createPgTestDatabase();
  const pools: PgDb[] = [];
  const open = () => {
    const db = openPgDatabase(url, { poolSize });
    pools.push(db);
    return db;
  };
  const db = open();
  const orderOf = (table: TableName): SQL => {
    const columns: readonly Column[] = Object.values(getTableColumns(pgSchema[table]));
    const keys = columns.filter((c) => c.primary);
    return sql.join(
      (keys.length ? keys : columns).map((c) => sql.identifier(c.name)),
      sql`, `,
    );
  };
  return {
    backend: 'postgres',
    store: createPgStore(db),
    sqlite: NO_SQLITE,
    insert: async (table, values) => {
      await db.insert(pgTable(table)).values(values as never);
    },
    updateAll: async (table, changes) => {
      await db.update(pgTable(table)).set(changes);
    },
    rows: async <K extends TableName>(table: K) => {
      const rows: unknown = await db.select().from(pgTable(table)).orderBy(orderOf(table));
      return rows as Row<K>[];
    },
    query: async <T>(text: string, ...params: unknown[]) =>
      (await db.$client.query(numbered(text), params)).rows as T[],
    rowsPointingAt: async (columns, values) => {
      const found: Record<string, number> = {};
      if (values.length === 0) return found;
      const present = await db.$client.query<{ table_name: string; column_name: string }>(
        `SELECT table_name, column_name FROM information_schema.columns
         WHERE table_schema = current_schema() AND column_name = ANY($1) ORDER BY table_name, column_name`,
        [columns],
      );
      for (const { table_name: table, column_name: column } of present.rows) {
        const result = await db.$client.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM "${table}" WHERE "${column}"::text = ANY($1)`,
          [values.map(String)],
        );
        const n = result.rows[0]?.n ?? 0;
        if (n > 0) found[`${table}.${column}`] = n;
      }
      return found;
    },
    secondStore: () => createPgStore(open()),
    close: async () => {
      await Promise.all(pools.filter((p) => !p.$client.ended).map((p) => p.$client.end()));
    },
  };
}

export interface OpenOptions {
  /** Connections per pool (PostgreSQL). */
  readonly poolSize?: number;
  /** Close it when the current test ends (default); false for a database opened outside a test. */
  readonly closeWithTest?: boolean;
}

/** A fresh database on the backend; closed when the current test ends unless told otherwise. */
export async function openTestDatabase(
  backend: BackendName,
  options: OpenOptions = {},
): Promise<TestDatabase> {
  const data = backend === 'sqlite' ? openSqlite() : await openPostgres(options.poolSize);
  if (options.closeWithTest !== false) onTestFinished(() => data.close());
  return data;
}

/** Which backend the service tests of this project run on (vitest.config.ts provides it). */
export function currentBackend(): BackendName {
  return inject('backend');
}

/** The same tests on every backend: `forEachBackend((name, open) => { it(…, async () => { const db = await open(); … }) })`. */
export function forEachBackend(body: (name: BackendName, open: () => Promise<TestDatabase>) => void): void {
  for (const name of BACKENDS) {
    describe(`on ${name}`, () => {
      body(name, () => openTestDatabase(name));
    });
  }
}
