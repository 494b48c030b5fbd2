/** The sessions area of the storage port: the training sessions owners log. */
import type { Outcome } from '../../domain/coach.js';
import type { Severity } from '../../domain/severity.js';
import type { StageId } from '../../domain/stages.js';

/** A recognised signal as stored with its session. */
export interface StoredItem {
  readonly id: string;
  readonly label: string;
  readonly severity: Severity;
  readonly expected: boolean;
  readonly text: string;
}

export interface SessionRecord {
  readonly id: number;
  readonly catId: number;
  readonly at: Date;
  readonly localDate: string;
  readonly minutes: number | null;
  readonly rawText: string;
  readonly recognised: readonly StoredItem[];
  readonly note: string | null;
  /** The cat's stage when the session was logged (a hand-edited or newer file may hold one this version does not know). */
  readonly stage: string;
  readonly worst: Severity | null;
  readonly outcome: Outcome;
  /** Who logged it: the cat's owner or a co-owner (null: the owner, in sessions from before households). */
  readonly loggedBy: string | null;
}

export type NewSession = Omit<SessionRecord, 'id' | 'stage' | 'loggedBy'> & {
  readonly stage: StageId;
  readonly loggedBy: string;
};

/** What a chart and a streak need of every session. */
export interface SessionPoint {
  readonly at: Date;
  readonly localDate: string;
  readonly worst: Severity | null;
  readonly stage: string;
  /** See SessionRecord.loggedBy. */
  readonly loggedBy: string | null;
}

export interface SessionsStore {
  /** Stores a session; resolves to its id. */
  insert(session: NewSession): Promise<number>;
  /** Every session of the cat, oldest first, reduced to what a timeline needs. */
  timeline(catId: number): Promise<SessionPoint[]>;
  /** The cat's latest sessions, newest first. */
  recent(catId: number, limit: number): Promise<SessionRecord[]>;
  /** Every session of the cat, oldest first. */
  listByCat(catId: number): Promise<SessionRecord[]>;
}
