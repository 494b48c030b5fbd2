/**
 * README "PostgreSQL", "Backups and restoring": the two commands it gives, run as written against the test
 * server, while a bot's pool is open. The restored database holds the same data, and a bot started on it
 * finds its migrations applied (nothing to do, nothing refused) and carries on.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';
import { PG_BIN } from '../../scripts/lib/pgServer.js';
import { closePgDatabase, createPgDatabase, openPgDatabase, type PgDb } from '../../src/db/pg/client.js';
import { createPgStore } from '../../src/db/pg/store.js';
import { createLogger } from '../../src/logger.js';
import { setCheckIn } from '../../src/services/checkInSettings.js';
import { exportOwnerData } from '../../src/services/myData.js';
import { logSession } from '../../src/services/sessions.js';
import { createPgTestDatabase } from '../support/backends.js';
import { givenCat } from '../support/factories.js';
import { fakeClock } from '../support/fakeClock.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'pg-backup-'));
const pools: PgDb[] = [];
afterAll(async () => {
  await Promise.all(pools.map((db) => closePgDatabase(db)));
  rmSync(dir, { recursive: true, force: true });
});

it('restores a pg_dump of a running database into one a bot starts on with the same data', async () => {
  const url = await createPgTestDatabase();
  const live = openPgDatabase(url);
  pools.push(live);
  const clock = fakeClock('2026-11-25T09:00:00Z');
  const deps = { store: createPgStore(live), clock, logger: createLogger('silent') };
  for (const owner of ['u1', 'u2']) {
    await givenCat(deps, owner, 'Miso');
    await setCheckIn(deps, { ownerId: owner, time: '19:00', timezone: 'Europe/Berlin' });
    await logSession(deps, {
      ownerId: owner,
      cat: null,
      what: 'wore the harness, calm, ate treats',
      minutes: 5,
    });
    clock.advance(60_000);
  }
  const before = await Promise.all(['u1', 'u2'].map((owner) => exportOwnerData(deps, owner)));

  // The README's commands, word for word, with the bot's pool still open.
  const dump = join(dir, 'coach.dump');
  await run(join(PG_BIN, 'pg_dump'), ['--format=custom', `--file=${dump}`, url]);
  const restoredUrl = await createPgTestDatabase({ empty: true });
  await run(join(PG_BIN, 'pg_restore'), [
    '--clean',
    '--if-exists',
    '--no-owner',
    `--dbname=${restoredUrl}`,
    dump,
  ]);

  // A bot starting on the restored database: its migrations are there, so it migrates nothing and goes on.
  const restored = await createPgDatabase(restoredUrl);
  pools.push(restored);
  const after = { ...deps, store: createPgStore(restored) };
  expect(await Promise.all(['u1', 'u2'].map((owner) => exportOwnerData(after, owner)))).toEqual(before);
  const view = await logSession(after, {
    ownerId: 'u1',
    cat: null,
    what: 'walked to the door, calm',
    minutes: 4,
  });
  expect(view.catName).toBe('Miso');
  expect((await exportOwnerData(after, 'u1')).cats[0]).toMatchObject({
    sessions: [expect.anything(), expect.anything()],
  });
});
