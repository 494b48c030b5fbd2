/**
 * The session timers area of the storage port: one short-session timer per owner (/session start), fired
 * once by whichever process claims it when it is due.
 */

export type SessionTimerStatus = 'running' | 'done' | 'failed' | 'dms_closed';
export type SessionTimerRoute = 'follow_up' | 'dm';

export interface NewSessionTimer {
  readonly ownerId: string;
  readonly catId: number;
  readonly minutes: number;
  readonly startedAt: Date;
  readonly endsAt: Date;
  /**
   * How to answer again on the interaction that started the timer (opaque: the Discord layer makes and
   * reads it), while `followUpUntil` has not passed; null: only a DM can reach the owner.
   */
  readonly replyHandle: string | null;
  readonly followUpUntil: Date | null;
}

export interface SessionTimerRecord extends NewSessionTimer {
  readonly id: number;
  readonly status: SessionTimerStatus;
  /** Claims so far, counting the current one. */
  readonly attempts: number;
  /** How the "time is up" message went out, once it did. */
  readonly deliveredVia: SessionTimerRoute | null;
  readonly doneAt: Date | null;
  readonly error: string | null;
}

/** A timer claimed for firing: `claimToken` fences every later write to it. */
export interface ClaimedSessionTimer extends SessionTimerRecord {
  readonly claimToken: string;
}

export interface SessionTimerOutcome {
  readonly status: Exclude<SessionTimerStatus, 'running'>;
  readonly at: Date;
  readonly via?: SessionTimerRoute;
  readonly error?: string;
}

export interface SessionTimersStore {
  /**
   * Starts the owner's timer, replacing the one they had (running or finished): one row per owner.
   * Resolves to the new timer and the row it replaced. Inside a transaction, after `owners.ensure`.
   */
  start(
    timer: NewSessionTimer,
  ): Promise<{ timer: SessionTimerRecord; replaced: SessionTimerRecord | undefined }>;
  /** The owner's timer (the running one, or the last one that fired), if any. */
  findByOwner(ownerId: string): Promise<SessionTimerRecord | undefined>;
  /**
   * Claims up to `limit` running timers that are due (`endsAt` ≤ now) and that nobody holds (never claimed,
   * or their lease ran out), soonest first: sets the token and the lease, counts the attempt. One atomic
   * step, so two processes never claim the same timer.
   */
  claimDue(now: Date, leaseUntil: Date, claimToken: string, limit: number): Promise<ClaimedSessionTimer[]>;
  /** Renews the lease of the timers this token still holds (the heartbeat); resolves to how many. */
  renew(claimToken: string, leaseUntil: Date): Promise<number>;
  /**
   * Records how the timer ended, if this token still holds it, and forgets its reply handle; resolves to
   * whether it did.
   */
  finish(id: number, claimToken: string, outcome: SessionTimerOutcome): Promise<boolean>;
  /** Leaves the timer running for another try at `retryAt`, if this token still holds it. */
  retryLater(id: number, claimToken: string, retryAt: Date, error: string): Promise<boolean>;
}
