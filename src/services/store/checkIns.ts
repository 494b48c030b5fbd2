/**
 * The check-ins area of the storage port: the schedule (owners.next_check_in_at), the exactly-once
 * claims (check_in_sends, one per owner and local date), skipped days, and what a check-in DM shows.
 * The fan-out calls these for every due owner, so the implementations keep them cheap.
 */
import type { CheckInKind } from '../../domain/checkInPolicy.js';
import type { OpenClaim } from '../../domain/checkInDecision.js';
import type { LocalDate } from '../../domain/schedule.js';
import type { StageId } from '../../domain/stages.js';
import type { OwnerRecord } from './owners.js';

/** Everything the per-owner decision reads, in one call. */
export interface CheckInSubject {
  readonly owner: OwnerRecord;
  /** The owner's latest claim still 'claimed' (its send never recorded an outcome), if any. */
  readonly openClaim: OpenClaim | null;
  /** The latest end of a finished pause. */
  readonly lastPauseEnd: Date | null;
  /** Whether a pause is still open. */
  readonly hasOpenPause: boolean;
}

/** A cat as the check-in DM shows it. */
export interface CheckInCat {
  readonly id: number;
  readonly name: string;
  readonly stage: StageId;
  /** Someone else's for a cat shared with the one checked in (households). */
  readonly ownerId: string;
}

export interface NewClaim {
  readonly ownerId: string;
  readonly localDate: LocalDate;
  readonly kind: CheckInKind;
  readonly at: Date;
}

/** Who holds a claim, and until when: the sending run's token (the fence) and its lease. */
export interface ClaimHold {
  readonly token: string;
  readonly leaseUntil: Date;
}

export interface SentRecord {
  readonly ownerId: string;
  readonly localDate: LocalDate;
  /** The fence: recorded only while the claim is still 'claimed' with this token. */
  readonly token: string;
  readonly at: Date;
  readonly messageId: string;
  readonly dmChannelId: string;
}

export interface FailedRecord {
  readonly ownerId: string;
  readonly localDate: LocalDate;
  /** The fence: recorded only while the claim is still 'claimed' with this token. */
  readonly token: string;
  /** Stored with the claim; 'dms_closed' when the owner's DMs are closed. */
  readonly error: string;
  /** The owner's DMs are closed: mark them unreachable, with a notice pending. */
  readonly dmsClosed: boolean;
}

export interface CheckInsStore {
  /** Owners whose check-in is due at `now`, earliest first: ids only, on the next-check-in index. */
  dueOwnerIds(now: Date, limit: number): Promise<string[]>;
  /**
   * The owner, their open claim and their pauses, for the decision (undefined: no such owner). Inside a
   * transaction on PostgreSQL the owner's row is locked, and an owner another transaction holds (another
   * process claiming them, or an owner logging a session right now) also reads as undefined: they stay due
   * and the next tick decides for them.
   */
  readSubject(ownerId: string): Promise<CheckInSubject | undefined>;
  /** The owner as the fan-out reads it (the same record as owners.find, read cheaply). */
  readOwner(ownerId: string): Promise<OwnerRecord | undefined>;
  /** Sets next_check_in_at (null: nothing to wake up for). */
  setNextCheckIn(ownerId: string, next: Date | null): Promise<void>;
  /**
   * Claims (owner, local date) as 'claimed', held by `hold`; resolves to false when that day was claimed
   * already.
   */
  claim(claim: NewClaim, hold: ClaimHold): Promise<boolean>;
  /** Records a day as 'skipped' (too late to send), unless it was claimed already. */
  recordSkipped(claim: Omit<NewClaim, 'kind'> & { readonly error: string }): Promise<void>;
  /**
   * Marks an open claim as re-sent once (see OpenClaim.resent) and hands it to `hold`: the sender that
   * held it before (its lease ran out) is fenced off.
   */
  markResent(ownerId: string, localDate: LocalDate, hold: ClaimHold): Promise<void>;
  /** Gives an open claim up: 'failed' with `error` (its sender, if alive, is fenced off). */
  abandonClaim(ownerId: string, localDate: LocalDate, error: string): Promise<void>;
  /**
   * The heartbeat: renews to `leaseUntil` the lease of every claim still 'claimed' with `token`, and the
   * owner's next_check_in_at where it still holds the claim's lease (so the owner stays not due while the
   * send is alive). Resolves to how many claims were renewed.
   */
  renewClaims(token: string, leaseUntil: Date): Promise<number>;
  /**
   * Marks the claim 'sent' and remembers the owner's DM channel, if the claim is still 'claimed' with
   * the record's token. Resolves to the lease the claim held (to hand the schedule back), or undefined
   * when the claim was taken over or given up meanwhile: then nothing is recorded.
   */
  recordSent(sent: SentRecord): Promise<Date | undefined>;
  /**
   * Marks the claim 'failed' (and the owner unreachable when their DMs are closed), with the same fence
   * and result as recordSent.
   */
  recordFailed(failed: FailedRecord): Promise<Date | undefined>;
  /**
   * The owner's cats for the DM, oldest first, then the cats shared with them (households), oldest first.
   * Locks nothing: a co-owner logging for one of these cats right now (holding its row) does not hold up the
   * check-in, which reads the cat as last committed.
   */
  listCats(ownerId: string): Promise<CheckInCat[]>;
  /** Records "skipped today"; resolves to false when that day was skipped already. */
  addSkip(ownerId: string, localDate: LocalDate, at: Date): Promise<boolean>;
}
