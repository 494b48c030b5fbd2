import { getTableName, is, Table } from 'drizzle-orm';
import { getTableConfig as pgConfig, PgTable } from 'drizzle-orm/pg-core';
import { getTableConfig as sqliteConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import * as pgSchema from '../../src/db/pg/schema.js';
import * as sqliteSchema from '../../src/db/sqlite/schema.js';

/** What both backends must agree on: tables, columns and their nullability, keys, indexes, foreign keys. */
interface Shape {
  readonly columns: Record<string, { notNull: boolean; primary: boolean; hasDefault: boolean }>;
  readonly primaryKey: string[];
  readonly indexes: string[];
  readonly foreignKeys: string[];
}

type Config = ReturnType<typeof pgConfig> | ReturnType<typeof sqliteConfig>;

function shapeOf(config: Config): Shape {
  const columns = Object.fromEntries(
    config.columns.map((c) => [c.name, { notNull: c.notNull, primary: c.primary, hasDefault: c.hasDefault }]),
  );
  const primaryKey = [
    ...config.columns.filter((c) => c.primary).map((c) => c.name),
    ...config.primaryKeys.flatMap((pk) => pk.columns.map((c) => c.name)),
  ];
  const indexes = config.indexes
    .map((i) => {
      const on = i.config.columns.map((c) => ('name' in c ? String(c.name) : '?')).join(',');
      return `${i.config.name ?? '?'}${i.config.unique ? ' unique' : ''} (${on})`;
    })
    .sort();
  const foreignKeys = config.foreignKeys
    .map((fk) => {
      const ref = fk.reference();
      return `${ref.columns.map((c) => c.name).join(',')} → ${getTableName(ref.foreignTable)}(${ref.foreignColumns.map((c) => c.name).join(',')}) on delete ${fk.onDelete ?? 'no action'}`;
    })
    .sort();
  return { columns, primaryKey, indexes, foreignKeys };
}

function unknownTable(table: Table, kind: string): never {
  throw new Error(`${getTableName(table)} is not a ${kind} table`);
}

function shapes(schema: Record<string, unknown>, kind: 'pg' | 'sqlite'): Record<string, Shape> {
  const tables = Object.values(schema).filter((v): v is Table => is(v, Table));
  return Object.fromEntries(
    tables.map((t) => [
      getTableName(t),
      shapeOf(is(t, PgTable) ? pgConfig(t) : is(t, SQLiteTable) ? sqliteConfig(t) : unknownTable(t, kind)),
    ]),
  );
}

describe('the PostgreSQL and SQLite schemas', () => {
  const pg = shapes(pgSchema, 'pg');
  const sqlite = shapes(sqliteSchema, 'sqlite');

  it('hold the same tables', () => {
    expect(Object.keys(pg).sort()).toEqual(Object.keys(sqlite).sort());
    expect(Object.keys(sqlite).length).toBeGreaterThan(5);
  });

  it.each(Object.keys(sqlite))(
    '%s: same columns, nullability, defaults, keys, indexes and foreign keys',
    (table) => {
      expect(pg[table]).toEqual(sqlite[table]);
    },
  );
});
