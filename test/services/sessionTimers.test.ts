/**
 * /session start and the firing of due timers, on SQLite and PostgreSQL, with a fake clock. A "restart" is
 * new deps (a new notifier, a second store on the same database, as a restarted process has) over the
 * timers the first one stored.
 */
import { describe, expect, it } from 'vitest';
import { renderUserError } from '../../src/discord/views/userErrors.js';
import { sessionTimerJob } from '../../src/jobs/sessionTimerJob.js';
import { createLogger } from '../../src/logger.js';
import { removeCat } from '../../src/services/cats.js';
import type { Deps } from '../../src/services/deps.js';
import { UserFacingError } from '../../src/services/errors.js';
import { deleteOwnerData } from '../../src/services/myData.js';
import { DeliveryError, type DmRequest, type SessionTimerDoneView } from '../../src/services/ports.js';
import {
  runDueSessionTimers,
  SESSION_TIMER_POLICY,
  sessionTimerNonce,
  startSessionTimer,
} from '../../src/services/sessionTimers.js';
import type { Store } from '../../src/services/store/store.js';
import { forEachBackend } from '../support/backends.js';
import { fakeClock, minutes, seconds, type FakeClock } from '../support/fakeClock.js';
import { givenCat } from '../support/factories.js';
import { recordingNotifier, type RecordingNotifier } from '../support/recordingNotifier.js';

const START = '2026-11-25T09:00:00Z';
const HANDLE = '1234:interaction-token';
const FOLLOW_UP = { replyHandle: HANDLE, usableForMs: minutes(12) };
/** A heartbeat that never beats within a test: the sender is dead. */
const NO_HEARTBEAT = 3_600_000;

type TimerDeps = Deps & { clock: FakeClock; notifier: RecordingNotifier };

function depsOn(store: Store, clock: FakeClock = fakeClock(START)): TimerDeps {
  return { store, clock, notifier: recordingNotifier(), logger: createLogger('silent') };
}

function doneViews(deps: TimerDeps): { route: 'follow_up' | 'dm'; view: SessionTimerDoneView }[] {
  return [
    ...deps.notifier.followUps.map((f) => ({ route: 'follow_up' as const, view: f.message.view })),
    ...deps.notifier.dms.flatMap((d) =>
      d.message.kind === 'sessionTimerDone' ? [{ route: 'dm' as const, view: d.message.view }] : [],
    ),
  ];
}

async function expectProblem(promise: Promise<unknown>, code: string, words: RegExp): Promise<void> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserFacingError);
  expect((error as UserFacingError).code).toBe(code);
  expect(renderUserError(error as UserFacingError)).toMatch(words);
}

forEachBackend((_backend, open) => {
  describe('/session start', () => {
    it('starts a timer of the stage’s suggested length, with the stage’s goal', async () => {
      const data = await open();
      const { store } = data;
      const deps = depsOn(store);
      await givenCat(deps, 'u1', 'Mochi', 'harness_wear');
      const view = await startSessionTimer(deps, { ownerId: 'u1', followUp: FOLLOW_UP });
      expect(view).toMatchObject({
        catName: 'Mochi',
        stage: { id: 'harness_wear', position: 4 },
        minutes: 5,
        suggested: true,
        endsAt: new Date('2026-11-25T09:05:00Z'),
        replaced: null,
      });
      expect(view.goal).toMatch(/harness/i);
      expect(await data.rows('sessionTimers')).toEqual([
        expect.objectContaining({
          ownerId: 'u1',
          minutes: 5,
          status: 'running',
          replyHandle: HANDLE,
          followUpUntil: new Date('2026-11-25T09:12:00Z'),
        }),
      ]);
    });

    it('takes the minutes given, 1 to 10, and kindly refuses others', async () => {
      const { store } = await open();
      const deps = depsOn(store);
      await givenCat(deps, 'u1', 'Mochi');
      const view = await startSessionTimer(deps, { ownerId: 'u1', minutes: 10, followUp: null });
      expect(view).toMatchObject({ minutes: 10, suggested: false });
      for (const bad of [0, 11, 2.5]) {
        await expectProblem(
          startSessionTimer(deps, { ownerId: 'u1', minutes: bad, followUp: null }),
          'invalid_minutes',
          /from 1 to 10/,
        );
      }
    });

    it('resolves the cat as /log does: unknown, ambiguous, none', async () => {
      const { store } = await open();
      const deps = depsOn(store);
      await expectProblem(startSessionTimer(deps, { ownerId: 'u1', followUp: null }), 'no_cats', /cat add/);
      await givenCat(deps, 'u1', 'Salt');
      await givenCat(deps, 'u1', 'Pepper');
      await expectProblem(
        startSessionTimer(deps, { ownerId: 'u1', followUp: null }),
        'ambiguous_cat',
        /Which cat\? You have \*\*Salt\*\*, \*\*Pepper\*\*/,
      );
      await expectProblem(
        startSessionTimer(deps, { ownerId: 'u1', cat: 'Tofu', followUp: null }),
        'unknown_cat',
        /could not find a cat called that/,
      );
      expect(await startSessionTimer(deps, { ownerId: 'u1', cat: 'pep', followUp: null })).toMatchObject({
        catName: 'Pepper',
      });
    });

    it('replaces a running timer and says so; one that already fired is not mentioned', async () => {
      const data = await open();
      const { store } = data;
      const deps = depsOn(store);
      await givenCat(deps, 'u1', 'Salt');
      await givenCat(deps, 'u1', 'Pepper');
      await startSessionTimer(deps, { ownerId: 'u1', cat: 'Salt', followUp: FOLLOW_UP });
      deps.clock.advance(seconds(30));
      const second = await startSessionTimer(deps, { ownerId: 'u1', cat: 'Pepper', followUp: FOLLOW_UP });
      expect(second.replaced).toEqual({ catName: 'Salt', endsAt: new Date('2026-11-25T09:02:00Z') });

      deps.clock.advance(minutes(5));
      expect(await runDueSessionTimers(deps)).toMatchObject({ due: 1, followUps: 1 });
      // Only the replacing timer fired.
      expect(doneViews(deps).map((d) => d.view.catName)).toEqual(['Pepper']);
      const third = await startSessionTimer(deps, { ownerId: 'u1', cat: 'Salt', followUp: FOLLOW_UP });
      expect(third.replaced).toBeNull();
      expect(await data.rows('sessionTimers')).toHaveLength(1);
    });
  });

  describe('when the time is up', () => {
    it('follows up on the owner’s interaction once, at the end and not before', async () => {
      const data = await open();
      const { store } = data;
      const deps = depsOn(store);
      const catId = await givenCat(deps, 'u1', 'Mochi', 'harness_drape');
      await startSessionTimer(deps, { ownerId: 'u1', followUp: FOLLOW_UP });

      deps.clock.advance(seconds(59));
      expect(await runDueSessionTimers(deps)).toMatchObject({ due: 0 });
      deps.clock.advance(seconds(1));
      expect(await runDueSessionTimers(deps)).toMatchObject({ due: 1, followUps: 1, dms: 0 });
      expect(await runDueSessionTimers(deps)).toMatchObject({ due: 0 });

      expect(deps.notifier.followUps).toEqual([
        {
          replyHandle: HANDLE,
          message: {
            kind: 'sessionTimerDone',
            view: {
              ownerId: 'u1',
              catId,
              catName: 'Mochi',
              minutes: 1,
              endsAt: new Date('2026-11-25T09:01:00Z'),
              late: false,
            },
          },
        },
      ]);
      expect(deps.notifier.dms).toEqual([]);
      expect((await data.rows('sessionTimers'))[0]).toMatchObject({
        status: 'done',
        deliveredVia: 'follow_up',
        replyHandle: null,
        attempts: 1,
      });
    });

    it('survives a restart: a timer stored before it fires after it, exactly once', async () => {
      const data = await open();
      const before = depsOn(data.store);
      await givenCat(before, 'u1', 'Mochi', 'harness_buckle');
      await startSessionTimer(before, { ownerId: 'u1', followUp: FOLLOW_UP });

      // The process stops; another starts on the same database, after the timer ran out.
      const clock = fakeClock('2026-11-25T09:02:30Z');
      const after = depsOn(data.secondStore(), clock);
      expect(await runDueSessionTimers(after)).toMatchObject({ due: 1, followUps: 1 });
      expect(await runDueSessionTimers(after)).toMatchObject({ due: 0 });
      // And once more "restarted": nothing left to fire.
      const again = depsOn(data.secondStore(), clock);
      clock.advance(minutes(5));
      expect(await runDueSessionTimers(again)).toMatchObject({ due: 0 });
      expect([...doneViews(before), ...doneViews(after), ...doneViews(again)]).toHaveLength(1);
    });

    it('re-fires a timer whose sender died mid-send once its lease ran out, as a DM with the timer’s nonce', async () => {
      const data = await open();
      const deps = depsOn(data.store);
      await givenCat(deps, 'u1', 'Mochi');
      await startSessionTimer(deps, { ownerId: 'u1', minutes: 3, followUp: FOLLOW_UP });
      deps.clock.advance(minutes(3));
      // Process A claims it and dies while sending (its follow-up never answers).
      const dying = {
        ...deps,
        notifier: { ...deps.notifier, followUp: () => new Promise<never>(() => undefined) },
      };
      void runDueSessionTimers(dying, { heartbeatMs: NO_HEARTBEAT });
      const timerId = await until(async () => {
        const [row] = await data.rows('sessionTimers');
        return row?.attempts === 1 ? row.id : undefined;
      });

      const other = depsOn(data.secondStore(), deps.clock);
      deps.clock.advance(SESSION_TIMER_POLICY.leaseMs - 1_000);
      expect(await runDueSessionTimers(other)).toMatchObject({ due: 0 });
      deps.clock.advance(1_000);
      // The follow-up might have reached Discord: the second try is a DM that Discord deduplicates.
      expect(await runDueSessionTimers(other)).toMatchObject({ due: 1, followUps: 0, dms: 1 });
      expect(other.notifier.dms.map((d) => d.nonce)).toEqual([sessionTimerNonce(timerId)]);
      expect(await runDueSessionTimers(other)).toMatchObject({ due: 0 });
    });

    it('sends a DM when the interaction no longer takes follow-ups (its token expired)', async () => {
      const data = await open();
      const { store } = data;
      const deps = depsOn(store);
      await givenCat(deps, 'u1', 'Mochi');
      await startSessionTimer(deps, { ownerId: 'u1', minutes: 2, followUp: FOLLOW_UP });
      deps.notifier.expiredHandles.add(HANDLE);
      deps.clock.advance(minutes(2));
      expect(await runDueSessionTimers(deps)).toMatchObject({ due: 1, followUps: 0, dms: 1 });
      expect(deps.notifier.dms).toEqual([
        expect.objectContaining({ ownerId: 'u1', dmChannelId: null, nonce: expect.any(String) as string }),
      ]);
      expect((await data.rows('sessionTimers'))[0]).toMatchObject({ status: 'done', deliveredVia: 'dm' });
      // The DM channel is kept for next time.
      expect((await store.owners.find('u1'))?.dmChannelId).toBe('dm-u1');
    });

    it('goes straight to a DM once the follow-up window has passed (the bot was down), and says it is late', async () => {
      const { store } = await open();
      const deps = depsOn(store);
      await givenCat(deps, 'u1', 'Mochi');
      await startSessionTimer(deps, { ownerId: 'u1', minutes: 5, followUp: FOLLOW_UP });
      deps.clock.advance(minutes(12));
      expect(await runDueSessionTimers(deps)).toMatchObject({ due: 1, followUps: 0, dms: 1 });
      expect(deps.notifier.followUps).toEqual([]);
      expect(doneViews(deps).map((d) => [d.route, d.view.late])).toEqual([['dm', true]]);
    });

    it('records closed DMs on the timer and stops there: no retries', async () => {
      const data = await open();
      const { store } = data;
      const deps = depsOn(store);
      await givenCat(deps, 'u1', 'Mochi');
      await startSessionTimer(deps, { ownerId: 'u1', minutes: 1, followUp: null });
      deps.notifier.closedDms.add('u1');
      deps.clock.advance(minutes(1));
      expect(await runDueSessionTimers(deps)).toMatchObject({ due: 1, dmsClosed: 1, retried: 0 });
      expect((await data.rows('sessionTimers'))[0]).toMatchObject({
        status: 'dms_closed',
        error: 'dms_closed',
      });
      deps.clock.advance(minutes(10));
      expect(await runDueSessionTimers(deps)).toMatchObject({ due: 0 });
      // Check-ins are not touched: a closed DM here says nothing about them.
      expect(await store.owners.find('u1')).toMatchObject({ dmsReachable: true, dmsNoticePending: false });
    });

    it('tries a DM that failed for a passing reason again later, with the same nonce, then gives up', async () => {
      const data = await open();
      const { store } = data;
      const deps = depsOn(store);
      await givenCat(deps, 'u1', 'Mochi');
      await startSessionTimer(deps, { ownerId: 'u1', minutes: 1, followUp: null });
      const tries: DmRequest[] = [];
      const flaky = {
        ...deps,
        notifier: {
          ...deps.notifier,
          sendDm: (request: DmRequest) => {
            tries.push(request);
            return Promise.reject(new DeliveryError('transient', '503'));
          },
        },
      };
      deps.clock.advance(minutes(1));
      expect(await runDueSessionTimers(flaky)).toMatchObject({ due: 1, retried: 1 });
      deps.clock.advance(SESSION_TIMER_POLICY.retryAfterMs - 1);
      expect(await runDueSessionTimers(flaky)).toMatchObject({ due: 0 });
      deps.clock.advance(1);
      expect(await runDueSessionTimers(flaky)).toMatchObject({ due: 1, retried: 1 });
      deps.clock.advance(SESSION_TIMER_POLICY.retryAfterMs);
      expect(await runDueSessionTimers(flaky)).toMatchObject({ due: 1, failed: 1 });
      expect(new Set(tries.map((t) => t.nonce)).size).toBe(1);
      expect(tries).toHaveLength(SESSION_TIMER_POLICY.maxAttempts);
      expect((await data.rows('sessionTimers'))[0]).toMatchObject({ status: 'failed', attempts: 3 });
    });

    it('never fires for a cat that was removed, nor for an owner who deleted their data', async () => {
      const data = await open();
      const { store } = data;
      const deps = depsOn(store);
      const mochi = await givenCat(deps, 'u1', 'Mochi');
      await givenCat(deps, 'u2', 'Tofu');
      await startSessionTimer(deps, { ownerId: 'u1', followUp: FOLLOW_UP });
      await startSessionTimer(deps, { ownerId: 'u2', followUp: FOLLOW_UP });
      await removeCat(deps, { ownerId: 'u1', catId: mochi });
      await deleteOwnerData(deps, 'u2');
      expect(await data.rows('sessionTimers')).toEqual([]);
      deps.clock.advance(minutes(15));
      expect(await runDueSessionTimers(deps)).toMatchObject({ due: 0 });
      expect(doneViews(deps)).toEqual([]);
    });

    it('runs as a job that is quiet when nothing is due', async () => {
      const { store } = await open();
      const deps = depsOn(store);
      const job = sessionTimerJob(() => runDueSessionTimers(deps));
      const result = await job.run(deps.clock.now());
      expect(typeof job.quiet === 'function' && job.quiet(result)).toBe(true);
    });
  });
});

async function until<T>(check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
