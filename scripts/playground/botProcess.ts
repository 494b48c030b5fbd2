/**
 * The real bot, started exactly as production starts it (`src/main.ts`), as a child process pointed at
 * the local Discord server through the documented environment variables.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface BotEnv {
  readonly DISCORD_TOKEN: string;
  readonly DISCORD_API_BASE: string;
  readonly DATABASE_PATH: string;
  readonly LOG_LEVEL: string;
}

export interface BotProcess {
  readonly child: ChildProcess;
  /** Resolves with the exit code (or the signal's name) when the process has ended. */
  readonly exited: Promise<number | string>;
  /** The last lines the bot printed (for a start-up failure). */
  readonly recentOutput: () => string[];
  /** SIGTERM, then waits for the bot's clean shutdown (SIGKILL after `graceMs`). */
  stop(graceMs?: number): Promise<number | string>;
}

/** One pino JSON line (or any other output) as a short human line; undefined for noise. */
export function describeLogLine(
  line: string,
): { level: 'info' | 'warn' | 'error'; text: string } | undefined {
  const trimmed = line.trim();
  if (trimmed === '') return undefined;
  if (trimmed.startsWith('{')) {
    try {
      const entry = JSON.parse(trimmed) as Record<string, unknown>;
      const level = typeof entry.level === 'number' ? entry.level : 30;
      const err =
        typeof entry.err === 'object' && entry.err !== null ? (entry.err as Record<string, unknown>) : {};
      const detail = typeof err.message === 'string' ? ` (${err.message})` : '';
      const msg = typeof entry.msg === 'string' ? entry.msg : trimmed;
      return { level: level >= 50 ? 'error' : level >= 40 ? 'warn' : 'info', text: `${msg}${detail}` };
    } catch {
      // not JSON after all: shown as is
    }
  }
  return { level: 'warn', text: trimmed };
}

export function spawnBot(options: {
  readonly root: string;
  readonly env: BotEnv;
  readonly onLog: (entry: { level: 'info' | 'warn' | 'error'; text: string }) => void;
}): BotProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: options.root,
    env: {
      ...process.env,
      ...options.env,
      // Set (empty) so a developer's .env cannot point the playground at a real server's guild.
      DISCORD_GUILD_ID: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const recent: string[] = [];
  const listen = (stream: NodeJS.ReadableStream | null): void => {
    if (!stream) return;
    createInterface({ input: stream }).on('line', (line) => {
      const entry = describeLogLine(line);
      if (!entry) return;
      recent.push(entry.text);
      if (recent.length > 20) recent.shift();
      options.onLog(entry);
    });
  };
  listen(child.stdout);
  listen(child.stderr);
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => {
      resolve(code ?? signal ?? 'unknown');
    });
    child.once('error', (error) => {
      recent.push(error.message);
      resolve(error.message);
    });
  });
  return {
    child,
    exited,
    recentOutput: () => [...recent],
    async stop(graceMs = 20_000) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
      }, graceMs);
      const result = await exited;
      clearTimeout(timer);
      return result;
    },
  };
}
