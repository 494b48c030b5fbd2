import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatTable, machine, type ItemResult } from './stats.js';

/** Environment variable through which bench/run.ts tells an item where to write its results. */
export const OUT_ENV = 'BENCH_OUT';

/**
 * Each item runs in its own process (spawned by bench/run.ts), so heaps, caches and timers of one
 * item never colour another's figures. Run directly (`npx tsx bench/<item>.ts`) it prints its rows;
 * with the argument `pg` (`npx tsx bench/<item>.ts pg`) an item that has one runs its PostgreSQL variant.
 */
export function runWhenMain(
  moduleUrl: string,
  run: () => Promise<ItemResult[]>,
  runPg?: () => Promise<ItemResult[]>,
): void {
  const entry = process.argv[1];
  if (entry === undefined || resolve(entry) !== fileURLToPath(moduleUrl)) return;
  const pg = process.argv[2] === 'pg';
  if (pg && runPg === undefined) throw new Error(`${entry} has no PostgreSQL variant`);
  (pg && runPg ? runPg : run)().then(
    (rows) => {
      const out = process.env[OUT_ENV];
      if (out) writeFileSync(out, JSON.stringify(rows));
      else {
        console.log(formatTable(rows));
        console.log(JSON.stringify({ machine: machine(), rows }, null, 2));
      }
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
