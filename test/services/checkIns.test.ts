import { describe, expect, it } from 'vitest';
import { checkInNonce } from '../../src/domain/checkInPolicy.js';
import {
  AUTO_PAUSE_TEXT,
  CHECK_IN_OPENERS,
  NUDGE_LINES,
  nextTinyStep,
  seedFrom,
} from '../../src/domain/words.js';
import { runDueCheckIns } from '../../src/services/checkInRun.js';
import {
  checkInStatus,
  confirmCheckInDm,
  pauseCheckIns,
  resumeCheckIns,
  setCheckIn,
  skipToday,
} from '../../src/services/checkInSettings.js';
import { checkInFooter } from '../../src/discord/views/checkInMessage.js';
import { renderResumed } from '../../src/discord/views/checkInViews.js';
import { takeDmsNotice } from '../../src/services/owners.js';
import type { DmRequest } from '../../src/services/ports.js';
import { logSession } from '../../src/services/sessions.js';
import { days, hours, minutes } from '../support/fakeClock.js';
import { backendDeps, givenCat } from '../support/factories.js';
import {
  DUE_DAY_0,
  START,
  checkInViews,
  countAttempts,
  expectUserError,
  givenBerlinOwner,
  texts,
  tickAt,
} from './checkInFixtures.js';

describe('setCheckIn', () => {
  it.each(['25:00', 'noon', '', '19:60', '7'])(
    'refuses the time %j kindly, saying the format',
    async (time) => {
      const deps = await backendDeps(START);
      await expectUserError(
        () => setCheckIn(deps, { ownerId: 'u1', time, timezone: 'Europe/Berlin' }),
        'invalid_time',
        /24-hour HH:MM, like 07:30 or 19:00/,
      );
    },
  );

  it.each(['Mars/Base', 'Berlin', '+01:00', ''])(
    'refuses the zone %j and points to the list',
    async (timezone) => {
      const deps = await backendDeps(START);
      await expectUserError(
        () => setCheckIn(deps, { ownerId: 'u1', time: '19:00', timezone }),
        'invalid_timezone',
        /Europe\/Berlin/,
      );
    },
  );

  it('stores the canonical zone and HH:MM, and schedules strictly after now', async () => {
    const deps = await backendDeps(START);
    const view = await setCheckIn(deps, { ownerId: 'u1', time: '7:05', timezone: ' europe/berlin ' });
    expect(view).toMatchObject({
      time: '07:05',
      timezone: 'Europe/Berlin',
      nextLocal: 'Thu 26 Nov, 07:05',
      resumed: false,
    });
    expect(view.nextAt.toISOString()).toBe('2026-11-26T06:05:00.000Z');
    const row = (await deps.data.rows('owners')).find((r) => r.id === 'u1');
    expect(row).toMatchObject({ checkInTime: '07:05', timezone: 'Europe/Berlin' });
    expect(row?.nextCheckInAt?.toISOString()).toBe('2026-11-26T06:05:00.000Z');

    deps.clock.set('2026-11-26T06:05:00Z'); // exactly at the time: the next one is tomorrow's
    expect(
      (await setCheckIn(deps, { ownerId: 'u1', time: '07:05', timezone: 'Europe/Berlin' })).nextLocal,
    ).toBe('Fri 27 Nov, 07:05');
  });

  it('ends a pause and gives closed DMs a new try', async () => {
    const deps = await backendDeps(START);
    await givenBerlinOwner(deps);
    await pauseCheckIns(deps, { ownerId: 'u1' });
    await deps.data.updateAll('owners', { dmsReachable: false, dmsNoticePending: true });
    const view = await setCheckIn(deps, { ownerId: 'u1', time: '20:00', timezone: 'Europe/Berlin' });
    expect(view.resumed).toBe(true);
    expect(await checkInStatus(deps, 'u1')).toMatchObject({
      paused: false,
      dmsReachable: true,
      time: '20:00',
    });
    expect((await deps.data.rows('pauses')).every((p) => p.endedAt !== null)).toBe(true);
  });
});

describe('confirmCheckInDm', () => {
  it('sends a short DM with the time and stores the DM channel', async () => {
    const deps = await backendDeps(START);
    await givenBerlinOwner(deps);
    expect(await confirmCheckInDm(deps, 'u1')).toBe(true);
    expect(texts(deps)).toEqual([expect.stringContaining('19:00 (Europe/Berlin)')]);
    expect((await deps.data.rows('owners'))[0]?.dmChannelId).toBe('dm-u1');
  });

  it('finds closed DMs at once: unreachable (told by the caller), no check-in attempts after', async () => {
    const { deps, attempts } = countAttempts(await backendDeps(START));
    await givenBerlinOwner(deps);
    deps.notifier.closedDms.add('u1');
    expect(await confirmCheckInDm(deps, 'u1')).toBe(false);
    expect((await checkInStatus(deps, 'u1')).dmsReachable).toBe(false);
    expect(await takeDmsNotice(deps, 'u1')).toBe(false);
    await tickAt(deps, DUE_DAY_0);
    expect(attempts).toHaveLength(1); // only the confirmation
  });

  it('says false for an owner without check-ins', async () => {
    const deps = await backendDeps(START);
    expect(await confirmCheckInDm(deps, 'nobody')).toBe(false);
    expect(deps.notifier.dms).toHaveLength(0);
  });
});

describe('runDueCheckIns', () => {
  it('sends the check-in at the local time with the cats, stage and today’s step, once', async () => {
    const deps = await backendDeps(START);
    const catId = await givenBerlinOwner(deps);
    await givenCat(deps, 'u1', 'Pixel', 'indoor_safari');

    expect(await tickAt(deps, DUE_DAY_0 - minutes(1))).toMatchObject({ due: 0, sent: 0 });
    expect(await tickAt(deps, DUE_DAY_0)).toMatchObject({ due: 1, sent: 1, nudged: 0, failed: 0 });
    expect(await runDueCheckIns(deps)).toMatchObject({ due: 0, sent: 0 });
    expect(await tickAt(deps, DUE_DAY_0 + minutes(30))).toMatchObject({ sent: 0 });

    const [dm] = deps.notifier.dms;
    expect(dm?.nonce).toBe(checkInNonce('u1', '2026-11-25'));
    expect(dm?.nonce?.length).toBeLessThanOrEqual(25);
    expect(dm?.dmChannelId).toBeNull();
    const [view] = checkInViews(deps);
    expect(view).toMatchObject({ ownerId: 'u1', localDate: '2026-11-25', nudge: false });
    expect(CHECK_IN_OPENERS).toContain(view?.opener);
    expect(view && checkInFooter(view)).not.toBe('');
    expect(view?.cats).toEqual([
      {
        id: catId,
        name: 'Miso',
        stageName: 'Make the harness boring',
        position: 1,
        step: nextTinyStep('harness_scenery', seedFrom(catId, '2026-11-25')),
      },
      expect.objectContaining({ name: 'Pixel', position: 6 }),
    ]);
    const claim = (await deps.data.rows('checkInSends'))[0];
    expect(claim).toMatchObject({ localDate: '2026-11-25', kind: 'checkin', status: 'sent', messageId: '1' });

    // The next day goes through the stored DM channel, with the step of that day.
    await tickAt(deps, DUE_DAY_0 + days(1));
    expect(deps.notifier.dms[1]?.dmChannelId).toBe('dm-u1');
    expect(checkInViews(deps)[1]?.cats[0]?.step).toBe(
      nextTinyStep('harness_scenery', seedFrom(catId, '2026-11-26')),
    );
  });

  it('varies the tiny step from day to day', async () => {
    const deps = await backendDeps(START);
    await givenBerlinOwner(deps);
    for (let d = 0; d < 10; d++) await tickAt(deps, DUE_DAY_0 + days(d));
    const steps = new Set(checkInViews(deps).map((v) => v.cats[0]?.step));
    expect(steps.size).toBeGreaterThan(1);
  });

  it('invites an owner without cats to add one', async () => {
    const deps = await backendDeps(START);
    await setCheckIn(deps, { ownerId: 'u1', time: '19:00', timezone: 'Europe/Berlin' });
    await tickAt(deps, DUE_DAY_0);
    const [view] = checkInViews(deps);
    expect(view).toMatchObject({ cats: [] });
    // The footer the Discord view draws under it names the command.
    expect(view && checkInFooter(view)).toContain('/cat add');
  });

  describe('after downtime', () => {
    it('sends late inside the grace window (≤ 3 h late, before 22:00 local)', async () => {
      const deps = await backendDeps(START);
      await givenBerlinOwner(deps);
      expect(await tickAt(deps, DUE_DAY_0 + hours(2) + minutes(30))).toMatchObject({
        sent: 1,
        skippedLate: 0,
      });
      expect(await tickAt(deps, DUE_DAY_0 + hours(2) + minutes(31))).toMatchObject({ sent: 0 });
    });

    it('skips a check-in more than 3 hours late, records it, and carries on the next day', async () => {
      const deps = await backendDeps(START);
      await givenBerlinOwner(deps, 'u1', '08:00');
      const due = Date.parse('2026-11-26T07:00:00Z');
      expect(await tickAt(deps, due + hours(3) + minutes(10))).toMatchObject({ sent: 0, skippedLate: 1 });
      expect((await deps.data.rows('checkInSends'))[0]).toMatchObject({
        localDate: '2026-11-26',
        status: 'skipped',
      });
      expect((await checkInStatus(deps, 'u1')).nextLocal).toBe('Fri 27 Nov, 08:00');
      expect(await tickAt(deps, due + days(1))).toMatchObject({ sent: 1 });
    });

    it('skips a late check-in after 22:00 local even within 3 hours', async () => {
      const deps = await backendDeps(START);
      await givenBerlinOwner(deps, 'u1', '20:00');
      expect(await tickAt(deps, '2026-11-25T21:30:00Z')).toMatchObject({ sent: 0, skippedLate: 1 });
    });

    it('sends an on-time check-in set after 22:00', async () => {
      const deps = await backendDeps(START);
      await givenBerlinOwner(deps, 'u1', '23:30');
      expect(await tickAt(deps, '2026-11-25T22:31:00Z')).toMatchObject({ sent: 1 });
    });

    it('does not flood after days of downtime: one skip, then the normal time', async () => {
      const deps = await backendDeps(START);
      await givenBerlinOwner(deps);
      expect(await tickAt(deps, DUE_DAY_0 + days(3) - hours(6))).toMatchObject({
        due: 1,
        sent: 0,
        skippedLate: 1,
      });
      expect(deps.notifier.dms).toHaveLength(0);
      expect(await tickAt(deps, DUE_DAY_0 + days(3))).toMatchObject({ sent: 1 });
      expect(deps.notifier.dms).toHaveLength(1);
    });
  });

  describe('quiet owners', () => {
    it('nudges after 3 quiet days, pauses itself after 14 with one message, then stays silent', async () => {
      const deps = await backendDeps(START);
      await givenBerlinOwner(deps);
      const summaries = [];
      for (let d = 0; d < 20; d++) summaries.push(await tickAt(deps, DUE_DAY_0 + days(d)));

      const views = checkInViews(deps);
      expect(views.map((v) => v.nudge)).toEqual([false, false, false, ...Array<boolean>(11).fill(true)]);
      for (const v of views.filter((x) => x.nudge)) expect(NUDGE_LINES).toContain(v.opener);
      expect(texts(deps)).toEqual([AUTO_PAUSE_TEXT]);
      expect(deps.notifier.dms.at(-1)?.message).toEqual({ kind: 'autoPause' });
      expect(deps.notifier.dms).toHaveLength(15);
      expect(summaries[3]).toMatchObject({ sent: 1, nudged: 1 });
      expect(summaries[14]).toMatchObject({ sent: 1, autoPaused: 1 });
      expect(summaries.slice(15).every((s) => s.sent === 0)).toBe(true);
      expect(await checkInStatus(deps, 'u1')).toMatchObject({
        paused: true,
        pausedReason: 'silence',
        nextAt: null,
      });

      // Resuming starts the quiet count afresh: a plain check-in the next day.
      deps.clock.set(new Date(DUE_DAY_0 + days(20) - hours(5)));
      expect(renderResumed(await resumeCheckIns(deps, { ownerId: 'u1' }))).toContain('Welcome back');
      await tickAt(deps, DUE_DAY_0 + days(20));
      expect(checkInViews(deps).at(-1)).toMatchObject({ nudge: false, localDate: '2026-12-15' });
    });

    it('counts a logged session or a skip as activity', async () => {
      const deps = await backendDeps(START);
      await givenBerlinOwner(deps);
      for (let d = 0; d <= 3; d++) await tickAt(deps, DUE_DAY_0 + days(d));
      expect(checkInViews(deps).at(-1)?.nudge).toBe(true);

      deps.clock.set(new Date(DUE_DAY_0 + days(3) + hours(1)));
      await logSession(deps, { ownerId: 'u1', what: 'sniffed the harness, took a treat' });
      await tickAt(deps, DUE_DAY_0 + days(4));
      expect(checkInViews(deps).at(-1)?.nudge).toBe(false);

      for (let d = 5; d <= 7; d++) await tickAt(deps, DUE_DAY_0 + days(d));
      expect(checkInViews(deps).at(-1)?.nudge).toBe(true);
      deps.clock.set(new Date(DUE_DAY_0 + days(7) + hours(1)));
      const skipped = await skipToday(deps, { ownerId: 'u1' });
      expect(skipped).toMatchObject({ localDate: '2026-12-02', alreadySkipped: false });
      expect(skipped.text).not.toBe('');
      expect((await skipToday(deps, { ownerId: 'u1' })).alreadySkipped).toBe(true);
      await tickAt(deps, DUE_DAY_0 + days(8));
      expect(checkInViews(deps).at(-1)?.nudge).toBe(false);
    });
  });

  describe('closed DMs (50007)', () => {
    it('marks the owner unreachable, stops trying, and tries again after resume', async () => {
      const { deps, attempts } = countAttempts(await backendDeps(START));
      await givenBerlinOwner(deps);
      deps.notifier.closedDms.add('u1');

      expect(await tickAt(deps, DUE_DAY_0)).toMatchObject({ due: 1, sent: 0, failed: 1 });
      expect((await deps.data.rows('checkInSends'))[0]).toMatchObject({
        status: 'failed',
        error: 'dms_closed',
      });
      expect(await checkInStatus(deps, 'u1')).toMatchObject({
        dmsReachable: false,
        nextLocal: 'Thu 26 Nov, 19:00',
      });
      expect(await takeDmsNotice(deps, 'u1')).toBe(true);
      expect(await takeDmsNotice(deps, 'u1')).toBe(false);

      for (let d = 1; d <= 3; d++) {
        expect(await tickAt(deps, DUE_DAY_0 + days(d))).toMatchObject({ sent: 0, failed: 0, held: 1 });
      }
      expect(attempts).toHaveLength(1);

      deps.notifier.closedDms.delete('u1');
      deps.clock.set(new Date(DUE_DAY_0 + days(4) - hours(2)));
      expect(await resumeCheckIns(deps, { ownerId: 'u1' })).toMatchObject({ dmsReachable: true });
      expect(await tickAt(deps, DUE_DAY_0 + days(4))).toMatchObject({ sent: 1 });
      expect(attempts).toHaveLength(2);
    });
  });

  it('isolates failures per owner', async () => {
    const deps = await backendDeps(START);
    await givenBerlinOwner(deps, 'u1');
    await givenBerlinOwner(deps, 'u2');
    await givenBerlinOwner(deps, 'u3');
    const notifier = {
      ...deps.notifier,
      sendDm: (request: DmRequest) =>
        request.ownerId === 'u2' ? Promise.reject(new Error('boom')) : deps.notifier.sendDm(request),
    };
    const summary = await tickAt({ ...deps, notifier }, DUE_DAY_0);
    expect(summary).toMatchObject({ due: 3, sent: 2, failed: 1 });
    const failed = (await deps.data.rows('checkInSends')).find((r) => r.ownerId === 'u2');
    expect(failed).toMatchObject({ status: 'failed', error: 'Error: boom' });
    expect(await checkInStatus(deps, 'u2')).toMatchObject({
      dmsReachable: true,
      nextLocal: 'Thu 26 Nov, 19:00',
    });
  });

  it('sends many owners due in the same minute with bounded concurrency', async () => {
    const deps = await backendDeps(START);
    for (let i = 0; i < 40; i++) {
      await setCheckIn(deps, { ownerId: `u${i}`, time: '19:00', timezone: 'Europe/Berlin' });
    }
    let inFlight = 0;
    let most = 0;
    const notifier = {
      ...deps.notifier,
      sendDm: async (request: DmRequest) => {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 2));
        inFlight--;
        return deps.notifier.sendDm(request);
      },
    };
    deps.clock.set(new Date(DUE_DAY_0));
    const summary = await runDueCheckIns({ ...deps, notifier }, { concurrency: 8, batchSize: 15 });
    expect(summary).toMatchObject({ due: 40, sent: 40 });
    expect(most).toBe(8);
    expect(new Set(deps.notifier.dms.map((d) => d.ownerId)).size).toBe(40);
  });
});
