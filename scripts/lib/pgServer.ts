/**
 * A throwaway PostgreSQL 15 server (Debian's postgresql-15 package), shared by the test setup
 * (test/support/pgServer.ts) and the bench (bench/lib/pg.ts).
 *
 * A temporary data directory owned by the `postgres` user (initdb refuses to run as root), a free port on
 * 127.0.0.1, the unix socket in the temporary directory, and no fsync: nothing here has to survive a
 * crash. `stop()` stops the server and removes the directory; callers stop it also on failure.
 */
import { freePort } from './freePort.js';
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

export interface PgServer {
  /** postgres://… of the server's maintenance database (create databases through it). */
  readonly adminUrl: string;
  /** The same database over the server's unix socket (no TCP loopback). */
  readonly socketUrl: string;
  readonly stop: () => void;
}

export interface PgServerOptions {
  readonly maxConnections?: number;
  readonly sharedBuffers?: string;
  /** Further `-c name=value` settings. */
  readonly settings?: readonly string[];
}

/** Runs a PostgreSQL program as `postgres` when we are root, else as ourselves. */
function asPostgres(program: string, args: readonly string[]): { file: string; args: string[] } {
  const path = join(PG_BIN, program);
  return process.getuid?.() === 0
    ? { file: 'runuser', args: ['-u', 'postgres', '--', path, ...args] }
    : { file: path, args: [...args] };
}

function run(program: string, args: readonly string[]): void {
  const command = asPostgres(program, args);
  const result = spawnSync(command.file, command.args, { encoding: 'utf8' });
  if (result.status !== 0) {
    const output = `${result.stdout}${result.stderr}`.trim() || String(result.error ?? '');
    throw new Error(`${program} failed (exit ${String(result.status)}): ${output}`);
  }
}

/** Why PostgreSQL cannot be started here, or null when its programs are installed. */
export function pgMissingReason(): string | null {
  return existsSync(join(PG_BIN, 'initdb'))
    ? null
    : `PostgreSQL 15 is not installed (no ${PG_BIN}/initdb). Install it: apt-get update && apt-get install -y postgresql-15 (.ci/run does).`;
}

/** initdb + pg_ctl start; on failure everything started is stopped and removed again. */
export async function startPgServer(options: PgServerOptions = {}): Promise<PgServer> {
  const missing = pgMissingReason();
  if (missing !== null) throw new Error(missing);
  const dir = mkdtempSync(join(tmpdir(), 'leash-pg-'));
  const data = join(dir, 'data');
  const log = join(dir, 'server.log');
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  let started = false;
  const stop = () => {
    if (started) {
      started = false;
      const command = asPostgres('pg_ctl', ['stop', '-D', data, '-m', 'immediate', '-w']);
      spawnSync(command.file, command.args);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    run('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
    const port = await freePort();
    const settings = [
      `port=${port}`,
      'listen_addresses=127.0.0.1',
      `unix_socket_directories=${dir}`,
      'fsync=off',
      'full_page_writes=off',
      'synchronous_commit=off',
      `max_connections=${options.maxConnections ?? 400}`,
      `shared_buffers=${options.sharedBuffers ?? '64MB'}`,
      ...(options.settings ?? []),
    ];
    started = true;
    try {
      run('pg_ctl', [
        'start',
        '-D',
        data,
        '-l',
        log,
        '-w',
        '-t',
        '60',
        '-o',
        settings.map((s) => `-c ${s}`).join(' '),
      ]);
    } catch (error) {
      const serverLog = existsSync(log) ? readFileSync(log, 'utf8').slice(-2000) : '';
      throw new Error(`${error instanceof Error ? error.message : String(error)}\n${serverLog}`, {
        cause: error,
      });
    }
    return {
      adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres`,
      socketUrl: `postgres://postgres@localhost:${port}/postgres?host=${encodeURIComponent(dir)}`,
      stop,
    };
  } catch (error) {
    stop();
    throw error;
  }
}

/** The URL of another database on the same server. */
export function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
