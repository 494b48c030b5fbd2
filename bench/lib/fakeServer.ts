/**
 * The local Discord-compatible server in a process of its own (forked with IPC), so that a bench item
 * measures the bot's CPU alone: in one process the server's HTTP parsing and validation share the bot's core.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startFakeDiscord } from '@leash-coach/fake-discord';
import { ROOT } from './child.js';

type Request = { type: 'tally'; userIds: string[] } | { type: 'close' };

export interface Tally {
  readonly missing: number;
  readonly duplicates: number;
  readonly requests: number;
  readonly dmChannelCreates: number;
  /** CPU seconds the server process used since it started. */
  readonly cpuSeconds: number;
}

export interface FakeServerProcess {
  readonly apiBase: string;
  readonly token: string;
  tally(userIds: string[]): Promise<Tally>;
  close(): Promise<void>;
}

/** Forks this module as a server without rate limits; resolves once it listens. */
export function forkFakeDiscord(): Promise<FakeServerProcess> {
  const child = fork(fileURLToPath(import.meta.url), ['serve'], {
    cwd: ROOT,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = <T>(): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const onExit = (code: number | null) => {
        reject(new Error(`fake server exited (${String(code)})`));
      };
      child.once('exit', onExit);
      child.once('message', (message) => {
        child.off('exit', onExit);
        resolve(message as T);
      });
    });
  return next<{ apiBase: string; token: string }>().then(({ apiBase, token }) => ({
    apiBase,
    token,
    tally(userIds) {
      const answer = next<Tally>();
      child.send({ type: 'tally', userIds } satisfies Request);
      return answer;
    },
    async close() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send({ type: 'close' } satisfies Request);
      await exited;
    },
  }));
}

async function serve(): Promise<void> {
  const send = (message: unknown): void => {
    process.send?.(message);
  };
  const fake = await startFakeDiscord({ rateLimits: false });
  process.on('message', (message: Request) => {
    if (message.type === 'close') {
      void fake.close().then(() => process.exit(0));
      return;
    }
    let missing = 0;
    let duplicates = 0;
    for (const id of message.userIds) {
      const n = fake.dmsTo(id).length;
      if (n === 0) missing++;
      if (n > 1) duplicates++;
    }
    const cpu = process.cpuUsage();
    send({
      missing,
      duplicates,
      requests: fake.stats.totalRequests,
      dmChannelCreates: fake.dmChannelCreates,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
    } satisfies Tally);
  });
  send({ apiBase: fake.apiBase, token: fake.token });
}

if (process.argv[2] === 'serve' && process.send !== undefined) void serve();
