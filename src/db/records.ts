/**
 * Row ↔ record helpers shared by both Store implementations (SQLite and PostgreSQL): the rows have the
 * same columns (a test holds the two schemas equal), so the mapping is written once.
 */
import type { CatState } from '../domain/coach.js';
import { FIRST_STAGE, isStageId } from '../domain/stages.js';
import type { CatRecord } from '../services/store/cats.js';
import type { ClaimedOutboxItem, NewOutboxItem } from '../services/store/outbox.js';
import type { SessionTimerRecord } from '../services/store/sessionTimers.js';

/** The columns that hold a CatState. */
export function catStateColumns(state: CatState) {
  return {
    stage: state.stage,
    stageSince: state.stageSince,
    goodDays: state.goodDays,
    lastGoodDate: state.lastGoodDate,
    moderateRun: state.moderateRun,
    stepBacks: state.stepBacks,
    offerPending: state.offerPending,
    offerAgainAt: state.offerAgainAt,
    milestones: [...state.milestones],
  };
}

/** A cat as stored: its stage is text, and may be one this version does not know. */
type CatRow = Omit<CatRecord, 'stage'> & { readonly stage: string };

/** A cat row as a record; a stage this version does not know (a hand-edited row) reads as the first stage. */
export function catRecord(row: CatRow): CatRecord;
export function catRecord(row: CatRow | undefined): CatRecord | undefined;
export function catRecord(row: CatRow | undefined): CatRecord | undefined {
  if (row === undefined) return undefined;
  return { ...row, stage: isStageId(row.stage) ? row.stage : FIRST_STAGE };
}

/** An outbox row just claimed with `claimToken`, as the worker sees it. */
export function claimedOutboxItem(
  row: NewOutboxItem & { readonly id: number; readonly attempts: number },
  claimToken: string,
): ClaimedOutboxItem {
  return {
    id: row.id,
    kind: row.kind,
    ownerId: row.ownerId,
    catId: row.catId,
    effects: row.effects,
    createdAt: row.createdAt,
    attempts: row.attempts,
    claimToken,
  };
}

/** A session timer row as the services see it: the claim columns stay in the database. */
export function sessionTimerRecord(
  row: SessionTimerRecord & { readonly claimToken: string | null; readonly leaseUntil: Date | null },
): SessionTimerRecord {
  const { claimToken: _claimToken, leaseUntil: _leaseUntil, ...record } = row;
  return record;
}
