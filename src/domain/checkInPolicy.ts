/**
 * The rules of the daily check-in, as data and small pure functions: when a late check-in is still
 * worth sending, when quiet turns into a nudge or a pause, and what happens to an interrupted send.
 */
import { fnv1a } from './hash.js';
import { daysBetween, localTimeOf, type LocalDate } from './schedule.js';

export const CHECK_IN_POLICY = {
  /** A tick this late is still "on time" (ticks run every 15 s; a busy fan-out can lag a little). */
  onTimeMinutes: 15,
  /** A check-in missed while the bot was down is sent late only up to this many hours after it was due… */
  graceHours: 3,
  /** …and only before this local hour, on the same local day. */
  lateCutoffHour: 22,
  /** Quiet days (no session, no skip) from which the check-in becomes a gentle nudge. */
  nudgeAfterQuietDays: 3,
  /** Quiet days from which the bot pauses check-ins itself and says so, once. */
  autoPauseAfterQuietDays: 14,
  /**
   * A claim holds a lease this long, renewed by its sender's heartbeat while the send (and the recording
   * of its result) is in flight. A lease that ran out belongs to a sender that died (crash, kill): the
   * owner is due again then, and whoever looks next re-sends once with the same nonce.
   */
  claimLeaseSeconds: 20,
  /** How often a run renews the leases of its open claims (well inside claimLeaseSeconds). */
  claimHeartbeatSeconds: 5,
  /**
   * Discord deduplicates a nonce (enforce_nonce) only for "the past few minutes". A claim older than
   * this is not re-sent, since a first send that did land might then show twice: at most one message.
   */
  resendWithinMinutes: 5,
  /** After an unexpected error for one owner, try that owner again this much later (no hot loop). */
  retryAfterErrorMinutes: 10,
} as const;

export type CheckInPolicy = typeof CHECK_IN_POLICY;

const MINUTE_MS = 60_000;

export type Timeliness = 'on_time' | 'late' | 'too_late';

/**
 * Whether a check-in due at `due` (for local date `dueDate`) should still go out at `now`.
 * On time always goes (even at 23:30 if that is the owner's time); late goes only inside the grace window.
 */
export function timeliness(
  due: Date,
  dueDate: LocalDate,
  now: Date,
  tz: string,
  policy: CheckInPolicy = CHECK_IN_POLICY,
): Timeliness {
  const lateMs = now.getTime() - due.getTime();
  if (lateMs <= policy.onTimeMinutes * MINUTE_MS) return 'on_time';
  const local = localTimeOf(now, tz);
  const inGrace =
    lateMs <= policy.graceHours * 60 * MINUTE_MS &&
    local.date === dueDate &&
    local.hour < policy.lateCutoffHour;
  return inGrace ? 'late' : 'too_late';
}

export type CheckInKind = 'checkin' | 'nudge' | 'auto_pause';

/** Local calendar days from the last activity (or setup/resume) to the check-in's date. */
export function quietDays(lastActiveDate: LocalDate, checkInDate: LocalDate): number {
  return Math.max(0, daysBetween(lastActiveDate, checkInDate));
}

/** What the day's message is, given how quiet the owner has been. */
export function checkInKind(quiet: number, policy: CheckInPolicy = CHECK_IN_POLICY): CheckInKind {
  if (quiet >= policy.autoPauseAfterQuietDays) return 'auto_pause';
  if (quiet >= policy.nudgeAfterQuietDays) return 'nudge';
  return 'checkin';
}

export type StaleClaimAction = 'wait' | 'resend' | 'abandon';

/**
 * What to do with a claim that is still 'claimed' (its send never recorded an outcome).
 * Its lease still running (`leaseUntil` after `now`): its sender is alive and sending, wait. The lease
 * ran out, the claim is at most resendWithinMinutes old and not yet retried: re-send once with the same
 * nonce. Otherwise give the day up (at most one message).
 */
export function staleClaimAction(
  claimedAt: Date,
  leaseUntil: Date,
  now: Date,
  alreadyRetried: boolean,
  policy: CheckInPolicy = CHECK_IN_POLICY,
): StaleClaimAction {
  if (now.getTime() < leaseUntil.getTime()) return 'wait';
  const age = now.getTime() - claimedAt.getTime();
  if (alreadyRetried || age > policy.resendWithinMinutes * MINUTE_MS) return 'abandon';
  return 'resend';
}

/**
 * The Discord message nonce for an (owner, local date) claim: deterministic, so a retried send
 * after a crash carries the same nonce and Discord (enforce_nonce) returns the first message
 * instead of creating a second. 'c' + YYYYMMDD + 14 hash chars = 23 characters (limit 25).
 */
export function checkInNonce(ownerId: string, localDate: LocalDate): string {
  const key = `${ownerId}|${localDate}`;
  const a = fnv1a(key).toString(36).padStart(7, '0');
  const b = fnv1a(key, 0x811c9dc5 ^ 0x5bd1e995)
    .toString(36)
    .padStart(7, '0');
  return `c${localDate.replaceAll('-', '')}${a}${b}`;
}
