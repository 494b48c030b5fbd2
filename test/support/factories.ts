import type { Db } from '../../src/db/sqlite/client.js';
import { createSqliteStore } from '../../src/db/sqlite/store.js';
import { addCat } from '../../src/services/cats.js';
import type { Deps } from '../../src/services/deps.js';
import { createLogger } from '../../src/logger.js';
import { currentBackend, openTestDatabase, type BackendName, type TestDatabase } from './backends.js';
import { fakeClock, type FakeClock } from './fakeClock.js';
import { recordingNotifier, type RecordingNotifier } from './recordingNotifier.js';
import { createTestDb } from './testDb.js';

export interface TestDeps extends Deps {
  readonly db: Db;
  readonly clock: FakeClock;
  readonly notifier: RecordingNotifier;
}

/** Deps on either backend, with the database to arrange and inspect rows through. */
export interface BackendDeps extends TestDeps {
  readonly data: TestDatabase;
}

/** Real SQLite, a fake clock, a recording notifier and a silent logger. */
export function testDeps(start = '2026-11-25T09:00:00Z'): TestDeps {
  const db = createTestDb();
  return {
    db,
    store: createSqliteStore(db),
    clock: fakeClock(start),
    notifier: recordingNotifier(),
    logger: createLogger('silent'),
  };
}

/**
 * Like testDeps, on the backend this test project runs on (SQLite, or a fresh PostgreSQL database: see
 * vitest.config.ts); the database is closed when the test ends.
 */
export async function backendDeps(
  start = '2026-11-25T09:00:00Z',
  backend: BackendName = currentBackend(),
): Promise<BackendDeps> {
  const data = await openTestDatabase(backend);
  return {
    db: data.sqlite,
    data,
    store: data.store,
    clock: fakeClock(start),
    notifier: recordingNotifier(),
    logger: createLogger('silent'),
  };
}

/** Adds a cat for an owner (creating the owner) and returns its id. */
export async function givenCat(
  deps: Pick<Deps, 'store' | 'clock'>,
  ownerId: string,
  name: string,
  stage?: string,
): Promise<number> {
  return (await addCat(deps, { ownerId, name, stage: stage ?? null })).id;
}
