import type Database from 'better-sqlite3';

/**
 * Row counts keyed `table.column`, over every table of ours that has one of `columns`, of the rows whose
 * column holds one of `values` (compared as text, so ids of either type match). The deletion tests use
 * it to show that nothing about an owner, or their cats, is left anywhere, tables added later included.
 */
export function rowsPointingAt(
  sqlite: Database.Database,
  columns: readonly string[],
  values: readonly (string | number)[],
): Record<string, number> {
  const found: Record<string, number> = {};
  if (values.length === 0) return found;
  const tables = sqlite
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%'",
    )
    .pluck()
    .all() as string[];
  const placeholders = values.map(() => '?').join(', ');
  for (const table of tables) {
    const present = sqlite.prepare('SELECT name FROM pragma_table_info(?)').pluck().all(table) as string[];
    for (const column of columns) {
      if (!present.includes(column)) continue;
      const n = sqlite
        .prepare(`SELECT count(*) FROM "${table}" WHERE CAST("${column}" AS TEXT) IN (${placeholders})`)
        .pluck()
        .get(...values.map(String)) as number;
      if (n > 0) found[`${table}.${column}`] = n;
    }
  }
  return found;
}
