/**
 * Households on PostgreSQL under concurrency, two processes (two pools) on one database. A co-owner's /log
 * locks a cat of another owner without that owner's row, so the lock order matters: owner and co-owner
 * logging at once must lose no update and never deadlock, also when cats are shared both ways, when the
 * owner erases their data meanwhile, and a check-in must not wait for a co-owner's open transaction.
 *
 * "Never deadlock" is counted, not inferred: the store runs a deadlocked transaction again, so a test
 * would pass anyway; each process's database handle here counts the transactions PostgreSQL aborted.
 */
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { openPgDatabase, type PgDb } from '../../src/db/pg/client.js';
import { createPgStore } from '../../src/db/pg/store.js';
import { FIRST_STAGE } from '../../src/domain/stages.js';
import { runDueCheckIns } from '../../src/services/checkInRun.js';
import { setCheckIn } from '../../src/services/checkInSettings.js';
import { UserFacingError } from '../../src/services/errors.js';
import { shareCat } from '../../src/services/households.js';
import { deleteOwnerData } from '../../src/services/myData.js';
import { logSession } from '../../src/services/sessions.js';
import { renameCat } from '../../src/services/cats.js';
import type { Store } from '../../src/services/store/store.js';
import { createPgTestDatabase } from '../support/backends.js';
import { fakeClock } from '../support/fakeClock.js';
import { givenCat } from '../support/factories.js';
import { recordingNotifier } from '../support/recordingNotifier.js';

const START = '2026-11-25T09:00:00Z';
/** A severe signal at the first stage: nowhere to step back to, so every log adds one step-back. */
const SEVERE = 'hissed and tried to escape';
const A = '100000000000000001';
const B = '100000000000000002';

interface Process {
  readonly store: Store;
  /** Transactions PostgreSQL aborted (deadlock or serialization failure) in this process. */
  aborted(): number;
}

/** One "process": its own pool, with a handle that counts the transactions PostgreSQL aborted. */
function processOn(url: string, pools: PgDb[]): Process {
  const db = openPgDatabase(url, { poolSize: 5 });
  pools.push(db);
  let aborted = 0;
  const counting = new Proxy(db, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (property !== 'transaction' || typeof value !== 'function') {
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      }
      return async (...args: unknown[]) => {
        try {
          return await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        } catch (error) {
          const code =
            (error as { code?: unknown; cause?: { code?: unknown } }).code ??
            (error as { cause?: { code?: unknown } }).cause?.code;
          if (code === '40P01' || code === '40001') aborted++;
          throw error;
        }
      };
    },
  });
  return { store: createPgStore(counting), aborted: () => aborted };
}

async function twoProcesses(): Promise<{
  p: [Process, Process];
  /** Resolves once `n` sessions of this database wait for a lock. */
  waitingForLocks: (n: number) => Promise<void>;
  close: () => Promise<void>;
}> {
  const url = await createPgTestDatabase();
  const pools: PgDb[] = [];
  const watcher = openPgDatabase(url, { poolSize: 1 });
  pools.push(watcher);
  return {
    p: [processOn(url, pools), processOn(url, pools)],
    waitingForLocks: async (n) => {
      for (;;) {
        const { rows } = await watcher.$client.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity
           WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        );
        if ((rows[0]?.n ?? 0) >= n) return;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
    close: async () => {
      await Promise.all(pools.map((pool) => pool.$client.end()));
    },
  };
}

const clock = fakeClock(START);

describe('PostgreSQL: households under concurrency', () => {
  it(
    'owner and co-owner logging one cat at once: every log counted, no deadlock',
    { timeout: 60_000 },
    async () => {
      const { p, close } = await twoProcesses();
      try {
        const [one, two] = p;
        const catId = await givenCat({ store: one.store, clock }, A, 'Miso', FIRST_STAGE);
        await shareCat({ store: one.store, clock }, { ownerId: A, cat: 'Miso', userId: B, userIsBot: false });
        const logs = 150;
        const results = await Promise.allSettled(
          Array.from({ length: logs }, (_, i) => [
            logSession({ store: (i % 2 === 0 ? one : two).store, clock }, { ownerId: A, what: SEVERE }),
            logSession(
              { store: (i % 2 === 0 ? two : one).store, clock },
              { ownerId: B, cat: 'Miso', what: SEVERE },
            ),
          ]).flat(),
        );
        expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
        const cat = await one.store.cats.find(catId);
        expect(cat?.stepBacks).toBe(2 * logs);
        const sessions = await one.store.sessions.listByCat(catId);
        expect(sessions.filter((s) => s.loggedBy === A)).toHaveLength(logs);
        expect(sessions.filter((s) => s.loggedBy === B)).toHaveLength(logs);
        expect(one.aborted() + two.aborted()).toBe(0);
      } finally {
        await close();
      }
    },
  );

  it(
    'cats shared both ways, both people logging both cats from two processes: no deadlock',
    { timeout: 60_000 },
    async () => {
      const { p, close } = await twoProcesses();
      try {
        const [one, two] = p;
        const deps = { store: one.store, clock };
        const miso = await givenCat(deps, A, 'Miso', FIRST_STAGE);
        const tofu = await givenCat(deps, B, 'Tofu', FIRST_STAGE);
        await shareCat(deps, { ownerId: A, cat: 'Miso', userId: B, userIsBot: false });
        await shareCat(deps, { ownerId: B, cat: 'Tofu', userId: A, userIsBot: false });
        const rounds = 60;
        const results = await Promise.allSettled(
          Array.from({ length: rounds }, (_, i) => {
            const [x, y] = i % 2 === 0 ? [one, two] : [two, one];
            return [
              logSession({ store: x.store, clock }, { ownerId: A, cat: 'Tofu', what: SEVERE }),
              logSession({ store: y.store, clock }, { ownerId: B, cat: 'Miso', what: SEVERE }),
              logSession({ store: x.store, clock }, { ownerId: A, cat: 'Miso', what: SEVERE }),
              logSession({ store: y.store, clock }, { ownerId: B, cat: 'Tofu', what: SEVERE }),
            ];
          }).flat(),
        );
        expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
        expect((await one.store.cats.find(miso))?.stepBacks).toBe(2 * rounds);
        expect((await one.store.cats.find(tofu))?.stepBacks).toBe(2 * rounds);
        expect(one.aborted() + two.aborted()).toBe(0);
      } finally {
        await close();
      }
    },
  );

  it('the owner erasing their data while co-owners log their shared cats: no deadlock', async () => {
    const { p, close, waitingForLocks } = await twoProcesses();
    try {
      const [one, two] = p;
      const deps = { store: one.store, clock };
      const C = '100000000000000003';
      // The first cat renamed: a new name is a new row version elsewhere in the table (its name is indexed),
      // so a plain DELETE meets it last, while every cats read locks it first (oldest first).
      const names = ['Tofu', 'Miso', 'Bean'];
      for (const name of names) {
        await givenCat(deps, A, name, FIRST_STAGE);
        await shareCat(deps, { ownerId: A, cat: name, userId: B, userIsBot: false });
        await shareCat(deps, { ownerId: A, cat: name, userId: C, userIsBot: false });
      }
      await renameCat(deps, { ownerId: A, cat: 'Tofu', name: 'Toffee' });
      // B's /log holds the three cats; the erase and C's /log queue behind it; then B's commits and the
      // two that waited run into each other, unless they lock the cats in the same order.
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      let holding!: () => void;
      const held = new Promise<void>((resolve) => (holding = resolve));
      const first = one.store.transaction(async (tx) => {
        await tx.owners.ensure(B, clock.now());
        await tx.cats.listAccessible(B);
        holding();
        await released;
      });
      await held;
      const erase = deleteOwnerData({ store: two.store }, A);
      const second = logSession({ store: one.store, clock }, { ownerId: C, cat: 'Miso', what: SEVERE });
      await waitingForLocks(2);
      release();
      const results = await Promise.allSettled([first, erase, second]);
      expect(results[1].status).toBe('fulfilled');
      // C's log ran before the erase, or found no cat after it: a kind answer either way.
      const failures = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
      expect(failures.filter((e) => !(e instanceof UserFacingError))).toEqual([]);
      expect(await one.store.cats.listAccessible(C)).toEqual([]);
      expect(one.aborted() + two.aborted()).toBe(0);
    } finally {
      await close();
    }
  });

  it(
    'a check-in does not wait for a co-owner’s open transaction on the shared cat',
    { timeout: 30_000 },
    async () => {
      const { p, close } = await twoProcesses();
      try {
        const [one, two] = p;
        const deps = { store: one.store, clock: fakeClock(START) };
        await givenCat(deps, A, 'Miso');
        await shareCat(deps, { ownerId: A, cat: 'Miso', userId: B, userIsBot: false });
        await setCheckIn(deps, { ownerId: A, time: '19:00', timezone: 'Europe/Berlin' });
        await setCheckIn(deps, { ownerId: B, time: '19:00', timezone: 'Europe/Berlin' });
        deps.clock.set(new Date('2026-11-25T18:00:00Z'));
        // The co-owner's /log, stopped while it holds the shared cat (and its own owner row).
        let release!: () => void;
        const released = new Promise<void>((resolve) => (release = resolve));
        let holding!: () => void;
        const held = new Promise<void>((resolve) => (holding = resolve));
        const open = one.store.transaction(async (tx) => {
          await tx.owners.ensure(B, deps.clock.now());
          await tx.cats.listAccessible(B);
          holding();
          await released;
        });
        await held;
        const notifier = recordingNotifier();
        const summary = await runDueCheckIns({
          store: two.store,
          clock: deps.clock,
          notifier,
          logger: createLogger('silent'),
        });
        // The owner's check-in went out with the cat; the co-owner (their row held) is left for the next tick.
        expect(summary).toMatchObject({ sent: 1 });
        expect(notifier.dms.map((d) => d.ownerId)).toEqual([A]);
        release();
        await open;
        expect(
          await runDueCheckIns({
            store: two.store,
            clock: deps.clock,
            notifier,
            logger: createLogger('silent'),
          }),
        ).toMatchObject({ sent: 1 });
        const co = notifier.dms.find((d) => d.ownerId === B);
        expect(co?.message.kind === 'checkIn' ? co.message.view.cats.map((c) => c.name) : []).toEqual([
          'Miso',
        ]);
      } finally {
        await close();
      }
    },
  );
});
