import { describe, expect, it } from 'vitest';
import {
  checkInStatus,
  pauseCheckIns,
  resumeCheckIns,
  setCheckIn,
} from '../../src/services/checkInSettings.js';
import { renderPaused, renderResumed } from '../../src/discord/views/checkInViews.js';
import { getProgress } from '../../src/services/progress.js';
import { logSession } from '../../src/services/sessions.js';
import { days, hours } from '../support/fakeClock.js';
import { backendDeps, givenCat } from '../support/factories.js';
import {
  DUE_DAY_0,
  START,
  checkInViews,
  expectUserError,
  givenBerlinOwner,
  tickAt,
} from './checkInFixtures.js';

describe('pause, resume, status', () => {
  it('reports nothing set up for a new owner', async () => {
    const deps = await backendDeps(START);
    expect(await checkInStatus(deps, 'new')).toMatchObject({
      enabled: false,
      nextLocal: null,
      paused: false,
    });
  });

  it.each([0, 61, 1.5, -3])('refuses %j days', async (d) => {
    const deps = await backendDeps(START);
    await givenBerlinOwner(deps);
    await expectUserError(() => pauseCheckIns(deps, { ownerId: 'u1', days: d }), 'invalid_days', /1 to 60/);
  });

  it('needs check-ins set up first', async () => {
    const deps = await backendDeps(START);
    await expectUserError(
      () => pauseCheckIns(deps, { ownerId: 'u1', days: 3 }),
      'not_set_up',
      /\/checkin set/,
    );
    await expectUserError(() => resumeCheckIns(deps, { ownerId: 'u1' }), 'not_set_up');
  });

  it('pauses for some days and comes back by itself', async () => {
    const deps = await backendDeps(START);
    await givenBerlinOwner(deps);
    const paused = await pauseCheckIns(deps, { ownerId: 'u1', days: 3 });
    expect(paused).toMatchObject({ untilLocal: 'Sat 28 Nov, 10:00' });
    expect(renderPaused(paused)).toContain('Sat 28 Nov, 10:00');
    expect(await checkInStatus(deps, 'u1')).toMatchObject({
      enabled: true,
      paused: true,
      pausedReason: 'owner',
      pausedUntilLocal: 'Sat 28 Nov, 10:00',
      nextLocal: 'Sat 28 Nov, 19:00',
    });
    for (let d = 0; d < 3; d++) await tickAt(deps, DUE_DAY_0 + days(d));
    expect(deps.notifier.dms).toHaveLength(0);
    expect(await tickAt(deps, DUE_DAY_0 + days(3))).toMatchObject({ sent: 1 });
    expect(checkInViews(deps)[0]).toMatchObject({ localDate: '2026-11-28', nudge: false });
    expect(await checkInStatus(deps, 'u1')).toMatchObject({ paused: false, nextLocal: 'Sun 29 Nov, 19:00' });
    expect(await deps.data.rows('pauses')).toEqual([
      expect.objectContaining({
        startedAt: new Date(START),
        endedAt: new Date('2026-11-28T09:00:00Z'),
      }),
    ]);
  });

  it('pauses until resumed', async () => {
    const deps = await backendDeps(START);
    await givenBerlinOwner(deps);
    expect(await pauseCheckIns(deps, { ownerId: 'u1' })).toMatchObject({ until: null, untilLocal: null });
    expect(await checkInStatus(deps, 'u1')).toMatchObject({
      paused: true,
      nextAt: null,
      pausedUntilLocal: null,
    });
    expect(await deps.store.checkIns.dueOwnerIds(new Date(DUE_DAY_0 + days(30)), 10)).toEqual([]);
    for (let d = 0; d < 5; d++) await tickAt(deps, DUE_DAY_0 + days(d));
    expect(deps.notifier.dms).toHaveLength(0);

    deps.clock.set(new Date(DUE_DAY_0 + days(5) - hours(1)));
    const resumed = await resumeCheckIns(deps, { ownerId: 'u1' });
    expect(resumed).toMatchObject({ paused: false, nextLocal: 'Mon 30 Nov, 19:00' });
    expect(renderResumed(resumed)).toBe('Welcome back! Your next check-in is Mon 30 Nov, 19:00.');
    expect((await deps.data.rows('pauses'))[0]?.endedAt).toEqual(new Date(DUE_DAY_0 + days(5) - hours(1)));
    expect(await tickAt(deps, DUE_DAY_0 + days(5))).toMatchObject({ sent: 1 });
  });

  it('holds a paused owner who comes due anyway (no send, rescheduled)', async () => {
    const deps = await backendDeps(START);
    await givenBerlinOwner(deps);
    await pauseCheckIns(deps, { ownerId: 'u1' });
    await deps.data.updateAll('owners', { nextCheckInAt: new Date(DUE_DAY_0) });
    expect(await tickAt(deps, DUE_DAY_0)).toMatchObject({ due: 1, held: 1, sent: 0 });
    expect((await deps.data.rows('owners'))[0]?.nextCheckInAt).toBeNull();
  });

  it('freezes the streak over paused days instead of breaking it', async () => {
    const deps = await backendDeps('2026-11-01T08:00:00Z');
    for (const ownerId of ['paused', 'control']) {
      await givenCat(deps, ownerId, 'Miso');
      await setCheckIn(deps, { ownerId, time: '19:00', timezone: 'UTC' });
    }
    const logOn = async (day: number, ownerId: string) => {
      deps.clock.set(new Date(Date.parse('2026-11-01T09:00:00Z') + days(day)));
      await logSession(deps, { ownerId, what: 'sniffed the harness, took a treat', minutes: 3 });
    };
    for (const day of [0, 1, 2]) for (const ownerId of ['paused', 'control']) await logOn(day, ownerId);
    deps.clock.set('2026-11-04T10:00:00Z');
    await pauseCheckIns(deps, { ownerId: 'paused' });
    deps.clock.set('2026-11-07T08:00:00Z');
    await resumeCheckIns(deps, { ownerId: 'paused' });
    for (const ownerId of ['paused', 'control']) await logOn(6, ownerId);

    expect((await getProgress(deps, { ownerId: 'paused' })).streak).toBe(4);
    expect((await getProgress(deps, { ownerId: 'control' })).streak).toBe(1);
  });
});
