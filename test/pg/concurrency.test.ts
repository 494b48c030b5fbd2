/**
 * PostgreSQL under concurrency (issue 13, item 5): two processes' stores (two pools) on one database, many
 * writers at once. The stage machine is a read-modify-write of the cat's row; under READ COMMITTED it is
 * correct only because the row is locked, so every counter must come out as if the logs ran one by one.
 */
import { describe, expect, it } from 'vitest';
import { FIRST_STAGE } from '../../src/domain/stages.js';
import { logSession } from '../../src/services/sessions.js';
import type { Store } from '../../src/services/store/store.js';
import { openTestDatabase, type TestDatabase } from '../support/backends.js';
import { fakeClock } from '../support/fakeClock.js';
import { givenCat } from '../support/factories.js';

const START = '2026-11-25T09:00:00Z';
/** A severe signal at the first stage: nowhere to step back to, so every log adds one step-back. */
const SEVERE = 'hissed and tried to escape';

async function outcomeOf(data: TestDatabase, catId: number) {
  const cat = await data.store.cats.find(catId);
  const count = async (table: string) =>
    (await data.query<{ n: number }>(`SELECT CAST(count(*) AS INTEGER) AS n FROM ${table}`))[0]?.n;
  return {
    stage: cat?.stage,
    stepBacks: cat?.stepBacks,
    goodDays: cat?.goodDays,
    moderateRun: cat?.moderateRun,
    milestones: cat?.milestones,
    sessions: await count('sessions'),
    stageChanges: await count('stage_changes'),
  };
}

describe('PostgreSQL: concurrent logs on one cat from two processes', () => {
  it(
    'stores all 2 × 500 sessions, and the counters equal those of the same logs one by one',
    { timeout: 120_000 },
    async () => {
      const logs = 500;
      const clock = fakeClock(START);

      const serial = await openTestDatabase('sqlite');
      const serialCat = await givenCat({ store: serial.store, clock }, 'u1', 'Mochi', FIRST_STAGE);
      for (let i = 0; i < 2 * logs; i++)
        await logSession({ store: serial.store, clock }, { ownerId: 'u1', what: SEVERE });
      const expected = await outcomeOf(serial, serialCat);
      expect(expected.stepBacks).toBe(2 * logs);

      const data = await openTestDatabase('postgres', { poolSize: 10 });
      const processes: Store[] = [data.store, data.secondStore()];
      const catId = await givenCat({ store: data.store, clock }, 'u1', 'Mochi', FIRST_STAGE);
      const results = await Promise.allSettled(
        processes.flatMap((store) =>
          Array.from({ length: logs }, () => logSession({ store, clock }, { ownerId: 'u1', what: SEVERE })),
        ),
      );
      expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
      expect(await outcomeOf(data, catId)).toEqual(expected);
    },
  );
});
