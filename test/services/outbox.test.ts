import { describe, expect, it } from 'vitest';
import { announcementNonce } from '../../src/domain/announcements.js';
import type { Effect } from '../../src/domain/coach.js';
import { announceEffects } from '../../src/services/community/announce.js';
import { setAutoShare } from '../../src/services/community/autoShare.js';
import { setWinsChannel } from '../../src/services/community/winsChannel.js';
import {
  createOutboxWorker,
  deliverOutbox,
  OUTBOX_POLICY,
  pruneOutbox,
  type OutboxHandlers,
} from '../../src/services/outbox.js';
import { noteGuildUse } from '../../src/services/owners.js';
import { DeliveryError, type ChannelPostRequest } from '../../src/services/ports.js';
import { answerOffer, logSession } from '../../src/services/sessions.js';
import { days, seconds } from '../support/fakeClock.js';
import { backendDeps, givenCat, type BackendDeps } from '../support/factories.js';

const STAGE_UP: readonly Effect[] = [
  { type: 'stageChanged', from: 'harness_scenery', to: 'harness_drape', reason: 'advance' },
];

/** An owner who opted in to automatic posts, with a cat, in one server with a wins channel. */
async function optedIn(deps: BackendDeps): Promise<number> {
  await setWinsChannel(deps, { guildId: 'g1', channelId: 'wins', userId: 'admin', canManageGuild: true });
  const catId = await givenCat(deps, 'u1', 'Mochi');
  await noteGuildUse(deps, 'u1', 'g1');
  await setAutoShare(deps, { ownerId: 'u1', enabled: true });
  return catId;
}

/** Stores a stage-up to announce, as a session or decision would have. */
function enqueueStageUp(deps: BackendDeps, catId: number): Promise<void> {
  return deps.store.transaction((tx) =>
    tx.outbox.enqueue({
      kind: 'announce',
      ownerId: 'u1',
      catId,
      effects: STAGE_UP,
      createdAt: deps.clock.now(),
    }),
  );
}

function rows(deps: BackendDeps) {
  return deps.data.rows('outbox');
}

function announce(deps: BackendDeps): OutboxHandlers {
  return {
    announce: (item) =>
      announceEffects(deps, { ownerId: item.ownerId, catId: item.catId ?? 0, effects: item.effects }),
  };
}

/** Offers the next stage to the cat, as good days would have. */
async function offered(deps: BackendDeps, catId: number): Promise<void> {
  const cat = await deps.store.cats.find(catId);
  if (!cat) throw new Error('no cat');
  await deps.store.cats.saveState(catId, { ...cat, goodDays: 3, offerPending: true });
}

describe('the outbox', () => {
  it('an accepted stage-up stores its post in the same transaction, and only for owners who opted in', async () => {
    const deps = await backendDeps();
    const catId = await optedIn(deps);
    await offered(deps, catId);
    await answerOffer(deps, { ownerId: 'u1', catId, from: 'harness_scenery', accept: true });
    expect(await rows(deps)).toEqual([
      expect.objectContaining({ kind: 'announce', ownerId: 'u1', catId, status: 'pending', attempts: 0 }),
    ]);
    expect((await rows(deps))[0]?.effects).toContainEqual(STAGE_UP[0]);
    // Nothing was posted yet: the reply never waits for the post.
    expect(deps.notifier.posts).toHaveLength(0);

    await setAutoShare(deps, { ownerId: 'u1', enabled: false });
    await offered(deps, catId);
    await answerOffer(deps, { ownerId: 'u1', catId, from: 'harness_drape', accept: true });
    expect(await rows(deps)).toHaveLength(1);
  });

  it('a session that changes nothing worth a post stores nothing; a refused session stores nothing at all', async () => {
    const deps = await backendDeps();
    await optedIn(deps);
    await logSession(deps, { ownerId: 'u1', what: 'sniffed the harness, took a treat' });
    // The first session is celebrated in the reply only (not a public milestone).
    expect(await rows(deps)).toHaveLength(0);
    await expect(logSession(deps, { ownerId: 'u1', what: '', minutes: 3 })).rejects.toThrow();
    expect(await rows(deps)).toHaveLength(0);
  });

  it('delivers each item once: posted with a nonce from its claim, marked done, a second run posts nothing', async () => {
    const deps = await backendDeps();
    const catId = await optedIn(deps);
    await offered(deps, catId);
    await answerOffer(deps, { ownerId: 'u1', catId, from: 'harness_scenery', accept: true });

    expect(await deliverOutbox(deps, announce(deps))).toEqual({
      delivered: 1,
      retried: 0,
      failed: 0,
      lost: 0,
    });
    expect(await deliverOutbox(deps, announce(deps))).toEqual({
      delivered: 0,
      retried: 0,
      failed: 0,
      lost: 0,
    });
    expect(deps.notifier.posts).toHaveLength(1);
    expect(deps.notifier.posts[0]?.channelId).toBe('wins');
    expect(deps.notifier.posts[0]?.nonce).toMatch(/^auto-post-\d+$/);
    expect((await rows(deps))[0]).toMatchObject({ status: 'done', attempts: 1, leaseUntil: null });
    expect(await deps.store.outbox.depth()).toBe(0);
  });

  it('a worker that dies mid-post: its lease runs out, the next run posts again with the same nonce, and the dead worker can record nothing', async () => {
    const deps = await backendDeps();
    const catId = await optedIn(deps);
    await offered(deps, catId);
    await answerOffer(deps, { ownerId: 'u1', catId, from: 'harness_scenery', accept: true });

    // The first process: its post reaches Discord, then the process "dies" before recording anything.
    const reached: ChannelPostRequest[] = [];
    const dying = {
      ...deps,
      notifier: {
        ...deps.notifier,
        postToChannel: (request: ChannelPostRequest) => {
          reached.push(request);
          return new Promise<{ messageId: string }>(() => undefined);
        },
      },
    };
    void deliverOutbox(dying, announce(dying));
    await expect.poll(() => reached.length).toBe(1);
    const [held] = await rows(deps);
    expect(held).toMatchObject({ status: 'pending', attempts: 1 });

    // While its lease holds, nobody else takes the item.
    expect(await deliverOutbox(deps, announce(deps))).toEqual({
      delivered: 0,
      retried: 0,
      failed: 0,
      lost: 0,
    });
    expect(deps.notifier.posts).toHaveLength(0);

    deps.clock.advance(seconds(OUTBOX_POLICY.leaseMs / 1000 + 1));
    expect(await deliverOutbox(deps, announce(deps))).toMatchObject({ delivered: 1 });
    expect(deps.notifier.posts).toHaveLength(1);
    // The same nonce both times: Discord shows the post once.
    expect(deps.notifier.posts[0]?.nonce).toBe(reached[0]?.nonce);
    expect((await rows(deps))[0]).toMatchObject({ status: 'done', attempts: 2 });

    // The fence: the first claim's token no longer holds the item.
    expect(held?.claimToken).toBeTruthy();
    expect(
      await deps.store.outbox.finish(held?.id ?? 0, held?.claimToken ?? '', {
        status: 'failed',
        at: deps.clock.now(),
      }),
    ).toBe(false);
    expect((await rows(deps))[0]).toMatchObject({ status: 'done' });
  });

  it('an interrupted post is not made again once Discord may have forgotten its nonce', async () => {
    const deps = await backendDeps();
    const catId = await optedIn(deps);
    const claim = await deps.store.community.claimMilestone({
      guildId: 'g1',
      ownerId: 'u1',
      catId,
      catName: 'Mochi',
      milestone: 'stage:harness_drape',
      message: 'x',
      channelId: 'wins',
      at: deps.clock.now(),
    });
    deps.clock.advance(seconds(6 * 60));
    expect(await announceEffects(deps, { ownerId: 'u1', catId, effects: STAGE_UP })).toBe(0);
    expect(deps.notifier.posts).toHaveLength(0);
    expect(claim).not.toBeNull();
    expect(announcementNonce(claim ?? 0)).toHaveLength(`auto-post-${String(claim)}`.length);
  });

  it('retries a failure that may pass, then gives up after the last attempt; a refusal for good is not retried', async () => {
    const deps = await backendDeps();
    const catId = await optedIn(deps);
    await enqueueStageUp(deps, catId);
    let calls = 0;
    const flaky: OutboxHandlers = {
      announce: () => {
        calls++;
        return Promise.reject(new DeliveryError('transient', 'Discord is having a moment'));
      },
    };
    expect(await deliverOutbox(deps, flaky)).toMatchObject({ retried: 1 });
    // Not before its retry time…
    expect(await deliverOutbox(deps, flaky)).toMatchObject({ retried: 0, failed: 0 });
    for (let attempt = 2; attempt <= OUTBOX_POLICY.maxAttempts; attempt++) {
      deps.clock.advance(seconds(OUTBOX_POLICY.retryAfterMs / 1000 + 1));
      await deliverOutbox(deps, flaky);
    }
    expect(calls).toBe(OUTBOX_POLICY.maxAttempts);
    expect((await rows(deps))[0]?.status).toBe('failed');
    expect((await rows(deps))[0]?.error).toContain('moment');
    deps.clock.advance(seconds(3600));
    await deliverOutbox(deps, flaky);
    expect(calls).toBe(OUTBOX_POLICY.maxAttempts);

    // A channel the bot may not post in: the post is marked refused and the item is done, not retried.
    deps.notifier.forbiddenChannels.add('wins');
    await enqueueStageUp(deps, catId);
    expect(await deliverOutbox(deps, announce(deps))).toMatchObject({ delivered: 1, retried: 0 });
    deps.notifier.forbiddenChannels.clear();
    await enqueueStageUp(deps, catId);
    await deliverOutbox(deps, announce(deps));
    expect(deps.notifier.posts).toHaveLength(0);
  });

  it('forgets finished items after a week, never pending ones', async () => {
    const deps = await backendDeps();
    const catId = await optedIn(deps);
    const enqueue = () => enqueueStageUp(deps, catId);
    await enqueue();
    await deliverOutbox(deps, { announce: () => Promise.resolve() });
    await enqueue();
    deps.clock.advance(days(7) - 1);
    expect(await pruneOutbox(deps)).toBe(0);
    deps.clock.advance(2);
    expect(await pruneOutbox(deps)).toBe(1);
    expect((await rows(deps)).map((r) => r.status)).toEqual(['pending']);
  });

  it('the worker runs one round at a time; a kick during a round asks for one more', async () => {
    const deps = await backendDeps();
    const catId = await optedIn(deps);
    const enqueue = () => enqueueStageUp(deps, catId);
    await enqueue();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const seen: number[] = [];
    const worker = createOutboxWorker(deps, {
      announce: async (item) => {
        seen.push(item.id);
        if (seen.length === 1) await gate;
      },
    });
    const first = worker.run();
    await expect.poll(() => seen.length).toBe(1);
    await enqueue();
    const second = worker.run();
    expect(second).toBe(first);
    release();
    expect(await first).toMatchObject({ delivered: 2 });
    expect(seen).toHaveLength(2);
  });
});
