/**
 * One bot process of bench item 9: the check-in tick (the bot's own services and discord.js REST client)
 * over a PostgreSQL database that other processes share, forked with IPC. It opens its pool and client,
 * says it is ready, runs one tick when told to go, and reports what the tick did and the CPU it used.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { closePgDatabase, openPgDatabase } from '../../src/db/pg/client.js';
import { createPgStore } from '../../src/db/pg/store.js';
import { runDueCheckIns, type CheckInRunSummary } from '../../src/services/checkInRun.js';
import { ROOT } from './child.js';
import { checkInDepsOver } from './fanout.js';

export interface TickWorkerSetup {
  /** The shared database. */
  readonly databaseUrl: string;
  /** Where the bot sends REST requests: the local server, or the REST proxy in front of it. */
  readonly restBase: string;
  readonly token: string;
  /** The clock starts here when the tick is told to go, and runs in real time from then. */
  readonly startAt: string;
  /** Lift discord.js's own 50/s limit (against a server without limits, item 9a). */
  readonly unlimitedClient: boolean;
}

export interface TickReport {
  readonly summary: CheckInRunSummary;
  readonly seconds: number;
  readonly cpuSeconds: number;
}

type ToWorker = { type: 'go' } | { type: 'close' };
type FromWorker = { type: 'ready' } | ({ type: 'done' } & TickReport) | { type: 'failed'; error: string };

export interface TickWorker {
  run(): Promise<TickReport>;
  close(): Promise<void>;
}

/** Forks a worker; resolves once its pool and REST client are ready. */
export async function forkTickWorker(setup: TickWorkerSetup): Promise<TickWorker> {
  const child = fork(fileURLToPath(import.meta.url), ['work'], {
    cwd: ROOT,
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, BENCH_TICK_WORKER: JSON.stringify(setup) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = (): Promise<FromWorker> =>
    new Promise((resolve, reject) => {
      const onExit = (code: number | null) => {
        reject(new Error(`tick worker exited (${String(code)})`));
      };
      child.once('exit', onExit);
      child.once('message', (message) => {
        child.off('exit', onExit);
        resolve(message as FromWorker);
      });
    });
  const ready = await next();
  if (ready.type !== 'ready') throw new Error(`tick worker: ${JSON.stringify(ready)}`);
  return {
    async run() {
      const answer = next();
      child.send({ type: 'go' } satisfies ToWorker);
      const report = await answer;
      if (report.type !== 'done') throw new Error(`tick worker: ${JSON.stringify(report)}`);
      return { summary: report.summary, seconds: report.seconds, cpuSeconds: report.cpuSeconds };
    },
    async close() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send({ type: 'close' } satisfies ToWorker);
      await exited;
    },
  };
}

async function work(): Promise<void> {
  const setup = JSON.parse(process.env.BENCH_TICK_WORKER ?? '{}') as TickWorkerSetup;
  const send = (message: FromWorker): void => {
    process.send?.(message);
  };
  const db = openPgDatabase(setup.databaseUrl, { applicationName: `bench-tick-${String(process.pid)}` });
  let offset = 0;
  const clock = { now: () => new Date(Date.now() + offset) };
  const { deps, close } = checkInDepsOver(createPgStore(db), setup.restBase, setup.token, clock, {
    clientGlobalLimit: !setup.unlimitedClient,
  });
  // Connections opened before the start, as a running bot has them.
  await Promise.all(Array.from({ length: 4 }, () => db.$client.query('SELECT 1')));
  process.on('message', (message: ToWorker) => {
    if (message.type === 'close') {
      void close()
        .then(() => closePgDatabase(db))
        .then(() => process.exit(0));
      return;
    }
    offset = Date.parse(setup.startAt) - Date.now();
    const cpu = process.cpuUsage();
    const started = performance.now();
    runDueCheckIns(deps).then(
      (summary) => {
        const used = process.cpuUsage(cpu);
        send({
          type: 'done',
          summary,
          seconds: (performance.now() - started) / 1000,
          cpuSeconds: (used.user + used.system) / 1e6,
        });
      },
      (error: unknown) => {
        send({ type: 'failed', error: String(error) });
      },
    );
  });
  send({ type: 'ready' });
}

if (process.argv[2] === 'work' && process.send !== undefined) void work();
