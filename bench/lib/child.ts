/** Spawning the real entry point (or a trivial script) as a child the way production starts it. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The node flags of an npm script (`start:prod`), read from package.json so the bench runs what ships. */
export function nodeFlagsOf(name: string): string[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  return (pkg.scripts[name] ?? '').split(/\s+/).filter((part) => part.startsWith('--'));
}

export interface Child {
  readonly process: ChildProcess;
  readonly pid: number;
  /** When the first stdout line matching resolves (ms since spawn), or rejects on exit/timeout. */
  waitForLine(match: (line: string) => boolean, timeoutMs: number): Promise<number>;
  /** VmRSS and VmHWM (peak) in MB, from /proc/<pid>/status, with RSS split into anonymous and file-backed. */
  memory(): { rssMb: number; peakMb: number; anonMb: number; fileMb: number };
  /** SIGTERM, then SIGKILL after `graceMs`; resolves on exit. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * `node <nodeArgs> --import tsx <script>` with `env` added (`loader: null` runs compiled JavaScript with
 * plain node); node flags go on the command line as `npm run start:prod` passes them (some, such as
 * --optimize-for-size, are refused in NODE_OPTIONS). Times count from just before spawn.
 */
export function spawnTs(
  script: string,
  env: Record<string, string>,
  loader: 'tsx' | null = 'tsx',
  nodeArgs: readonly string[] = [],
): Child {
  const started = performance.now();
  const child = spawn(process.execPath, [...nodeArgs, ...(loader ? ['--import', loader] : []), script], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not spawn ${script}`);
  const waiters = new Set<{ match: (line: string) => boolean; resolve: (ms: number) => void }>();
  let buffer = '';
  let stderr = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    buffer += chunk;
    let newline = buffer.indexOf('\n');
    while (newline >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      const at = performance.now() - started;
      for (const w of [...waiters]) {
        if (w.match(line)) {
          waiters.delete(w);
          w.resolve(at);
        }
      }
      newline = buffer.indexOf('\n');
    }
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      resolve();
    });
  });
  return {
    process: child,
    pid,
    waitForLine(match, timeoutMs) {
      return new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => {
          reject(new Error(`${script}: no matching line within ${timeoutMs} ms. stderr: ${stderr}`));
        }, timeoutMs);
        const waiter = {
          match,
          resolve: (ms: number) => {
            clearTimeout(timer);
            resolve(ms);
          },
        };
        waiters.add(waiter);
        void exited.then(() => {
          if (waiters.delete(waiter)) {
            clearTimeout(timer);
            reject(new Error(`${script} exited (${String(child.exitCode)}). stderr: ${stderr}`));
          }
        });
      });
    },
    memory() {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const kb = (key: string): number =>
        Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
      return {
        rssMb: kb('VmRSS') / 1024,
        peakMb: kb('VmHWM') / 1024,
        // RSS split: anonymous (JS heap, native allocations) vs file-backed (code of node and .node addons).
        anonMb: kb('RssAnon') / 1024,
        fileMb: kb('RssFile') / 1024,
      };
    },
    async stop(graceMs = 5_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The bot's JSON log line with this msg. */
export const logMsg =
  (msg: string) =>
  (line: string): boolean => {
    try {
      return (JSON.parse(line) as { msg?: unknown }).msg === msg;
    } catch {
      return false;
    }
  };
