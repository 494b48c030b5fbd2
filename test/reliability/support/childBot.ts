import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import type { FakeDiscord } from '@leash-coach/fake-discord';

/** The repository root: the child runs `src/main.ts` from here under tsx, as `npm run dev` does. */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** One JSON log line of the child (pino). */
export interface LogLine {
  readonly level: number;
  readonly msg: string;
  readonly [key: string]: unknown;
}

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** One of the project's programs (the bot, the REST proxy) in a child process, its stdout parsed into log lines. */
export interface ChildBot {
  readonly pid: number;
  readonly logs: LogLine[];
  /** Everything the child wrote to stdout and stderr, raw. */
  output(): string;
  waitForLog(predicate: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  readonly exited: Promise<Exit>;
  /** Sends a signal to the program's own process (not a wrapper), so SIGKILL kills the program itself. */
  signal(signal: NodeJS.Signals): void;
}

export interface SpawnOptions {
  readonly fake: FakeDiscord;
  readonly databasePath: string;
  /** PostgreSQL instead (DATABASE_PATH is then ignored). */
  readonly databaseUrl?: string;
  readonly logLevel?: string;
  /** More settings for the bot's environment (sharding, health port, jobs). */
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * Spawns `node --import tsx src/main.ts` (the tsx binary would put a second process in between, and a
 * SIGKILL to that one leaves the bot running). The environment is the bot's whole configuration.
 */
export function spawnBot({
  fake,
  databasePath,
  databaseUrl,
  logLevel = 'info',
  env = {},
}: SpawnOptions): ChildBot {
  return spawnProgram('src/main.ts', {
    DISCORD_TOKEN: fake.token,
    DISCORD_API_BASE: fake.apiBase,
    DATABASE_PATH: databasePath,
    ...(databaseUrl === undefined ? {} : { DATABASE_URL: databaseUrl }),
    LOG_LEVEL: logLevel,
    // Set (empty) so a developer's .env cannot add a guild: variables already set win over .env.
    DISCORD_GUILD_ID: '',
    ...env,
  });
}

/**
 * `npm run rest-proxy` (src/restProxy/main.ts), configured by `env` (REST_PROXY_PORT, DISCORD_API_BASE);
 * DISCORD_API_BASE is set (empty unless given) so that a developer's .env cannot change it.
 */
export function spawnRestProxy(env: Readonly<Record<string, string>>): ChildBot {
  return spawnProgram('src/restProxy/main.ts', { DISCORD_API_BASE: '', LOG_LEVEL: 'info', ...env });
}

/** `node --import tsx <entry>` from the repository root, with only `env` (and PATH, HOME, TMPDIR) set. */
function spawnProgram(entry: string, env: Readonly<Record<string, string>>): ChildBot {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      TMPDIR: process.env.TMPDIR,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`could not spawn ${entry}`);
  const logs: LogLine[] = [];
  const listeners = new Set<() => void>();
  let raw = '';
  let pending = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    raw += chunk;
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      try {
        logs.push(JSON.parse(line) as LogLine);
      } catch {
        // Not a log line (a stray print): kept in output() only.
      }
    }
    for (const listener of [...listeners]) listener();
  });
  child.stderr.on('data', (chunk: string) => {
    raw += chunk;
  });
  let done = false;
  const exited = new Promise<Exit>((resolve) => {
    child.once('exit', (code, signal) => {
      done = true;
      for (const listener of [...listeners]) listener();
      resolve({ code, signal });
    });
  });

  return {
    pid: child.pid,
    logs,
    output: () => raw,
    exited,
    signal(signal) {
      if (!done) child.kill(signal);
    },
    waitForLog(predicate, timeoutMs = 30_000) {
      return new Promise<LogLine>((resolve, reject) => {
        const check = (): void => {
          const found = logs.find(predicate);
          if (found) {
            cleanup();
            resolve(found);
          } else if (done) {
            cleanup();
            reject(new Error(`${entry} exited before the expected log line.\n${raw.slice(-3000)}`));
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`timed out waiting for a log line.\n${raw.slice(-3000)}`));
        }, timeoutMs);
        const cleanup = (): void => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      });
    },
  };
}

/** Spawns the bot and resolves once it logged 'ready' (connected, commands synced, scheduler running). */
export async function startChildBot(options: SpawnOptions): Promise<ChildBot> {
  const bot = spawnBot(options);
  await bot.waitForLog((line) => line.msg === 'ready');
  return bot;
}

/** SIGKILL: no handler runs, nothing is flushed or closed. Resolves when the process is gone. */
export async function killHard(bot: ChildBot): Promise<Exit> {
  bot.signal('SIGKILL');
  return bot.exited;
}

/** A temporary folder removed by the returned function. */
export function tempDir(prefix: string): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return {
    path,
    remove: () => {
      rmSync(path, { recursive: true, force: true });
    },
  };
}

/** Opens the file with a second connection (fine beside a running bot: WAL) for checks. */
export function inspect<T>(databasePath: string, read: (db: Database.Database) => T): T {
  const db = new Database(databasePath);
  try {
    db.pragma('busy_timeout = 5000');
    return read(db);
  } finally {
    db.close();
  }
}

/** PRAGMA integrity_check of the file: 'ok' when sound. */
export function integrityCheck(databasePath: string): string {
  return inspect(databasePath, (db) => String(db.pragma('integrity_check', { simple: true })));
}

/** Polls `check` every few ms (the fake runs in this process, so its state is live) until it is true. */
export async function until(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}
