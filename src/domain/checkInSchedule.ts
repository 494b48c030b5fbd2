/**
 * Where an owner's next check-in falls, given their settings: the stored time and zone, and any pause.
 * Pure: `now` comes in as an argument.
 */
import { isValidTimeZone, nextCheckInAt, parseTimeOfDay, type TimeOfDay } from './schedule.js';

/** The owner's settings that decide the schedule (a structural subset of the stored owner). */
export interface CheckInSettings {
  /** 'HH:MM', 24 h. */
  readonly checkInTime: string | null;
  readonly timezone: string | null;
  readonly paused: boolean;
  /** Null with paused = until resumed. */
  readonly pausedUntil: Date | null;
}

export interface OwnerSchedule {
  readonly time: TimeOfDay;
  readonly tz: string;
}

/** 'HH:MM', zero-padded. */
export function formatTime(time: TimeOfDay): string {
  return `${String(time.hour).padStart(2, '0')}:${String(time.minute).padStart(2, '0')}`;
}

/** The owner's stored check-in time and zone, or null when check-ins were never set up (or are unusable). */
export function scheduleOf(owner: Pick<CheckInSettings, 'checkInTime' | 'timezone'>): OwnerSchedule | null {
  if (owner.checkInTime === null || owner.timezone === null) return null;
  const time = parseTimeOfDay(owner.checkInTime);
  if (time === null || !isValidTimeZone(owner.timezone)) return null;
  return { time, tz: owner.timezone };
}

/** The first check-in at or after a pause's end. */
export function firstAfterPause(until: Date, now: Date, schedule: OwnerSchedule): Date {
  const after = until.getTime() > now.getTime() ? new Date(until.getTime() - 1) : now;
  return nextCheckInAt(after, schedule.time, schedule.tz);
}

/** Where next_check_in_at belongs for the owner's current settings (null: nothing to wake up for). */
export function plannedNext(owner: CheckInSettings, now: Date): Date | null {
  const schedule = scheduleOf(owner);
  if (schedule === null) return null;
  if (owner.paused)
    return owner.pausedUntil === null ? null : firstAfterPause(owner.pausedUntil, now, schedule);
  return nextCheckInAt(now, schedule.time, schedule.tz);
}

/** Paused at `now`: a timed pause that ran out counts as over, even before the tick has noticed. */
export function isPausedAt(owner: Pick<CheckInSettings, 'paused' | 'pausedUntil'>, now: Date): boolean {
  return owner.paused && (owner.pausedUntil === null || owner.pausedUntil.getTime() > now.getTime());
}
