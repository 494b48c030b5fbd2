/**
 * npm run bench: builds (or reuses) the bench databases, runs every item in its own process, prints the
 * figures beside their targets and writes bench/results.json. See README.md, "Performance".
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './lib/child.js';
import { ensureCoachDataset, ensureOwnersDataset, removeWorkDir } from './lib/dataset.js';
import type { PgServer } from '../scripts/lib/pgServer.js';
import { OUT_ENV } from './lib/item.js';
import { ensurePgDataset, pgMissingReason, PG_URL_ENV, startBenchPgServer } from './lib/pg.js';
import { fmt, formatTable, machine, type ItemResult } from './lib/stats.js';

interface Item {
  readonly file: string;
  readonly item: string;
  readonly timeoutS: number;
  /** The item's PostgreSQL variant (`<file> pg`), run on the bench's PostgreSQL server. */
  readonly pg?: true;
}

const ITEMS: readonly Item[] = [
  { file: 'bench/log.ts', item: '1', timeoutS: 120 },
  { file: 'bench/log.ts', item: '1pg', timeoutS: 120, pg: true },
  { file: 'bench/progress.ts', item: '2', timeoutS: 60 },
  { file: 'bench/progress.ts', item: '2pg', timeoutS: 60, pg: true },
  { file: 'bench/parse.ts', item: '3', timeoutS: 60 },
  { file: 'bench/due.ts', item: '4', timeoutS: 90 },
  { file: 'bench/due.ts', item: '4pg', timeoutS: 90, pg: true },
  { file: 'bench/fanout.ts', item: '5', timeoutS: 200 },
  { file: 'bench/fanout.ts', item: '5pg', timeoutS: 120, pg: true },
  { file: 'bench/rateLimited.ts', item: '6', timeoutS: 90 },
  { file: 'bench/memory.ts', item: '7', timeoutS: 120 },
  { file: 'bench/startup.ts', item: '8', timeoutS: 90 },
  { file: 'bench/multiProcess.ts', item: '9', timeoutS: 300, pg: true },
];

function runItem(
  file: string,
  timeoutS: number,
  args: readonly string[],
  env: Record<string, string>,
): Promise<ItemResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-'));
  const out = join(dir, 'rows.json');
  return new Promise<ItemResult[]>((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', file, ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env, [OUT_ENV]: out },
      stdio: ['ignore', 'inherit', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-3000);
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
    }, timeoutS * 1000);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      try {
        if (code !== 0)
          throw new Error(
            `exit ${String(code ?? signal)}: ${stderr.trim().split('\n').slice(-6).join(' | ')}`,
          );
        resolve(JSON.parse(readFileSync(out, 'utf8')) as ItemResult[]);
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}

async function main(): Promise<void> {
  const started = performance.now();
  const before = machine();
  console.log(
    `bench on ${before.cpu}, ${before.cores} cores, ${before.memoryGb} GB, Node ${before.node}, load ${before.loadavg.join(' ')}`,
  );
  const coach = ensureCoachDataset();
  const owners = ensureOwnersDataset();
  console.log(
    `datasets: coach ${coach.fresh ? `built in ${fmt(coach.ms / 1000)} s` : 'cached'}, 1M owners ${owners.fresh ? `built in ${fmt(owners.ms / 1000)} s` : 'cached'}`,
  );
  const rows: ItemResult[] = [];
  const perItem: { item: string; seconds: number; loadBefore: readonly number[] }[] = [];
  // `npm run bench -- 4 5 7` runs only those items, each with its PostgreSQL variant (`4pg` alone: only
  // that one; `pg`: every PostgreSQL variant), and still writes results.json with their rows.
  const only = process.argv.slice(2);
  const selected =
    only.length === 0
      ? ITEMS
      : ITEMS.filter(
          (i) =>
            only.includes(i.item) ||
            (i.pg === true && (only.includes('pg') || only.includes(i.item.replace(/pg$/, '')))),
        );
  if (selected.length === 0) throw new Error(`no bench item among: ${only.join(' ')}`);
  // One PostgreSQL server for the whole run, its datasets copied in once; stopped at the end, on failure
  // and on Ctrl-C. Without PostgreSQL the pg rows say why they were skipped and the rest runs as before.
  const pg = selected.some((i) => i.pg === true) ? await startPg() : undefined;
  try {
    for (const { file, item, timeoutS, pg: onPg } of selected) {
      if (onPg === true && (pg === undefined || 'skipped' in pg)) {
        const reason = pg !== undefined && 'skipped' in pg ? pg.skipped : 'not selected';
        rows.push({
          item,
          what: `${file} on PostgreSQL`,
          setting: '',
          figure: `skipped: ${reason}`,
          target: '',
          met: null,
        });
        console.log(`item ${item} (${file} pg) … skipped: ${reason}`);
        continue;
      }
      await runOne(
        file,
        item,
        timeoutS,
        onPg === true && pg !== undefined && 'socketUrl' in pg ? pg.socketUrl : null,
      );
    }
  } finally {
    if (pg !== undefined && 'stop' in pg) pg.stop();
  }

  async function runOne(file: string, item: string, timeoutS: number, pgUrl: string | null): Promise<void> {
    const t = performance.now();
    const loadBefore = machine().loadavg;
    process.stdout.write(`item ${item} (${file}${pgUrl === null ? '' : ' pg'}) … `);
    try {
      const result = await runItem(
        file,
        timeoutS,
        pgUrl === null ? [] : ['pg'],
        pgUrl === null ? {} : { [PG_URL_ENV]: pgUrl },
      );
      rows.push(...result);
      console.log(
        result.map((r) => `${r.figure} [${r.met === null ? '–' : r.met ? 'met' : 'MISSED'}]`).join('; '),
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      rows.push({
        item,
        what: file,
        setting: '',
        figure: `failed: ${message.slice(0, 200)}`,
        target: '',
        met: false,
      });
      console.log(`FAILED: ${message}`);
    }
    perItem.push({ item, seconds: (performance.now() - t) / 1000, loadBefore });
  }
  removeWorkDir();
  const after = machine();
  const seconds = (performance.now() - started) / 1000;
  console.log(`\n${formatTable(rows)}\n`);
  console.log(
    `machine: ${after.cpu}, ${after.cores} cores, Node ${after.node}; load average at start ${before.loadavg.join(' ')}, at end ${after.loadavg.join(' ')}; total ${fmt(seconds)} s`,
  );
  writeFileSync(
    join(ROOT, 'bench', 'results.json'),
    `${JSON.stringify({ at: new Date().toISOString(), machine: { ...after, loadavgAtStart: before.loadavg }, seconds, perItem, rows }, null, 2)}\n`,
  );
  console.log('wrote bench/results.json');
}

/** The bench's PostgreSQL server with both datasets copied in, or why the pg rows are skipped. */
async function startPg(): Promise<PgServer | { skipped: string }> {
  const missing = pgMissingReason();
  if (missing !== null) {
    console.log(`PostgreSQL: ${missing}; the pg rows are skipped`);
    return { skipped: missing };
  }
  let server: PgServer;
  try {
    server = await startBenchPgServer();
  } catch (error) {
    const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
    console.log(`PostgreSQL: could not start a server (${message}); the pg rows are skipped`);
    return { skipped: `could not start PostgreSQL: ${message.slice(0, 160)}` };
  }
  process.once('exit', server.stop);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      server.stop();
      process.exit(130);
    });
  }
  try {
    const t = performance.now();
    const coach = await ensurePgDataset(server.adminUrl, 'coach');
    const owners = await ensurePgDataset(server.adminUrl, 'owners1m');
    console.log(
      `PostgreSQL 15 (unix socket): coach copied in ${fmt(coach.ms / 1000)} s, 1M owners in ${fmt(owners.ms / 1000)} s (total ${fmt((performance.now() - t) / 1000)} s)`,
    );
    return server;
  } catch (error) {
    server.stop();
    const message = error instanceof Error ? error.message : String(error);
    console.log(`PostgreSQL: copying the datasets failed (${message}); the pg rows are skipped`);
    return { skipped: `dataset copy failed: ${message.slice(0, 160)}` };
  }
}

void main();
