/**
 * One check-in run on PostgreSQL: its heartbeat (renewing the leases of its open claims) and its recorder
 * (storing what the sends did) both write many of the same rows, claims and their owners, one statement
 * each, which lock them in no set order. At the same time they deadlock: PostgreSQL aborts one after a
 * second, and a recording that lost three times left its claims open (re-sent by a later tick). The run
 * makes them take turns.
 */
import { expect, it } from 'vitest';
import { runDueCheckIns } from '../../src/services/checkInRun.js';
import { setCheckIn } from '../../src/services/checkInSettings.js';
import type { Notifier } from '../../src/services/ports.js';
import { openTestDatabase } from '../support/backends.js';
import { fakeClock } from '../support/fakeClock.js';
import { givenCat } from '../support/factories.js';
import { captureLogger } from '../reliability/support/captureLogger.js';

// Wed 25 Nov 2026: a 19:00 Berlin check-in is due at 18:00Z.
const START = '2026-11-25T09:00:00Z';
const DUE = Date.parse('2026-11-25T18:00:00Z');

it('records every send while the heartbeat beats, with no deadlock', { timeout: 60_000 }, async () => {
  const data = await openTestDatabase('postgres', { poolSize: 6 });
  const clock = fakeClock(START);
  const owners = Array.from({ length: 60 }, (_, i) => `u${String(i)}`);
  for (const id of owners) {
    await givenCat({ store: data.store, clock }, id, 'Miso');
    await setCheckIn({ store: data.store, clock }, { ownerId: id, time: '19:00', timezone: 'Europe/Berlin' });
  }
  let id = 0;
  const notifier: Notifier = {
    async sendDm(request) {
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 4));
      return { messageId: `m${String(++id)}`, dmChannelId: `dm-${request.ownerId}` };
    },
    postToChannel: () => Promise.reject(new Error('not used')),
    deletePost: () => Promise.reject(new Error('not used')),
    followUp: () => Promise.reject(new Error('not used')),
  };
  const { logger, lines } = captureLogger('warn');
  clock.set(new Date(DUE));

  // A heartbeat every few milliseconds and a recording per send: the two overlap all the time.
  const summary = await runDueCheckIns(
    { store: data.store, clock, notifier, logger },
    { heartbeatMs: 5, recordChunk: 1, concurrency: 6, claimChunk: 20 },
  );

  expect(summary).toMatchObject({ due: owners.length, sent: owners.length, failed: 0 });
  expect(lines.map((l) => l.msg)).toEqual([]);
  const claims = await data.rows('checkInSends');
  expect(claims.map((c) => c.status)).toEqual(owners.map(() => 'sent'));
  // PostgreSQL counts the deadlocks it broke (a retried one leaves no other trace).
  expect(
    await data.query('SELECT deadlocks::int AS n FROM pg_stat_database WHERE datname = current_database()'),
  ).toEqual([{ n: 0 }]);
});
