/** The cats area of the storage port: each cat's coaching state and its stage history. */
import type { CatState, StageChangeCause } from '../../domain/coach.js';
import type { StageId } from '../../domain/stages.js';

export interface CatRecord extends CatState {
  readonly id: number;
  readonly ownerId: string;
  readonly name: string;
  /** Lower-cased name, unique per owner. */
  readonly nameKey: string;
  readonly lastSessionAt: Date | null;
  readonly createdAt: Date;
}

export interface StageChangeRecord {
  readonly id: number;
  readonly catId: number;
  readonly at: Date;
  /** Stages as stored: a hand-edited or newer file may hold one this version does not know. */
  readonly fromStage: string | null;
  readonly toStage: string;
  readonly reason: StageChangeCause;
}

export interface NewStageChange {
  readonly catId: number;
  readonly at: Date;
  readonly fromStage: StageId | null;
  readonly toStage: StageId;
  readonly reason: StageChangeCause;
}

export interface NewCat extends CatState {
  readonly ownerId: string;
  readonly name: string;
  readonly nameKey: string;
  readonly createdAt: Date;
}

/**
 * Inside a transaction, find, listByOwner, listAccessible and findByNameKey lock the cats they return (see
 * store.ts).
 */
export interface CatsStore {
  find(catId: number): Promise<CatRecord | undefined>;
  /** The owner's cats, oldest first. */
  listByOwner(ownerId: string): Promise<CatRecord[]>;
  /**
   * The user's own cats and the cats shared with them (a shared cat's ownerId is someone else's), oldest
   * first. In a transaction they are locked by ONE statement in that order, so transactions of an owner and a
   * co-owner (whose cats may be shared both ways) lock cats in the same order and never deadlock.
   */
  listAccessible(userId: string): Promise<CatRecord[]>;
  countByOwner(ownerId: string): Promise<number>;
  /** The owner's cat with this name key, if any. */
  findByNameKey(ownerId: string, nameKey: string): Promise<CatRecord | undefined>;
  /** Adds a cat and its 'created' stage change. */
  insert(cat: NewCat): Promise<CatRecord>;
  rename(catId: number, name: string, nameKey: string): Promise<CatRecord | undefined>;
  /** Deletes the cat (and, by cascade, its history) when it belongs to `ownerId`; resolves to the row. */
  deleteOwned(catId: number, ownerId: string): Promise<CatRecord | undefined>;
  /** Stores a cat's coaching state (and when its latest session was). */
  saveState(catId: number, state: CatState, lastSessionAt?: Date): Promise<CatRecord | undefined>;
  addStageChange(change: NewStageChange): Promise<void>;
  /** The cat's stage changes, oldest first. */
  listStageChanges(catId: number): Promise<StageChangeRecord[]>;
  countSessions(catId: number): Promise<number>;
}
