/** The owner's-data area of the storage port: everything about one owner, to export or to erase. */
import type { PostRef } from '../ports.js';
import type { CatRecord, StageChangeRecord } from './cats.js';
import type { CoOwnerRecord } from './households.js';
import type { OwnerRecord, PauseRecord } from './owners.js';
import type { SessionRecord } from './sessions.js';
import type { SessionTimerRecord } from './sessionTimers.js';

/** A stored row as plain data, for the export (its columns are the export's fields). */
export type ExportRow = Readonly<Record<string, unknown>>;

export interface OwnerDataSnapshot {
  readonly owner: OwnerRecord | undefined;
  readonly cats: readonly CatRecord[];
  readonly sessions: readonly SessionRecord[];
  readonly stageChanges: readonly StageChangeRecord[];
  readonly pauses: readonly PauseRecord[];
  readonly skippedDays: readonly ExportRow[];
  readonly checkIns: readonly ExportRow[];
  readonly sharedWins: readonly ExportRow[];
  readonly servers: readonly ExportRow[];
  /** Servers whose wins channel this owner set or turned off last. */
  readonly serverSettingsChanged: readonly ExportRow[];
  /** The owner's session timer (running, or the last one that fired), if any. */
  readonly sessionTimer: SessionTimerRecord | undefined;
  /** Households: who the owner's cats are (or were) shared with. */
  readonly catCoOwners: readonly CoOwnerRecord[];
  /** Households: the cats shared with this person, now or before, with the cat's name and owner. */
  readonly coOwnerships: readonly (CoOwnerRecord & { readonly catName: string; readonly ownerId: string })[];
  /** Households: the sessions this person logged for cats that are not theirs. */
  readonly sessionsLoggedForOthers: readonly SessionRecord[];
}

export interface ErasedCounts {
  readonly cats: number;
  /** Sessions of the owner's cats, and sessions they logged for cats shared with them. */
  readonly sessions: number;
  /** Posts in servers' channels that credited the owner, now forgotten here. */
  readonly sharedPosts: number;
}

export interface MyDataStore {
  /** Every row about the owner, read consistently. */
  snapshot(ownerId: string): Promise<OwnerDataSnapshot>;
  /** The bot's posts in servers that credit the owner (wins, milestones). */
  postsCrediting(ownerId: string): Promise<PostRef[]>;
  /**
   * Deletes every row about the owner, in every table (also tables added later that key rows by an
   * owner), and forgets them as the last editor of a server's settings. One transaction. Households: their
   * cats go for everyone (with every session and co-owner); as a co-owner, the sessions they logged and
   * their co-ownerships go, while the cats (and their state) stay with their owners.
   */
  erase(ownerId: string): Promise<ErasedCounts>;
}
