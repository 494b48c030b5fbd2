import { createSqliteStore } from '../../src/db/sqlite/store.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeDatabase, createDatabase, type Db } from '../../src/db/sqlite/client.js';
import { checkInSends, owners } from '../../src/db/sqlite/schema.js';
import { checkInNonce } from '../../src/domain/checkInPolicy.js';
import { runDueCheckIns } from '../../src/services/checkInRun.js';
import { setCheckIn } from '../../src/services/checkInSettings.js';
import type { DmRequest, DmResult, Notifier } from '../../src/services/ports.js';
import { createLogger } from '../../src/logger.js';
import { days, fakeClock, minutes, type FakeClock } from '../support/fakeClock.js';
import { givenCat, testDeps, type TestDeps } from '../support/factories.js';

// Wed 25 Nov 2026: a 19:00 Berlin check-in is due at 18:00Z.
const START = '2026-11-25T09:00:00Z';
const DUE = Date.parse('2026-11-25T18:00:00Z');

/**
 * Discord as far as nonces go: a message with a nonce seen before (enforce_nonce) returns the first
 * message instead of posting again. `visible` is what owners would see.
 */
function discordLike(options: { hangAfterAccepting?: boolean; delayMs?: number } = {}) {
  const visible: DmRequest[] = [];
  const attempts: DmRequest[] = [];
  const byNonce = new Map<string, DmResult>();
  let nextId = 1;
  const notifier: Notifier = {
    async sendDm(request) {
      attempts.push(request);
      if (options.delayMs !== undefined) await new Promise((r) => setTimeout(r, options.delayMs));
      const known = request.nonce === undefined ? undefined : byNonce.get(request.nonce);
      if (known) return known;
      const result = {
        messageId: `m${nextId++}`,
        dmChannelId: request.dmChannelId ?? `dm-${request.ownerId}`,
      };
      visible.push(request);
      if (request.nonce !== undefined) byNonce.set(request.nonce, result);
      // The process dies right after Discord accepted the message: the promise never settles.
      if (options.hangAfterAccepting) return new Promise<DmResult>(() => undefined);
      return result;
    },
    postToChannel: () => Promise.reject(new Error('not used')),
    deletePost: () => Promise.reject(new Error('not used')),
    followUp: () => Promise.reject(new Error('not used')),
  };
  return { notifier, visible, attempts, byNonce };
}

/** A "process": its own notifier on the same database and clock. */
function processOn(db: Db, clock: FakeClock, notifier: Notifier): TestDeps {
  return {
    db,
    store: createSqliteStore(db),
    clock,
    notifier: notifier as TestDeps['notifier'],
    logger: createLogger('silent'),
  };
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function twoConnections(): [Db, Db] {
  const dir = mkdtempSync(join(tmpdir(), 'checkins-'));
  const file = join(dir, 'coach.db');
  const a = createDatabase(file);
  const b = createDatabase(file);
  cleanups.push(() => {
    closeDatabase(a);
    closeDatabase(b);
    rmSync(dir, { recursive: true, force: true });
  });
  return [a, b];
}

describe('two ticks on the same database file', () => {
  it('send each check-in once, interleaved', async () => {
    const [dbA, dbB] = twoConnections();
    const clock = fakeClock(START);
    const discord = discordLike({ delayMs: 1 });
    const a = processOn(dbA, clock, discord.notifier);
    const b = processOn(dbB, clock, discord.notifier);
    const ids = Array.from({ length: 30 }, (_, i) => `u${i}`);
    for (const id of ids) {
      await givenCat(a, id, 'Miso');
      await setCheckIn(a, { ownerId: id, time: '19:00', timezone: 'Europe/Berlin' });
    }

    clock.set(new Date(DUE));
    // Each claims little ahead of its sends, so the two ticks' claims interleave rather than one
    // claiming every batch before the other looks.
    const [sa, sb] = await Promise.all([
      runDueCheckIns(a, { concurrency: 3, batchSize: 7, claimAhead: 3 }),
      runDueCheckIns(b, { concurrency: 3, batchSize: 7, claimAhead: 3 }),
    ]);
    expect(sa.sent + sb.sent).toBe(30);
    expect(sa.failed + sb.failed).toBe(0);
    expect(sa.sent).toBeGreaterThan(0);
    expect(sb.sent).toBeGreaterThan(0);
    expect(discord.attempts).toHaveLength(30);
    expect(discord.visible.map((d) => d.ownerId).sort()).toEqual([...ids].sort());

    clock.advance(minutes(1));
    await Promise.all([runDueCheckIns(a), runDueCheckIns(b)]);
    expect(discord.attempts).toHaveLength(30);
    const rows = dbB.select().from(checkInSends).all();
    expect(rows).toHaveLength(30);
    expect(rows.every((r) => r.status === 'sent' && r.messageId !== null)).toBe(true);

    // And the next day, again once each.
    clock.set(new Date(DUE + days(1)));
    await Promise.all([runDueCheckIns(b), runDueCheckIns(a), runDueCheckIns(b)]);
    expect(discord.visible).toHaveLength(60);
  });
});

describe('a crash between the claim and the send', () => {
  async function crashedAfterClaim(options: { accepted: boolean }) {
    const deps = testDeps(START);
    await givenCat(deps, 'u1', 'Miso');
    await setCheckIn(deps, { ownerId: 'u1', time: '19:00', timezone: 'Europe/Berlin' });
    deps.clock.set(new Date(DUE));
    const discord = discordLike();
    let reachedSend!: () => void;
    const sending = new Promise<void>((resolve) => (reachedSend = resolve));
    const dying: Notifier = {
      sendDm: (request) => {
        reachedSend();
        if (options.accepted) void discord.notifier.sendDm(request);
        return new Promise<DmResult>(() => undefined);
      },
      postToChannel: () => Promise.reject(new Error('not used')),
      deletePost: () => Promise.reject(new Error('not used')),
      followUp: () => Promise.reject(new Error('not used')),
    };
    // Not awaited: this process never gets past the send (the run is async: wait until it is there).
    void runDueCheckIns(processOn(deps.db, deps.clock, dying));
    await sending;
    return { deps, discord };
  }

  it('leaves the claim taken before anything is sent, so other ticks send nothing while its lease runs', async () => {
    const { deps, discord } = await crashedAfterClaim({ accepted: false });
    expect(deps.db.select().from(checkInSends).get()).toMatchObject({
      status: 'claimed',
      localDate: '2026-11-25',
    });
    const restarted = processOn(deps.db, deps.clock, discord.notifier);
    expect(await runDueCheckIns(restarted)).toMatchObject({ due: 0, sent: 0 });
    deps.clock.advance(19_000);
    expect(await runDueCheckIns(restarted)).toMatchObject({ due: 0, sent: 0 });
    expect(discord.attempts).toHaveLength(0);
  });

  it('re-sends once, with the same nonce, on the next tick after the claim went stale', async () => {
    const { deps, discord } = await crashedAfterClaim({ accepted: false });
    const restarted = processOn(deps.db, deps.clock, discord.notifier);
    deps.clock.advance(minutes(2));
    expect(await runDueCheckIns(restarted)).toMatchObject({ due: 1, sent: 1, resent: 1 });
    expect(discord.visible).toHaveLength(1);
    expect(discord.visible[0]?.nonce).toBe(checkInNonce('u1', '2026-11-25'));
    expect(deps.db.select().from(checkInSends).get()).toMatchObject({ status: 'sent', messageId: 'm1' });
    deps.clock.advance(minutes(5));
    expect(await runDueCheckIns(restarted)).toMatchObject({ due: 0 });
    deps.clock.set(new Date(DUE + days(1)));
    expect(await runDueCheckIns(restarted)).toMatchObject({ sent: 1, resent: 0 });
  });

  it('shows one message when the first send did land: Discord deduplicates the nonce', async () => {
    const { deps, discord } = await crashedAfterClaim({ accepted: true });
    expect(discord.visible).toHaveLength(1);
    const restarted = processOn(deps.db, deps.clock, discord.notifier);
    deps.clock.advance(minutes(3));
    expect(await runDueCheckIns(restarted)).toMatchObject({ sent: 1, resent: 1 });
    expect(discord.attempts.map((r) => r.nonce)).toEqual([
      checkInNonce('u1', '2026-11-25'),
      checkInNonce('u1', '2026-11-25'),
    ]);
    expect(discord.visible).toHaveLength(1);
    expect(deps.db.select().from(checkInSends).get()).toMatchObject({ status: 'sent', messageId: 'm1' });
  });

  it('gives the day up when the bot was down longer than the nonce is remembered', async () => {
    const { deps, discord } = await crashedAfterClaim({ accepted: true });
    const restarted = processOn(deps.db, deps.clock, discord.notifier);
    deps.clock.advance(minutes(20));
    expect(await runDueCheckIns(restarted)).toMatchObject({ sent: 0, resent: 0 });
    expect(discord.visible).toHaveLength(1);
    expect(discord.attempts).toHaveLength(1);
    expect(deps.db.select().from(checkInSends).get()).toMatchObject({ status: 'failed' });
    expect(deps.db.select().from(owners).get()?.nextCheckInAt).toEqual(new Date(DUE + days(1)));
    deps.clock.set(new Date(DUE + days(1)));
    expect(await runDueCheckIns(restarted)).toMatchObject({ sent: 1 });
  });

  it('re-sends at most once: a retry that crashes too is given up', async () => {
    const { deps } = await crashedAfterClaim({ accepted: false });
    deps.clock.advance(minutes(2));
    let reachedSend!: () => void;
    const sending = new Promise<void>((resolve) => (reachedSend = resolve));
    void runDueCheckIns(
      processOn(deps.db, deps.clock, {
        sendDm: () => {
          reachedSend();
          return new Promise<DmResult>(() => undefined);
        },
        postToChannel: () => Promise.reject(new Error('not used')),
        deletePost: () => Promise.reject(new Error('not used')),
        followUp: () => Promise.reject(new Error('not used')),
      }),
    );
    await sending; // the retry got as far as its send, then "crashed" too
    const discord = discordLike();
    const third = processOn(deps.db, deps.clock, discord.notifier);
    deps.clock.advance(minutes(2));
    expect(await runDueCheckIns(third)).toMatchObject({ sent: 0, resent: 0 });
    expect(discord.attempts).toHaveLength(0);
    expect(deps.db.select().from(checkInSends).get()).toMatchObject({ status: 'failed' });
  });
});

describe('batched claims and results', () => {
  async function dueOwners(deps: TestDeps, count: number): Promise<string[]> {
    const ids = Array.from({ length: count }, (_, i) => `b${String(i).padStart(2, '0')}`);
    for (const id of ids) {
      await givenCat(deps, id, 'Miso');
      await setCheckIn(deps, { ownerId: id, time: '19:00', timezone: 'Europe/Berlin' });
    }
    deps.clock.set(new Date(DUE));
    return ids;
  }

  it('claims a whole chunk in one committed transaction before its first send', async () => {
    const [dbA, dbB] = twoConnections();
    const clock = fakeClock(START);
    const discord = discordLike();
    // What another connection sees committed at the moment of each send.
    const claimedSeen: number[] = [];
    const claimed = dbB.$client.prepare("SELECT count(*) FROM check_in_sends WHERE status = 'claimed'");
    const watching: Notifier = {
      sendDm: (request) => {
        claimedSeen.push(claimed.pluck().get() as number);
        return discord.notifier.sendDm(request);
      },
      postToChannel: () => Promise.reject(new Error('not used')),
      deletePost: () => Promise.reject(new Error('not used')),
      followUp: () => Promise.reject(new Error('not used')),
    };
    const deps = processOn(dbA, clock, watching);
    await dueOwners(deps, 12);
    const summary = await runDueCheckIns(deps, { claimChunk: 5, concurrency: 2 });
    expect(summary).toMatchObject({ due: 12, sent: 12, failed: 0 });
    // All five of the first chunk were on disk before anything went out.
    expect(claimedSeen[0]).toBe(5);
    expect(discord.visible).toHaveLength(12);
    expect(
      dbB
        .select()
        .from(checkInSends)
        .all()
        .every((r) => r.status === 'sent'),
    ).toBe(true);
  });

  it('stores results within the window while other sends are still in flight', async () => {
    const deps = testDeps(START);
    const ids = await dueOwners(deps, 3);
    const discord = discordLike();
    const oneHangs: Notifier = {
      sendDm: (request) =>
        request.ownerId === ids[2]
          ? new Promise<DmResult>(() => undefined)
          : discord.notifier.sendDm(request),
      postToChannel: () => Promise.reject(new Error('not used')),
      deletePost: () => Promise.reject(new Error('not used')),
      followUp: () => Promise.reject(new Error('not used')),
    };
    void runDueCheckIns(processOn(deps.db, deps.clock, oneHangs), { recordWindowMs: 20 });
    await new Promise((r) => setTimeout(r, 100));
    const rows = deps.db.select().from(checkInSends).orderBy(checkInSends.ownerId).all();
    expect(rows.map((r) => r.status)).toEqual(['sent', 'sent', 'claimed']);
  });

  it('re-sends results not yet stored when the process died, with the same nonce, shown once', async () => {
    const deps = testDeps(START);
    const ids = await dueOwners(deps, 6);
    const discord = discordLike();
    // Every DM reaches Discord; the last one's answer never comes back, and the process dies before
    // the batch of results (held for a whole hour here) is stored.
    const dying: Notifier = {
      sendDm: async (request) => {
        const result = await discord.notifier.sendDm(request);
        return request.ownerId === ids[5] ? new Promise<DmResult>(() => undefined) : result;
      },
      postToChannel: () => Promise.reject(new Error('not used')),
      deletePost: () => Promise.reject(new Error('not used')),
      followUp: () => Promise.reject(new Error('not used')),
    };
    void runDueCheckIns(processOn(deps.db, deps.clock, dying), {
      recordChunk: 100,
      recordWindowMs: 3_600_000,
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(discord.visible).toHaveLength(6);
    expect(
      deps.db
        .select()
        .from(checkInSends)
        .all()
        .every((r) => r.status === 'claimed'),
    ).toBe(true);

    const restarted = processOn(deps.db, deps.clock, discord.notifier);
    deps.clock.advance(minutes(2));
    expect(await runDueCheckIns(restarted)).toMatchObject({ due: 6, sent: 6, resent: 6 });
    expect(discord.visible).toHaveLength(6);
    expect(discord.attempts.map((r) => r.nonce)).toEqual(
      [...ids, ...ids].map((id) => checkInNonce(id, '2026-11-25')),
    );
    const rows = deps.db.select().from(checkInSends).all();
    expect(rows.every((r) => r.status === 'sent' && r.messageId !== null)).toBe(true);
    expect(
      new Set(
        deps.db
          .select()
          .from(owners)
          .all()
          .map((o) => o.nextCheckInAt?.getTime()),
      ),
    ).toEqual(new Set([DUE + days(1)]));
  });
});
