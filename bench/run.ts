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
import { OUT_ENV } from './lib/item.js';
import { fmt, formatTable, machine, type ItemResult } from './lib/stats.js';

const ITEMS = [
  { file: 'bench/log.ts', item: '1', timeoutS: 120 },
  { file: 'bench/progress.ts', item: '2', timeoutS: 60 },
  { file: 'bench/parse.ts', item: '3', timeoutS: 60 },
  { file: 'bench/due.ts', item: '4', timeoutS: 90 },
  { file: 'bench/fanout.ts', item: '5', timeoutS: 200 },
  { file: 'bench/rateLimited.ts', item: '6', timeoutS: 90 },
  { file: 'bench/memory.ts', item: '7', timeoutS: 120 },
  { file: 'bench/startup.ts', item: '8', timeoutS: 90 },
];

function runItem(file: string, timeoutS: number): Promise<ItemResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-'));
  const out = join(dir, 'rows.json');
  return new Promise<ItemResult[]>((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', file], {
      cwd: ROOT,
      env: { ...process.env, [OUT_ENV]: out },
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
  // `npm run bench -- 4 5 7` runs only those items (and still writes results.json with their rows).
  const only = process.argv.slice(2);
  const selected = only.length === 0 ? ITEMS : ITEMS.filter((i) => only.includes(i.item));
  if (selected.length === 0) throw new Error(`no bench item among: ${only.join(' ')}`);
  for (const { file, item, timeoutS } of selected) {
    const t = performance.now();
    const loadBefore = machine().loadavg;
    process.stdout.write(`item ${item} (${file}) … `);
    try {
      const result = await runItem(file, timeoutS);
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

void main();
