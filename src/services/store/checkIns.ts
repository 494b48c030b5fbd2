/**
 * The check-ins area of the storage port: the schedule (owners.next_check_in_at), the exactly-once
 * claims (check_in_sends, one per owner and local date), skipped days, and what a check-in DM shows.
 * The fan-out calls these for every due owner, so they take a chunk of owners at a time: on PostgreSQL a
 * chunk costs a handful of statements instead of several per owner (a round trip each; bench item 5pg).
 */
import type { CheckInKind } from '../../domain/checkInPolicy.js';
import type { OpenClaim } from '../../domain/checkInDecision.js';
import type { LocalDate } from '../../domain/schedule.js';
import type { StageId } from '../../domain/stages.js';
import type { OwnerRecord } from './owners.js';
import type { SessionRecord } from './sessions.js';

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

/** What today's step needs of the cat's latest session (after stress: advice; after possible pain: the vet). */
export type LatestSession = Pick<SessionRecord, 'id' | 'stage' | 'outcome' | 'recognised'>;

/** A cat of a check-in DM, with its latest session (undefined: none yet). */
export interface CheckInCatWithLatest {
  readonly cat: CheckInCat;
  readonly latest: LatestSession | undefined;
}

export interface NewClaim {
  readonly ownerId: string;
  readonly localDate: LocalDate;
  readonly kind: CheckInKind;
  readonly at: Date;
}

/** A claim to take, held by the run's token until its lease ends. */
export interface HeldClaim extends NewClaim {
  readonly leaseUntil: Date;
}

/** A new next_check_in_at for an owner. */
export interface NextCheckIn {
  readonly ownerId: string;
  /** null: nothing to wake up for. */
  readonly next: Date | null;
  /**
   * Written only while next_check_in_at still equals this (the claim's lease): when the owner changed
   * their settings meanwhile, the schedule those settings wrote stays.
   */
  readonly ifStill?: Date;
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
   * Each owner with their open claim and pauses, for the decision, by owner id (an unknown owner is left
   * out). Inside a transaction on PostgreSQL the owners' rows are locked, and an owner another transaction
   * holds (another process claiming them, or an owner logging a session right now) is also left out: they
   * stay due and the next tick decides for them.
   */
  readSubjects(ownerIds: readonly string[]): Promise<Map<string, CheckInSubject>>;
  /** The owners as the fan-out reads them (the same records as owners.find, read cheaply), by id. */
  readOwners(ownerIds: readonly string[]): Promise<Map<string, OwnerRecord>>;
  /** Sets next_check_in_at of each owner (see NextCheckIn.ifStill). */
  setNextCheckIns(entries: readonly NextCheckIn[]): Promise<void>;
  /**
   * Claims each (owner, local date) as 'claimed', held by `token` until the claim's lease ends; resolves
   * to the owners whose claim was taken (a day claimed already is left out).
   */
  claim(claims: readonly HeldClaim[], token: string): Promise<Set<string>>;
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
   * Marks each claim 'sent' and remembers the owner's DM channel, if the claim is still 'claimed' with
   * the record's token. Resolves, by owner id, to the lease each recorded claim held (to hand the schedule
   * back); a claim taken over or given up meanwhile is left out, and nothing is recorded for it.
   */
  recordSent(sent: readonly SentRecord[]): Promise<Map<string, Date>>;
  /**
   * Marks the claim 'failed' (and the owner unreachable when their DMs are closed), with the same fence
   * as recordSent; resolves to the claim's lease, or undefined when it was not this run's any more.
   */
  recordFailed(failed: FailedRecord): Promise<Date | undefined>;
  /**
   * Each owner's cats for the DM, with their latest session, by owner id: their own cats oldest first, then
   * the cats shared with them (households), oldest first. Locks nothing: a co-owner logging for one of these
   * cats right now (holding its row) does not hold up the check-in, which reads the cat as last committed.
   */
  catsForCheckIn(ownerIds: readonly string[]): Promise<Map<string, CheckInCatWithLatest[]>>;
  /** Records "skipped today"; resolves to false when that day was skipped already. */
  addSkip(ownerId: string, localDate: LocalDate, at: Date): Promise<boolean>;
}
