/**
 * vitest globalSetup: a throwaway PostgreSQL 15 server for the whole run (Debian's postgresql-15 package),
 * with a migrated template database that each test database is cloned from (test/support/backends.ts).
 *
 * A temporary data directory owned by the `postgres` user (initdb refuses to run as root), a free port on
 * 127.0.0.1, the unix socket in the temporary directory, and no fsync: nothing here has to survive a
 * crash. Stopped at the end of the run, also when it fails or is interrupted. If the server cannot be
 * started the run fails with the reason: the PostgreSQL tests never skip quietly.
 */
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { databaseUrl, startPgServer, type PgServer } from '../../scripts/lib/pgServer.js';
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

export const PG_TEMPLATE = 'leash_template';

type Server = PgServer;

/** The shared server (scripts/lib/pgServer.ts), with the migrated template created on it. */
async function startServer(): Promise<Server> {
  let server: Server | undefined;
  try {
    server = await startPgServer({ maxConnections: 400, sharedBuffers: '64MB' });
    await createTemplate(server.adminUrl);
    return server;
  } catch (error) {
    server?.stop();
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

export { databaseUrl };

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
