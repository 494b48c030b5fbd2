/**
 * The owner's daily check-in settings: /checkin set, pause, resume, status, the "all set" DM, and the
 * "Skipped today" button. The tick that sends what is due is in checkInRun.ts.
 */
import {
  firstAfterPause,
  formatTime,
  isPausedAt,
  plannedNext,
  scheduleOf,
  type OwnerSchedule,
} from '../domain/checkInSchedule.js';
import {
  addDays,
  formatLocal,
  localDateOf,
  localTimeOf,
  nextCheckInAt,
  normaliseTimeZone,
  parseTimeOfDay,
  zonedInstant,
  type LocalDate,
  type TimeOfDay,
} from '../domain/schedule.js';
import { seedFrom, skipTodayLine } from '../domain/words.js';
import type { Deps } from './deps.js';
import { UserFacingError } from './errors.js';
import { LIMITS } from './limits.js';
import { ownerTimezone } from './owners.js';
import { DeliveryError } from './ports.js';
import type { OwnerRecord } from './store/owners.js';

export interface SetCheckInView {
  /** 'HH:MM', 24 h. */
  readonly time: string;
  /** Canonical IANA name. */
  readonly timezone: string;
  readonly nextAt: Date;
  /** The next check-in in the owner's local time, e.g. 'Wed 25 Nov, 19:30'. */
  readonly nextLocal: string;
  /** True when this also ended a pause. */
  readonly resumed: boolean;
}

export interface CheckInStatusView {
  readonly enabled: boolean;
  readonly time: string | null;
  readonly timezone: string | null;
  readonly nextAt: Date | null;
  readonly nextLocal: string | null;
  readonly paused: boolean;
  readonly pausedReason: 'owner' | 'silence' | null;
  readonly pausedUntil: Date | null;
  readonly pausedUntilLocal: string | null;
  readonly dmsReachable: boolean;
}

/** A pause that started; the Discord view words it (it names the command that ends it). */
export interface PauseView {
  readonly until: Date | null;
  readonly untilLocal: string | null;
}

export type ResumeView = CheckInStatusView;

export interface SkipView {
  readonly localDate: LocalDate;
  readonly alreadySkipped: boolean;
  readonly text: string;
}

function parseTimeInput(input: string): TimeOfDay {
  const time = parseTimeOfDay(input);
  if (time === null) {
    throw new UserFacingError({ code: 'invalid_time', data: {} });
  }
  return time;
}

function parseZoneInput(input: string): string {
  const zone = normaliseTimeZone(input);
  if (zone === null) {
    throw new UserFacingError({ code: 'invalid_timezone', data: {} });
  }
  return zone;
}

function requireSchedule(owner: OwnerRecord | undefined): {
  owner: OwnerRecord;
  schedule: OwnerSchedule;
} {
  const schedule = owner === undefined ? null : scheduleOf(owner);
  if (owner === undefined || schedule === null) {
    throw new UserFacingError({ code: 'not_set_up', data: {} });
  }
  return { owner, schedule };
}

function statusOf(owner: OwnerRecord | undefined, now: Date): CheckInStatusView {
  const schedule = owner === undefined ? null : scheduleOf(owner);
  if (owner === undefined || schedule === null) {
    return {
      enabled: false,
      time: null,
      timezone: owner?.timezone ?? null,
      nextAt: null,
      nextLocal: null,
      paused: false,
      pausedReason: null,
      pausedUntil: null,
      pausedUntilLocal: null,
      dmsReachable: owner?.dmsReachable ?? true,
    };
  }
  const paused = isPausedAt(owner, now);
  const stored = owner.nextCheckInAt;
  let nextAt: Date | null;
  if (paused) nextAt = owner.pausedUntil === null ? null : firstAfterPause(owner.pausedUntil, now, schedule);
  else nextAt = stored !== null && stored.getTime() > now.getTime() ? stored : plannedNext(owner, now);
  const pausedUntil = paused ? owner.pausedUntil : null;
  return {
    enabled: true,
    time: formatTime(schedule.time),
    timezone: schedule.tz,
    nextAt,
    nextLocal: nextAt === null ? null : formatLocal(nextAt, schedule.tz),
    paused,
    pausedReason: paused ? owner.pausedReason : null,
    pausedUntil,
    pausedUntilLocal: pausedUntil === null ? null : formatLocal(pausedUntil, schedule.tz),
    dmsReachable: owner.dmsReachable,
  };
}

/**
 * /checkin set: validates and stores the time ('HH:MM') and canonical zone, schedules the next check-in
 * strictly after now, ends any pause and gives closed DMs a new try. Follow with confirmCheckInDm.
 */
export async function setCheckIn(
  deps: Pick<Deps, 'store' | 'clock'>,
  input: { ownerId: string; time: string; timezone: string },
): Promise<SetCheckInView> {
  const time = parseTimeInput(input.time);
  const timezone = parseZoneInput(input.timezone);
  const now = deps.clock.now();
  const nextAt = nextCheckInAt(now, time, timezone);
  return deps.store.transaction(async (tx) => {
    const owner = await tx.owners.ensure(input.ownerId, now);
    const resumed = owner.paused;
    if (resumed) await tx.owners.endOpenPause(owner.id, now);
    await tx.owners.update(owner.id, {
      timezone,
      checkInTime: formatTime(time),
      nextCheckInAt: nextAt,
      paused: false,
      pausedUntil: null,
      pausedReason: null,
      dmsReachable: true,
      dmsNoticePending: false,
    });
    // Setting up (or changing) check-ins counts as showing up: quiet days start from here.
    await tx.owners.touchActivity(owner.id, now);
    return { time: formatTime(time), timezone, nextAt, nextLocal: formatLocal(nextAt, timezone), resumed };
  });
}

/**
 * Sends the short "all set" DM after /checkin set (or resume), so closed DMs are found at once.
 * Resolves to whether it arrived. Closed DMs mark the owner unreachable (check-ins stop trying) with
 * no notice pending: the caller tells the owner right away from the result, so the next command does not
 * say it again.
 */
export async function confirmCheckInDm(
  deps: Pick<Deps, 'store' | 'notifier' | 'logger'>,
  ownerId: string,
): Promise<boolean> {
  const owner = await deps.store.owners.find(ownerId);
  const schedule = owner === undefined ? null : scheduleOf(owner);
  if (owner === undefined || schedule === null) return false;
  try {
    const result = await deps.notifier.sendDm({
      ownerId,
      dmChannelId: owner.dmChannelId,
      message: { kind: 'checkInConfirm', time: formatTime(schedule.time), timezone: schedule.tz },
    });
    await deps.store.owners.update(ownerId, { dmChannelId: result.dmChannelId, dmsReachable: true });
    return true;
  } catch (error) {
    if (error instanceof DeliveryError && error.reason === 'dms_closed') {
      await deps.store.owners.update(ownerId, { dmsReachable: false, dmsNoticePending: false });
    } else {
      deps.logger.warn({ err: error, ownerId }, 'check-in confirmation DM failed');
    }
    return false;
  }
}

/** /checkin pause: for 1–60 days, or until resumed (days omitted). Recorded as a pause so streaks freeze. */
export async function pauseCheckIns(
  deps: Pick<Deps, 'store' | 'clock'>,
  input: { ownerId: string; days?: number | null | undefined },
): Promise<PauseView> {
  const days = input.days ?? null;
  if (days !== null && (!Number.isInteger(days) || days < 1 || days > LIMITS.maxPauseDays)) {
    throw new UserFacingError({ code: 'invalid_days', data: { min: 1, max: LIMITS.maxPauseDays } });
  }
  const now = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    const { owner, schedule } = requireSchedule(await tx.owners.find(input.ownerId));
    let until: Date | null = null;
    if (days !== null) {
      const local = localTimeOf(now, schedule.tz);
      until = zonedInstant(addDays(local.date, days), local.hour, local.minute, schedule.tz);
    }
    if (!isPausedAt(owner, now)) {
      // A timed pause that ran out but was not yet noticed by the tick ends where it was meant to.
      if (owner.paused && owner.pausedUntil !== null)
        await tx.owners.endOpenPause(owner.id, owner.pausedUntil);
      await tx.owners.startPause(owner.id, now);
    }
    const next = until === null ? null : firstAfterPause(until, now, schedule);
    await tx.owners.update(owner.id, {
      paused: true,
      pausedUntil: until,
      pausedReason: 'owner',
      nextCheckInAt: next,
    });
    const untilLocal = until === null ? null : formatLocal(until, schedule.tz);
    return { until, untilLocal };
  });
}

/** /checkin resume: ends a pause, gives closed DMs a new try and schedules the next check-in. */
export async function resumeCheckIns(
  deps: Pick<Deps, 'store' | 'clock'>,
  input: { ownerId: string },
): Promise<ResumeView> {
  const now = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    const { owner, schedule } = requireSchedule(await tx.owners.find(input.ownerId));
    if (owner.paused) await tx.owners.endOpenPause(owner.id, now);
    const updated = await tx.owners.update(owner.id, {
      paused: false,
      pausedUntil: null,
      pausedReason: null,
      dmsReachable: true,
      dmsNoticePending: false,
      nextCheckInAt: nextCheckInAt(now, schedule.time, schedule.tz),
    });
    return statusOf(updated, now);
  });
}

/** /checkin status: next check-in in local time, paused or not, DMs reachable or not. */
export async function checkInStatus(
  deps: Pick<Deps, 'store' | 'clock'>,
  ownerId: string,
): Promise<CheckInStatusView> {
  const owner = await deps.store.owners.find(ownerId);
  return statusOf(owner, deps.clock.now());
}

/** "Skipped today": activity (quiet days restart), not practice (the streak does not count it). */
export async function skipToday(
  deps: Pick<Deps, 'store' | 'clock'>,
  input: { ownerId: string },
): Promise<SkipView> {
  const now = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    const owner = await tx.owners.ensure(input.ownerId, now);
    const localDate = localDateOf(now, ownerTimezone(owner));
    const added = await tx.checkIns.addSkip(owner.id, localDate, now);
    await tx.owners.touchActivity(owner.id, now);
    return { localDate, alreadySkipped: !added, text: skipTodayLine(seedFrom(owner.id, localDate)) };
  });
}
