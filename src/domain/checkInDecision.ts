/**
 * What the tick does with one owner who looked due: the whole per-owner decision of the daily check-in,
 * as a pure function of what is stored and `now`. The service reads the inputs, and applies the
 * decision through the store in the same transaction (see the crash policy in services/checkInRun.ts).
 */
import {
  CHECK_IN_POLICY,
  checkInKind,
  quietDays,
  staleClaimAction,
  timeliness,
  type CheckInKind,
} from './checkInPolicy.js';
import { plannedNext, scheduleOf, type CheckInSettings } from './checkInSchedule.js';
import { localDateOf, type LocalDate } from './schedule.js';

/** A claim's kind as stored; 'confirm' is an older name of 'checkin'. */
export type StoredClaimKind = CheckInKind | 'confirm';

/** A claim still 'claimed': its send never recorded an outcome. */
export interface OpenClaim {
  readonly localDate: LocalDate;
  readonly kind: StoredClaimKind;
  readonly claimedAt: Date;
  /**
   * Until when its sender holds it (renewed by the sender's heartbeat); null for a claim stored before
   * leases existed, whose lease counts from claimedAt.
   */
  readonly leaseUntil: Date | null;
  /** Its one re-send has been attempted already. */
  readonly resent: boolean;
}

/** The owner's stored fields the decision reads. */
export interface CheckInOwnerState extends CheckInSettings {
  readonly nextCheckInAt: Date | null;
  readonly dmsReachable: boolean;
  readonly lastActivityAt: Date | null;
  readonly createdAt: Date;
}

export interface CheckInDecisionInput {
  readonly owner: CheckInOwnerState;
  /** The owner's latest claim still 'claimed', if any. */
  readonly openClaim: OpenClaim | null;
  /** The latest end of a finished pause (null: none). */
  readonly lastPauseEnd: Date | null;
  /** Whether a pause row is still open (ending an expired pause closes it at its planned end). */
  readonly hasOpenPause: boolean;
  readonly now: Date;
}

/** Why an interrupted send is given up: too old or retried already, or the owner is now paused/unreachable. */
export type AbandonReason = 'stale' | 'held';

/** Steps taken before the main action, in this order: give up an interrupted send, end a pause that ran out. */
export interface BeforeSteps {
  readonly abandon: { readonly localDate: LocalDate; readonly reason: AbandonReason } | null;
  /** End the owner's timed pause (it ran out at this instant) and clear the paused flags. */
  readonly endPauseAt: Date | null;
}

export type CheckInDecision =
  /** Not (or no longer) due: someone else got here first. Nothing to write. */
  | { readonly type: 'notDue' }
  /** Paused, unreachable or not set up: send nothing, wake up at `next`. */
  | ({ readonly type: 'hold'; readonly next: Date | null } & BeforeSteps)
  /** An open claim whose lease still runs: its sender is alive; look again at `next` (the lease's end). */
  | { readonly type: 'waitForClaim'; readonly next: Date }
  /** Re-send the interrupted claim once, with its nonce; mark it re-sent and lease the schedule. */
  | {
      readonly type: 'resend';
      readonly localDate: LocalDate;
      readonly kind: CheckInKind;
      readonly lease: Date;
    }
  /** Too late to matter: record the day as skipped and wake up at `next`. */
  | ({
      readonly type: 'skipLate';
      readonly localDate: LocalDate;
      readonly due: Date;
      readonly next: Date | null;
    } & BeforeSteps)
  /**
   * Claim (owner, localDate) for a `kind` message and lease the schedule while sending. When the claim
   * is taken already, reschedule by `settings` (the owner's, once the steps before are applied) with
   * plannedNext: rare, so not worked out here (it is the costly part of a decision). An 'auto_pause'
   * claim also pauses the owner.
   */
  | ({
      readonly type: 'claim';
      readonly localDate: LocalDate;
      readonly kind: CheckInKind;
      readonly lease: Date;
      readonly settings: CheckInSettings;
    } & BeforeSteps);

/**
 * A claim's lease taken or renewed at `at`. While a send is in flight, next_check_in_at holds the same
 * lease instead of the next day's time (the heartbeat moves both), so the owner is due again exactly
 * when a dead sender's lease runs out.
 */
export function leaseFrom(at: Date): Date {
  return new Date(at.getTime() + CHECK_IN_POLICY.claimLeaseSeconds * 1000);
}

/** The end of an open claim's lease (a claim from before leases: counted from when it was taken). */
export function claimLeaseEnd(claim: Pick<OpenClaim, 'claimedAt' | 'leaseUntil'>): Date {
  return claim.leaseUntil ?? leaseFrom(claim.claimedAt);
}

function storedKind(kind: StoredClaimKind): CheckInKind {
  return kind === 'confirm' ? 'checkin' : kind;
}

/** Quiet days count from the latest of: a session or skip (or setup), the end of a pause, the first visit. */
function activityBaseline(owner: CheckInOwnerState, lastPauseEnd: Date | null): Date {
  const candidates = [owner.createdAt, owner.lastActivityAt, lastPauseEnd];
  return new Date(Math.max(...candidates.flatMap((d) => (d === null ? [] : [d.getTime()]))));
}

/** Decides what the tick does with one owner at `now` (see CheckInDecision). */
export function decideCheckIn(input: CheckInDecisionInput): CheckInDecision {
  const { owner, openClaim, now } = input;
  const due = owner.nextCheckInAt;
  if (due === null || due.getTime() > now.getTime()) return { type: 'notDue' };
  const schedule = scheduleOf(owner);
  if (schedule === null) return { type: 'hold', next: null, abandon: null, endPauseAt: null };
  const { tz } = schedule;

  // An earlier send that never recorded its outcome (see the crash policy in services/checkInRun.ts).
  let abandon: BeforeSteps['abandon'] = null;
  if (openClaim !== null) {
    const leaseEnd = claimLeaseEnd(openClaim);
    const action = staleClaimAction(openClaim.claimedAt, leaseEnd, now, openClaim.resent);
    if (action === 'wait') return { type: 'waitForClaim', next: leaseEnd };
    const kind = storedKind(openClaim.kind);
    const mayResend = owner.dmsReachable && (!owner.paused || kind === 'auto_pause');
    if (action === 'resend' && mayResend) {
      return { type: 'resend', localDate: openClaim.localDate, kind, lease: leaseFrom(now) };
    }
    abandon = { localDate: openClaim.localDate, reason: action === 'abandon' ? 'stale' : 'held' };
    // Then carry on: this owner may also be due for a later day.
  }

  let settings: CheckInSettings = owner;
  let endPauseAt: Date | null = null;
  let lastPauseEnd = input.lastPauseEnd;
  if (owner.paused) {
    if (owner.pausedUntil === null || owner.pausedUntil.getTime() > now.getTime()) {
      return { type: 'hold', next: plannedNext(owner, now), abandon, endPauseAt };
    }
    // A timed pause that ran out: it ends where it was meant to, and counts as the latest pause end.
    endPauseAt = owner.pausedUntil;
    if (input.hasOpenPause && (lastPauseEnd === null || endPauseAt.getTime() > lastPauseEnd.getTime())) {
      lastPauseEnd = endPauseAt;
    }
    settings = { ...owner, paused: false, pausedUntil: null };
  }
  if (!owner.dmsReachable) return { type: 'hold', next: plannedNext(settings, now), abandon, endPauseAt };

  const localDate = localDateOf(due, tz);
  if (timeliness(due, localDate, now, tz) === 'too_late') {
    return { type: 'skipLate', localDate, due, next: plannedNext(settings, now), abandon, endPauseAt };
  }
  const quiet = quietDays(localDateOf(activityBaseline(owner, lastPauseEnd), tz), localDate);
  return {
    type: 'claim',
    localDate,
    kind: checkInKind(quiet),
    lease: leaseFrom(now),
    settings,
    abandon,
    endPauseAt,
  };
}
