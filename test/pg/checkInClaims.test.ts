/**
 * Check-in claims on PostgreSQL from several processes at once (issue 13, item 5): each process has its own
 * pool and notifier on one database; every due owner is claimed, and sent, exactly once.
 */
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { runDueCheckIns } from '../../src/services/checkInRun.js';
import { setCheckIn } from '../../src/services/checkInSettings.js';
import type { DmRequest, Notifier } from '../../src/services/ports.js';
import type { Store } from '../../src/services/store/store.js';
import { openTestDatabase } from '../support/backends.js';
import { days, fakeClock, minutes } from '../support/fakeClock.js';
import { givenCat } from '../support/factories.js';

// Wed 25 Nov 2026: a 19:00 Berlin check-in is due at 18:00Z.
const START = '2026-11-25T09:00:00Z';
const DUE = Date.parse('2026-11-25T18:00:00Z');

function recordingDms(sent: DmRequest[]): Notifier {
  let id = 0;
  return {
    async sendDm(request) {
      await new Promise((resolve) => setTimeout(resolve, 1));
      sent.push(request);
      return { messageId: `m${String(++id)}`, dmChannelId: request.dmChannelId ?? `dm-${request.ownerId}` };
    },
    postToChannel: () => Promise.reject(new Error('not used')),
    deletePost: () => Promise.reject(new Error('not used')),
    followUp: () => Promise.reject(new Error('not used')),
  };
}

describe('PostgreSQL: three processes run the check-in tick at once', () => {
  it('claim and send each due owner once, sharing the work', { timeout: 60_000 }, async () => {
    const data = await openTestDatabase('postgres', { poolSize: 6 });
    const clock = fakeClock(START);
    const owners = Array.from({ length: 150 }, (_, i) => `u${String(i)}`);
    for (const id of owners) {
      await givenCat({ store: data.store, clock }, id, 'Miso');
      await setCheckIn(
        { store: data.store, clock },
        { ownerId: id, time: '19:00', timezone: 'Europe/Berlin' },
      );
    }
    const sent: DmRequest[] = [];
    const processes = [data.store, data.secondStore(), data.secondStore()].map((store: Store) => ({
      store,
      clock,
      notifier: recordingDms(sent),
      logger: createLogger('silent'),
    }));

    clock.set(new Date(DUE));
    const summaries = await Promise.all(
      processes.map((deps) => runDueCheckIns(deps, { concurrency: 4, batchSize: 20, claimChunk: 10 })),
    );
    expect(summaries.reduce((n, s) => n + s.failed, 0)).toBe(0);
    expect(summaries.reduce((n, s) => n + s.sent, 0)).toBe(owners.length);
    expect(summaries.filter((s) => s.sent > 0).length).toBeGreaterThan(1);
    // Every owner a process's due query returned is accounted for: sent there, or left to another.
    for (const s of summaries) expect(s.sent + s.elsewhere + s.alreadyClaimed).toBe(s.due);
    expect(sent.map((d) => d.ownerId).sort()).toEqual([...owners].sort());
    const claims = await data.rows('checkInSends');
    expect(claims).toHaveLength(owners.length);
    expect(claims.every((c) => c.status === 'sent' && c.messageId !== null)).toBe(true);

    // A minute later nothing is due; the next day, once each again.
    clock.advance(minutes(1));
    await Promise.all(processes.map((deps) => runDueCheckIns(deps)));
    expect(sent).toHaveLength(owners.length);
    clock.set(new Date(DUE + days(1)));
    await Promise.all(processes.map((deps) => runDueCheckIns(deps, { batchSize: 20, claimChunk: 10 })));
    expect(sent).toHaveLength(2 * owners.length);
    expect(new Set(sent.map((d) => `${d.ownerId} ${d.nonce ?? ''}`)).size).toBe(2 * owners.length);
  });
});
