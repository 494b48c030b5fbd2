/**
 * Item 9: three bot processes on one PostgreSQL database.
 * 9a: 10,000 owners due in the same minute, the tick running in three processes at once against the
 *     local server without limits (in a process of its own): how long until every owner is claimed, and
 *     that no owner got two DMs.
 * 9b: 2,000 owners due (DM channels known, so one request each), the three processes sending through the
 *     shared REST proxy to the local server enforcing Discord's 50/s global limit: the time against the
 *     40 s floor, requests over the limit (the server's global 429s and its busiest second), lost DMs.
 */
import { startFakeDiscord } from '@leash-coach/fake-discord';
import { closePgDatabase, type PgDb } from '../src/db/pg/client.js';
import { freePort } from '../scripts/lib/freePort.js';
import { spawnTs } from './lib/child.js';
import { DATASET_NOW, ownerId } from './lib/dataset.js';
import { forkFakeDiscord } from './lib/fakeServer.js';
import { seedDueOwnersPg } from './lib/fanout.js';
import { runWhenMain } from './lib/item.js';
import { pgWorkDatabase, withPgServer } from './lib/pg.js';
import { fmt, type ItemResult } from './lib/stats.js';
import { forkTickWorker, type TickReport, type TickWorker, type TickWorkerSetup } from './lib/tickWorker.js';

const PROCESSES = 3;
const SPIKE_OWNERS = Number(process.env.BENCH_SPIKE_OWNERS ?? 10_000);
const PROXY_OWNERS = Number(process.env.BENCH_PROXY_OWNERS ?? 2_000);
const GLOBAL_PER_SECOND = 50;
const FLOOR_S = PROXY_OWNERS / GLOBAL_PER_SECOND;
const NOW = new Date(DATASET_NOW.getTime() + 3_600_000);

async function countClaims(db: PgDb): Promise<number> {
  const { rows } = await db.$client.query<{ n: number }>('SELECT count(*)::int AS n FROM check_in_sends');
  return rows[0]?.n ?? 0;
}

/** Runs one tick in every worker at once; resolves when each is done. Polls claims meanwhile. */
async function tickEverywhere(
  db: PgDb,
  workers: readonly TickWorker[],
  owners: number,
): Promise<{ reports: TickReport[]; claimsSeconds: number; seconds: number }> {
  const started = performance.now();
  let claimsSeconds = Number.NaN;
  const state = { polling: true };
  const poll = (async () => {
    while (state.polling) {
      if ((await countClaims(db)) >= owners) {
        claimsSeconds = (performance.now() - started) / 1000;
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  try {
    const reports = await Promise.all(workers.map((worker) => worker.run()));
    const seconds = (performance.now() - started) / 1000;
    state.polling = false;
    await poll;
    return { reports, claimsSeconds, seconds };
  } finally {
    state.polling = false;
  }
}

async function withWorkers<T>(setup: TickWorkerSetup, fn: (workers: TickWorker[]) => Promise<T>): Promise<T> {
  const workers = await Promise.all(Array.from({ length: PROCESSES }, () => forkTickWorker(setup)));
  try {
    return await fn(workers);
  } finally {
    await Promise.all(workers.map((worker) => worker.close()));
  }
}

const sum = (reports: readonly TickReport[], key: 'sent' | 'failed' | 'resent' | 'alreadyClaimed') =>
  reports.reduce((total, r) => total + r.summary[key], 0);

async function spike(adminUrl: string): Promise<ItemResult> {
  const db = await pgWorkDatabase(adminUrl, 'spike', null);
  const fake = await forkFakeDiscord();
  try {
    await seedDueOwnersPg(db, SPIKE_OWNERS, NOW);
    const setup = {
      databaseUrl: db.$client.options.connectionString ?? '',
      restBase: fake.apiBase,
      token: fake.token,
      startAt: NOW.toISOString(),
      unlimitedClient: true,
    };
    const run = await withWorkers(setup, (workers) => tickEverywhere(db, workers, SPIKE_OWNERS));
    const tally = await fake.tally(Array.from({ length: SPIKE_OWNERS }, (_, i) => ownerId(i)));
    const claimed = await countClaims(db);
    const perProcess = run.reports.map((r) => r.summary.sent);
    return {
      item: '9a',
      what: `check-in spike, ${String(PROCESSES)} processes on one PostgreSQL`,
      setting: `${fmt(SPIKE_OWNERS)} owners due in the same minute; local server without limits, own process`,
      figure: `all claimed in ${fmt(run.claimsSeconds)} s, all sent in ${fmt(run.seconds)} s (per process ${perProcess.map(fmt).join(' / ')}); ${String(tally.duplicates)} dup, ${String(tally.missing)} missing`,
      target: 'claims ≤ 5 s, 0 duplicates',
      met:
        run.claimsSeconds <= 5 && tally.duplicates === 0 && tally.missing === 0 && claimed === SPIKE_OWNERS,
      details: {
        claimsSeconds: run.claimsSeconds,
        seconds: run.seconds,
        claimed,
        sent: sum(run.reports, 'sent'),
        failed: sum(run.reports, 'failed'),
        alreadyClaimed: sum(run.reports, 'alreadyClaimed'),
        reports: run.reports,
        server: tally,
      },
    };
  } finally {
    await fake.close();
    await closePgDatabase(db);
  }
}

async function throughProxy(adminUrl: string): Promise<ItemResult> {
  const db = await pgWorkDatabase(adminUrl, 'proxy', null);
  const fake = await startFakeDiscord({ rateLimits: { globalPerSecond: GLOBAL_PER_SECOND } });
  const port = await freePort();
  const proxy = spawnTs('src/restProxy/main.ts', {
    REST_PROXY_PORT: String(port),
    DISCORD_API_BASE: fake.apiBase,
    LOG_LEVEL: 'info',
  });
  try {
    await seedDueOwnersPg(db, PROXY_OWNERS, NOW);
    const ids = Array.from({ length: PROXY_OWNERS }, (_, i) => ownerId(i));
    await db.$client.query(
      `UPDATE owners SET dm_channel_id = v.dm FROM unnest($1::text[], $2::text[]) AS v(id, dm) WHERE owners.id = v.id`,
      [ids, ids.map((id) => fake.openDmChannel(id))],
    );
    await proxy.waitForLine((line) => line.includes('REST proxy listening'), 30_000);
    const setup = {
      databaseUrl: db.$client.options.connectionString ?? '',
      restBase: `http://127.0.0.1:${String(port)}/api`,
      token: fake.token,
      startAt: NOW.toISOString(),
      unlimitedClient: false,
    };
    const before = fake.stats;
    const run = await withWorkers(setup, (workers) => tickEverywhere(db, workers, PROXY_OWNERS));
    const stats = fake.stats;
    let lost = 0;
    let duplicates = 0;
    for (const id of ids) {
      const n = fake.dmsTo(id).length;
      if (n === 0) lost++;
      if (n > 1) duplicates++;
    }
    const over = stats.globalRateLimited - before.globalRateLimited;
    const slower = (run.seconds / FLOOR_S - 1) * 100;
    return {
      item: '9b',
      what: `${String(PROCESSES)} processes through the shared REST proxy`,
      setting: `${fmt(PROXY_OWNERS)} DMs (channels known), local server with a ${String(GLOBAL_PER_SECOND)}/s global limit; floor ${fmt(FLOOR_S)} s`,
      figure: `${fmt(run.seconds)} s (${slower >= 0 ? '+' : ''}${fmt(slower)} % of the floor); ${String(over)} over the limit (busiest second ${String(stats.maxReceivedInAnySecond)}), ${String(lost)} lost, ${String(duplicates)} dup`,
      target: '≤ +10 % of the floor, 0 over the limit, 0 lost',
      met: slower <= 10 && over === 0 && stats.maxReceivedInAnySecond <= GLOBAL_PER_SECOND && lost === 0,
      details: {
        seconds: run.seconds,
        claimsSeconds: run.claimsSeconds,
        sent: sum(run.reports, 'sent'),
        failed: sum(run.reports, 'failed'),
        perProcess: run.reports.map((r) => r.summary.sent),
        reports: run.reports,
        serverStats: stats,
        duplicates,
      },
    };
  } finally {
    await proxy.stop();
    await fake.close();
    await closePgDatabase(db);
  }
}

export function run(): Promise<ItemResult[]> {
  return withPgServer(async (adminUrl) => [await spike(adminUrl), await throughProxy(adminUrl)]);
}

runWhenMain(import.meta.url, run, run);
