/** The households area of the storage port: the people a cat's owner shared it with (co-owners). */

/** One person a cat is (or was) shared with. */
export interface CoOwnerRecord {
  readonly catId: number;
  readonly userId: string;
  readonly sharedAt: Date;
  /** Null while they are a co-owner. */
  readonly removedAt: Date | null;
  /** The "shared with you" DM did not arrive; they are told with their next command. */
  readonly noticePending: boolean;
}

/** A cat as a share names it: which one, what it is called, whose it is. */
export interface SharedCatRef {
  readonly catId: number;
  readonly catName: string;
  readonly ownerId: string;
}

/**
 * None of these lock a cat: sharing counts co-owners under the cat's lock, which the caller takes by
 * resolving the cat in its transaction (cats.listAccessible) after the owner's (owners.ensure).
 */
export interface HouseholdsStore {
  /** The cat's co-owners now, oldest first. */
  listCoOwners(catId: number): Promise<CoOwnerRecord[]>;
  /** The co-owners now of every cat the owner has, oldest first. */
  listCoOwnersOfOwner(ownerId: string): Promise<CoOwnerRecord[]>;
  /** Makes the user a co-owner of the cat (again, if they were before); false when they already are one. */
  add(catId: number, userId: string, at: Date): Promise<boolean>;
  /** Ends a co-ownership (the row stays, marked removed); false when they were not a co-owner. */
  remove(catId: number, userId: string, at: Date): Promise<boolean>;
  /** Cats the user was a co-owner of and is no longer (the cat still exists), latest removal first. */
  listFormer(userId: string): Promise<SharedCatRef[]>;
  /** Remembers that the user still has to be told about this share. */
  markNoticePending(catId: number, userId: string): Promise<void>;
  /** The shares the user was not told about yet (still current), and clears the mark. One indexed write. */
  takeNotices(userId: string): Promise<SharedCatRef[]>;
}
