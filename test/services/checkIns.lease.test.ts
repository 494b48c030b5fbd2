/**
 * The crash policy of the check-in tick as leases (services/checkInRun.ts), between two "processes": two
 * stores on the same database (PostgreSQL: two pools), one fake clock. A claim is held by a lease its
 * sender's heartbeat renews; a dead sender's claim is re-sent by whoever looks once the lease ran out,
 * with the same nonce; a sender whose claim was taken over records nothing.
 */
import { describe, expect, it } from 'vitest';
import { leaseFrom } from '../../src/domain/checkInDecision.js';
import { CHECK_IN_POLICY, checkInNonce } from '../../src/domain/checkInPolicy.js';
import { createLogger } from '../../src/logger.js';
import { runDueCheckIns, type CheckInRunDeps } from '../../src/services/checkInRun.js';
import { setCheckIn } from '../../src/services/checkInSettings.js';
import type { DmRequest, DmResult, Notifier } from '../../src/services/ports.js';
import type { Store } from '../../src/services/store/store.js';
import { forEachBackend, type TestDatabase } from '../support/backends.js';
import { days, fakeClock, seconds, type FakeClock } from '../support/fakeClock.js';
import { givenCat } from '../support/factories.js';

// Wed 25 Nov 2026: a 19:00 Berlin check-in is due at 18:00Z.
const START = '2026-11-25T09:00:00Z';
const DUE = Date.parse('2026-11-25T18:00:00Z');
const LEASE_MS = CHECK_IN_POLICY.claimLeaseSeconds * 1000;
/** A heartbeat that never beats within a test: the sender is dead (or stalled). */
const NO_HEARTBEAT = 3_600_000;

/** Discord as far as nonces go (enforce_nonce): a nonce seen before returns the first message. */
function discordLike() {
  const visible: DmRequest[] = [];
  const attempts: DmRequest[] = [];
  const byNonce = new Map<string, DmResult>();
  let nextId = 1;
  const notifier: Notifier = {
    sendDm(request) {
      attempts.push(request);
      const known = request.nonce === undefined ? undefined : byNonce.get(request.nonce);
      if (known) return Promise.resolve(known);
      const result = { messageId: `m${nextId++}`, dmChannelId: `dm-${request.ownerId}` };
      visible.push(request);
      if (request.nonce !== undefined) byNonce.set(request.nonce, result);
      return Promise.resolve(result);
    },
    postToChannel: () => Promise.reject(new Error('not used')),
    deletePost: () => Promise.reject(new Error('not used')),
    followUp: () => Promise.reject(new Error('not used')),
  };
  return { notifier, visible, attempts };
}

/** A sender whose DM hangs until released (a slow send, or a process that died mid-send if never). */
function hangingSender(answer: DmResult = { messageId: 'late', dmChannelId: 'dm-late' }) {
  let reached!: () => void;
  const reachedSend = new Promise<void>((resolve) => (reached = resolve));
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const requests: DmRequest[] = [];
  const notifier: Notifier = {
    async sendDm(request) {
      requests.push(request);
      reached();
      await released;
      return answer;
    },
    postToChannel: () => Promise.reject(new Error('not used')),
    deletePost: () => Promise.reject(new Error('not used')),
    followUp: () => Promise.reject(new Error('not used')),
  };
  return { notifier, reachedSend, release, requests };
}

function processOn(store: Store, clock: FakeClock, notifier: Notifier): CheckInRunDeps {
  return { store, clock, notifier, logger: createLogger('silent') };
}

async function dueOwner(db: TestDatabase): Promise<FakeClock> {
  const clock = fakeClock(START);
  const deps = { store: db.store, clock };
  await givenCat(deps, 'u1', 'Miso');
  await setCheckIn(deps, { ownerId: 'u1', time: '19:00', timezone: 'Europe/Berlin' });
  clock.set(new Date(DUE));
  return clock;
}

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Owners u0…u(n-1), each with a cat, due at DUE. */
async function dueOwners(db: TestDatabase, count: number): Promise<FakeClock> {
  const clock = fakeClock(START);
  const deps = { store: db.store, clock };
  for (let i = 0; i < count; i++) {
    await givenCat(deps, `u${i}`, 'Miso');
    await setCheckIn(deps, { ownerId: `u${i}`, time: '19:00', timezone: 'Europe/Berlin' });
  }
  clock.set(new Date(DUE));
  return clock;
}

const claimedCount = async (db: TestDatabase) =>
  (await db.rows('checkInSends')).filter((row) => row.status === 'claimed').length;

forEachBackend((_backend, open) => {
  describe('check-in claims held by a lease', () => {
    it("re-sends a dead sender's claim from another process once its lease ran out, not before, with the same nonce", async () => {
      const db = await open();
      const clock = await dueOwner(db);
      // Process A claims and dies in the middle of the send: no result, no heartbeat.
      const dead = hangingSender();
      void runDueCheckIns(processOn(db.store, clock, dead.notifier), { heartbeatMs: NO_HEARTBEAT });
      await dead.reachedSend;
      const [claim] = await db.rows('checkInSends');
      expect(claim).toMatchObject({ status: 'claimed', leaseUntil: new Date(DUE + LEASE_MS) });
      // The owner is due again exactly when the lease runs out.
      expect((await db.rows('owners'))[0]?.nextCheckInAt).toEqual(new Date(DUE + LEASE_MS));

      // Process B, on its own connection, looks while the lease still runs: nothing to do.
      const discord = discordLike();
      const other = processOn(db.secondStore(), clock, discord.notifier);
      expect(await runDueCheckIns(other)).toMatchObject({ due: 0, sent: 0 });
      clock.advance(LEASE_MS - 1_000);
      expect(await runDueCheckIns(other)).toMatchObject({ due: 0, sent: 0 });
      expect(discord.attempts).toHaveLength(0);

      // The lease ran out (20 s after the death, far inside Discord's nonce memory): re-sent once.
      clock.advance(1_000);
      expect(await runDueCheckIns(other)).toMatchObject({ due: 1, sent: 1, resent: 1 });
      expect(discord.attempts.map((r) => r.nonce)).toEqual([checkInNonce('u1', '2026-11-25')]);
      expect(dead.requests.map((r) => r.nonce)).toEqual([checkInNonce('u1', '2026-11-25')]);
      expect((await db.rows('checkInSends'))[0]).toMatchObject({ status: 'sent', messageId: 'm1' });
      expect((await db.rows('owners'))[0]?.nextCheckInAt).toEqual(new Date(DUE + days(1)));
      clock.advance(seconds(30));
      expect(await runDueCheckIns(other)).toMatchObject({ due: 0, sent: 0 });
      expect(discord.attempts).toHaveLength(1);
    });

    it("keeps a slow send's claim its own with the heartbeat: nobody takes it over", async () => {
      const db = await open();
      const clock = await dueOwner(db);
      const slow = hangingSender({ messageId: 'slow1', dmChannelId: 'dm-u1' });
      const running = runDueCheckIns(processOn(db.store, clock, slow.notifier), { heartbeatMs: 10 });
      await slow.reachedSend;

      const discord = discordLike();
      const other = processOn(db.secondStore(), clock, discord.notifier);
      // Three times 15 s: the send takes 45 s, more than twice the lease.
      for (let i = 0; i < 3; i++) {
        clock.advance(seconds(15));
        const renewed = leaseFrom(clock.now()).getTime();
        await until(async () => {
          const [claim] = await db.rows('checkInSends');
          const [owner] = await db.rows('owners');
          return claim?.leaseUntil?.getTime() === renewed && owner?.nextCheckInAt?.getTime() === renewed;
        }, 'the heartbeat to renew the lease');
        expect(await runDueCheckIns(other)).toMatchObject({ due: 0, sent: 0 });
      }
      expect(discord.attempts).toHaveLength(0);

      slow.release();
      expect(await running).toMatchObject({ due: 1, sent: 1, resent: 0 });
      expect((await db.rows('checkInSends'))[0]).toMatchObject({ status: 'sent', messageId: 'slow1' });
      expect((await db.rows('owners'))[0]?.nextCheckInAt).toEqual(new Date(DUE + days(1)));
      clock.advance(seconds(30));
      expect(await runDueCheckIns(other)).toMatchObject({ due: 0, sent: 0 });
    });

    it('records nothing from a sender whose claim was taken over (the fence)', async () => {
      const db = await open();
      const clock = await dueOwner(db);
      // A stalls (no heartbeat gets through) past its lease, then comes back with its result.
      const stalled = hangingSender({ messageId: 'stale', dmChannelId: 'dm-stale' });
      const running = runDueCheckIns(processOn(db.store, clock, stalled.notifier), {
        heartbeatMs: NO_HEARTBEAT,
      });
      await stalled.reachedSend;
      clock.advance(LEASE_MS + seconds(5));
      const discord = discordLike();
      const other = processOn(db.secondStore(), clock, discord.notifier);
      expect(await runDueCheckIns(other)).toMatchObject({ due: 1, sent: 1, resent: 1 });
      const recorded = await db.rows('checkInSends');
      expect(recorded[0]).toMatchObject({ status: 'sent', messageId: 'm1' });
      const ownerBefore = (await db.rows('owners'))[0];

      // A's late result: fenced off, nothing of it is stored.
      stalled.release();
      expect(await running).toMatchObject({ due: 1, sent: 1 });
      expect(await db.rows('checkInSends')).toEqual(recorded);
      expect((await db.rows('owners'))[0]).toEqual(ownerBefore);
      expect(ownerBefore?.dmChannelId).toBe('dm-u1');
    });

    it('records nothing from a sender fenced off while the new holder is still sending', async () => {
      const db = await open();
      const clock = await dueOwner(db);
      const stalled = hangingSender({ messageId: 'stale', dmChannelId: 'dm-stale' });
      const first = runDueCheckIns(processOn(db.store, clock, stalled.notifier), {
        heartbeatMs: NO_HEARTBEAT,
      });
      await stalled.reachedSend;
      clock.advance(LEASE_MS + seconds(5));
      // B takes the claim over and is itself sending (its heartbeat keeps its lease).
      const second = hangingSender({ messageId: 'm-b', dmChannelId: 'dm-u1' });
      const takeover = runDueCheckIns(processOn(db.secondStore(), clock, second.notifier), {
        heartbeatMs: 10,
      });
      await second.reachedSend;

      // A's result arrives now: the claim is still 'claimed', but no longer with A's token.
      stalled.release();
      expect(await first).toMatchObject({ sent: 1 });
      expect((await db.rows('checkInSends'))[0]).toMatchObject({ status: 'claimed', messageId: null });

      second.release();
      expect(await takeover).toMatchObject({ sent: 1, resent: 1 });
      expect((await db.rows('checkInSends'))[0]).toMatchObject({ status: 'sent', messageId: 'm-b' });
      expect((await db.rows('owners'))[0]).toMatchObject({
        dmChannelId: 'dm-u1',
        nextCheckInAt: new Date(DUE + days(1)),
      });
    });

    describe('claims ahead of the sends', () => {
      it('claims at most claimAhead owners (plus the chunk being claimed) ahead of a stuck sender', async () => {
        const db = await open();
        const clock = await dueOwners(db, 20);
        const stuck = hangingSender();
        const running = runDueCheckIns(processOn(db.store, clock, stuck.notifier), {
          concurrency: 1,
          claimChunk: 5,
          claimAhead: 5,
        });
        await stuck.reachedSend;
        // One sending, four queued (below 5: one more chunk), then five more: nine queued, the claimer waits.
        await until(async () => (await claimedCount(db)) === 10, 'two chunks to be claimed');
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(await claimedCount(db)).toBe(10);
        stuck.release();
        expect(await running).toMatchObject({ due: 20, sent: 20, failed: 0 });
        expect(stuck.requests.map((r) => r.ownerId).sort()).toEqual(
          Array.from({ length: 20 }, (_, i) => `u${i}`).sort(),
        );
      });

      it('stops claiming once the oldest waiting claim is claimAheadMs old, whatever the count', async () => {
        const db = await open();
        const clock = await dueOwners(db, 20);
        const stuck = hangingSender();
        // The first send takes 31 s of the clock: the claims queued behind it grow old meanwhile.
        const slow: Notifier = {
          ...stuck.notifier,
          sendDm: (request) => {
            if (stuck.requests.length === 0) clock.advance(seconds(31));
            return stuck.notifier.sendDm(request);
          },
        };
        const running = runDueCheckIns(processOn(db.store, clock, slow), {
          concurrency: 1,
          claimChunk: 5,
          claimAhead: 1_000,
          claimAheadMs: 30_000,
          heartbeatMs: 10,
        });
        await stuck.reachedSend;
        await new Promise((resolve) => setTimeout(resolve, 100));
        // The first chunk, and at most the one being claimed when the first send began.
        expect(await claimedCount(db)).toBeLessThanOrEqual(10);
        expect(await claimedCount(db)).toBeGreaterThanOrEqual(5);
        stuck.release();
        expect(await running).toMatchObject({ due: 20, sent: 20, failed: 0 });
      });
    });
  });
});
