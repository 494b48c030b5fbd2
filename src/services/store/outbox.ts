/** The outbox area of the storage port: effects stored with their cause, delivered later by a worker. */
import type { Effect } from '../../domain/coach.js';

export type OutboxKind = 'announce';

export interface NewOutboxItem {
  readonly kind: OutboxKind;
  readonly ownerId: string;
  readonly catId: number | null;
  readonly effects: readonly Effect[];
  readonly createdAt: Date;
}

/** An item claimed for delivery: `claimToken` fences every later write to it. */
export interface ClaimedOutboxItem extends NewOutboxItem {
  readonly id: number;
  /** Counting this claim. */
  readonly attempts: number;
  readonly claimToken: string;
}

export interface OutboxStore {
  /** Adds an item; call it inside the transaction that stores the effects' cause. */
  enqueue(item: NewOutboxItem): Promise<void>;
  /**
   * Claims up to `limit` pending items that nobody holds (never claimed, or their lease ran out), oldest
   * first: sets the token and the lease, counts the attempt. One atomic step, so two workers never
   * claim the same item.
   */
  claim(now: Date, leaseUntil: Date, claimToken: string, limit: number): Promise<ClaimedOutboxItem[]>;
  /** Renews the lease of the items this token still holds (the heartbeat); resolves to how many it holds. */
  renew(claimToken: string, leaseUntil: Date): Promise<number>;
  /** Marks the item done (or failed, with the error) if this token still holds it; resolves to whether it did. */
  finish(
    id: number,
    claimToken: string,
    outcome: { readonly status: 'done' | 'failed'; readonly at: Date; readonly error?: string },
  ): Promise<boolean>;
  /** Leaves the item pending for another try at `retryAt`, if this token still holds it. */
  retryLater(id: number, claimToken: string, retryAt: Date, error: string): Promise<boolean>;
  /** Deletes finished items (done or failed) that finished before `before`; resolves to how many. */
  prune(before: Date): Promise<number>;
  /** Items waiting to be delivered (claimed or not). */
  depth(): Promise<number>;
}
