/**
 * vitest globalSetup: a throwaway PostgreSQL 15 server for the whole run (Debian's postgresql-15 package),
 * with a migrated template database that each test database is cloned from (test/support/backends.ts).
 *
 * A temporary data directory owned by the `postgres` user (initdb refuses to run as root), a free port on
 * 127.0.0.1, the unix socket in the temporary directory, and no fsync: nothing here has to survive a
 * crash. Stopped at the end of the run, also when it fails or is interrupted. If the server cannot be
 * started the run fails with the reason: the PostgreSQL tests never skip quietly.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openPgDatabase, preparePgDatabase } from '../../src/db/pg/client.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** postgres://… of the test server's maintenance database (create databases through it). */
    pgAdminUrl: string;
    /** The migrated database every test database is cloned from. */
    pgTemplate: string;
    /** Which backend the service tests of a project run on (vitest.config.ts). */
    backend: 'sqlite' | 'postgres';
  }
}

const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
export const PG_TEMPLATE = 'leash_template';

interface Server {
  readonly adminUrl: string;
  readonly stop: () => void;
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

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

async function startServer(): Promise<Server> {
  if (!existsSync(join(PG_BIN, 'initdb'))) {
    throw new Error(
      `PostgreSQL 15 is not installed (no ${PG_BIN}/initdb). Install it: apt-get update && apt-get install -y postgresql-15 (.ci/run does).`,
    );
  }
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
    const options = [
      `-c port=${port}`,
      '-c listen_addresses=127.0.0.1',
      `-c unix_socket_directories=${dir}`,
      '-c fsync=off',
      '-c full_page_writes=off',
      '-c synchronous_commit=off',
      '-c max_connections=400',
      '-c shared_buffers=64MB',
    ].join(' ');
    started = true;
    try {
      run('pg_ctl', ['start', '-D', data, '-l', log, '-w', '-t', '60', '-o', options]);
    } catch (error) {
      const serverLog = existsSync(log) ? readFileSync(log, 'utf8').slice(-2000) : '';
      throw new Error(`${error instanceof Error ? error.message : String(error)}\n${serverLog}`, {
        cause: error,
      });
    }
    const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
    await createTemplate(adminUrl);
    return { adminUrl, stop };
  } catch (error) {
    stop();
    throw new Error(
      `Could not start the test PostgreSQL server: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}

/** The template: migrated once with the real migrator, then closed to connections so it can be cloned. */
async function createTemplate(adminUrl: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${PG_TEMPLATE}`);
  } finally {
    await admin.end();
  }
  const db = openPgDatabase(databaseUrl(adminUrl, PG_TEMPLATE), { poolSize: 1 });
  try {
    await preparePgDatabase(db);
  } finally {
    await db.$client.end();
  }
}

/** The URL of another database on the same server. */
export function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

// Both test projects (see vitest.config.ts) run this setup in one process: one server, stopped by the last.
interface Shared {
  server: Promise<Server>;
  users: number;
}
const SHARED = Symbol.for('leash-coach.pgServer');
const registry = globalThis as unknown as Record<symbol, Shared | undefined>;

export default async function setup(project: TestProject): Promise<() => void> {
  let shared = registry[SHARED];
  if (!shared) {
    const server = startServer();
    shared = { server, users: 0 };
    registry[SHARED] = shared;
    // Interrupted (Ctrl-C, a crash): the server goes with the run.
    const stopOnExit = (s: Server): void => {
      process.once('exit', s.stop);
    };
    void server.then(stopOnExit, () => undefined);
  }
  shared.users++;
  const server = await shared.server;
  project.provide('pgAdminUrl', server.adminUrl);
  project.provide('pgTemplate', PG_TEMPLATE);
  return () => {
    const current = registry[SHARED];
    if (current && --current.users === 0) {
      server.stop();
      registry[SHARED] = undefined;
    }
  };
}
