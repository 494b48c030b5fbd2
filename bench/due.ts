/** Item 4: the owners whose check-in is due this minute among 1M: the indexed query vs scanning in JS. */
import { closePgDatabase } from '../src/db/pg/client.js';
import { createPgStore } from '../src/db/pg/store.js';
import { openDatabase } from '../src/db/sqlite/client.js';
import { dueQuery } from '../src/db/sqlite/checkIns.js';
import { createSqliteStore } from '../src/db/sqlite/store.js';
import { DUE_BASE, ensureOwnersDataset, OWNERS_1M, warmPageCache } from './lib/dataset.js';
import { runWhenMain } from './lib/item.js';
import { ensurePgDataset, pgWorkDatabase, withPgServer } from './lib/pg.js';
import { fmt, ms, settle, summarise, timeAsync, type ItemResult } from './lib/stats.js';

const QUERIES = 2_000;
const NAIVE_RUNS = 3;

/** The naive way: read every owner and work out, in JS with Intl, whether it is their check-in minute now. */
function naiveDue(
  rows: readonly { id: string; timezone: string | null; time: string | null; paused: number }[],
  now: Date,
): string[] {
  const formatters = new Map<string, Intl.DateTimeFormat>();
  const due: string[] = [];
  for (const row of rows) {
    if (row.time === null || row.timezone === null || row.paused !== 0) continue;
    let f = formatters.get(row.timezone);
    if (!f) {
      f = new Intl.DateTimeFormat('en-GB', {
        timeZone: row.timezone,
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      });
      formatters.set(row.timezone, f);
    }
    if (f.format(now) === row.time) due.push(row.id);
  }
  return due;
}

export async function run(): Promise<ItemResult[]> {
  const dataset = ensureOwnersDataset();
  warmPageCache(dataset.path);
  const db = openDatabase(dataset.path);
  try {
    // The tick one minute after every owner was scheduled: the owners due are those of this minute.
    const now = new Date(DUE_BASE.getTime() + 60_000);
    const limit = 100_000;
    // Through the store, as the tick calls it (a resolved promise per query).
    const { checkIns } = createSqliteStore(db);
    for (let i = 0; i < 200; i++) await checkIns.dueOwnerIds(now, limit);
    await settle();
    let dueCount = 0;
    const { wall: indexed, cpu } = await timeAsync(QUERIES, async () => {
      dueCount = (await checkIns.dueOwnerIds(now, limit)).length;
    });

    // Naive: every run re-reads all owners (it has no index to lean on) and formats local times.
    const naive: number[] = [];
    let naiveCount = 0;
    const scan = db.$client.prepare('SELECT id, timezone, check_in_time AS time, paused FROM owners');
    for (let i = 0; i < NAIVE_RUNS; i++) {
      const started = performance.now();
      const rows = scan.all() as {
        id: string;
        timezone: string | null;
        time: string | null;
        paused: number;
      }[];
      naiveCount = naiveDue(rows, now).length;
      naive.push(performance.now() - started);
    }
    const slow = summarise(naive);
    const plan = db.$client
      .prepare(`EXPLAIN QUERY PLAN ${dueQuery(db).toSQL().sql}`)
      .all(now.getTime(), limit) as { detail: string }[];
    return [
      {
        item: '4',
        what: 'owners due this minute (store.checkIns.dueOwnerIds)',
        setting: `${fmt(OWNERS_1M)} owners, ${dueCount} due; ${QUERIES} queries`,
        figure: `p50 ${ms(indexed.p50)}, p99 ${ms(indexed.p99)} (CPU p99 ${ms(cpu.p99)})`,
        target: '≤ 2 ms',
        met: indexed.p99 <= 2,
        details: { indexedMs: indexed, indexedCpuMs: cpu, dueCount, plan: plan.map((p) => p.detail) },
      },
      {
        item: '4b',
        what: 'same, naive: scan all + Intl in JS',
        setting: `${fmt(OWNERS_1M)} owners, ${naiveCount} due; ${NAIVE_RUNS} runs`,
        figure: `p50 ${ms(slow.p50)}; ratio naive/indexed ×${fmt(slow.p50 / indexed.p50)}`,
        target: '(comparison)',
        met: null,
        details: { naiveMs: slow, naiveCount, sameAnswer: naiveCount === dueCount },
      },
    ];
  } finally {
    db.$client.close();
  }
}

/** Item 4 on PostgreSQL: the 1M owners copied into the bench server, the store's due query. */
export async function runPg(): Promise<ItemResult[]> {
  return withPgServer(async (adminUrl) => {
    const dataset = await ensurePgDataset(adminUrl, 'owners1m');
    const db = await pgWorkDatabase(adminUrl, 'due', dataset.template);
    try {
      const now = new Date(DUE_BASE.getTime() + 60_000);
      const limit = 100_000;
      const { checkIns } = createPgStore(db);
      for (let i = 0; i < 200; i++) await checkIns.dueOwnerIds(now, limit);
      await settle();
      let dueCount = 0;
      const { wall, cpu } = await timeAsync(QUERIES, async () => {
        dueCount = (await checkIns.dueOwnerIds(now, limit)).length;
      });
      const plan = await db.$client.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN SELECT id FROM owners WHERE next_check_in_at <= $1 ORDER BY next_check_in_at LIMIT $2 FOR NO KEY UPDATE SKIP LOCKED`,
        [now, limit],
      );
      return [
        {
          item: '4pg',
          what: 'owners due this minute (dueOwnerIds), PostgreSQL',
          setting: `${fmt(OWNERS_1M)} owners, ${dueCount} due; ${QUERIES} queries`,
          figure: `p50 ${ms(wall.p50)}, p99 ${ms(wall.p99)} (CPU p99 ${ms(cpu.p99)})`,
          target: '≤ 5 ms',
          met: wall.p99 <= 5,
          details: {
            indexedMs: wall,
            indexedCpuMs: cpu,
            dueCount,
            plan: plan.rows.map((r) => r['QUERY PLAN']),
            datasetCopiedMs: dataset.fresh ? Math.round(dataset.ms) : 'cached',
          },
        },
      ];
    } finally {
      await closePgDatabase(db);
    }
  });
}

runWhenMain(import.meta.url, run, runPg);
