/** The outbox area on PostgreSQL. */
import { and, asc, count, eq, inArray, isNull, lte, ne, or, sql } from 'drizzle-orm';
import { claimedOutboxItem } from '../records.js';
import type { ClaimedOutboxItem, OutboxStore } from '../../services/store/outbox.js';
import type { PgQueryable } from './client.js';
import { outbox } from './schema.js';

const pending = eq(outbox.status, 'pending');

export function pgOutbox(db: PgQueryable): OutboxStore {
  return {
    enqueue: async (item) => {
      await db.insert(outbox).values(item);
    },
    claim: async (now, leaseUntil, claimToken, limit): Promise<ClaimedOutboxItem[]> => {
      // One statement: free items are locked as they are picked, and one another worker holds right
      // now is skipped rather than waited for (it will be claimed, or it is taken already).
      // A CTE is evaluated once, so the LIMIT holds whatever plan the UPDATE gets.
      const free = db.$with('free').as(
        db
          .select({ id: outbox.id })
          .from(outbox)
          .where(and(pending, or(isNull(outbox.leaseUntil), lte(outbox.leaseUntil, now))))
          .orderBy(asc(outbox.id))
          .limit(limit)
          .for('update', { skipLocked: true }),
      );
      const rows = await db
        .with(free)
        .update(outbox)
        .set({ claimToken, leaseUntil, attempts: sql`${outbox.attempts} + 1` })
        .where(and(inArray(outbox.id, db.select({ id: free.id }).from(free)), pending))
        .returning();
      return rows.sort((a, b) => a.id - b.id).map((row) => claimedOutboxItem(row, claimToken));
    },
    renew: async (claimToken, leaseUntil) =>
      (
        await db
          .update(outbox)
          .set({ leaseUntil })
          .where(and(pending, eq(outbox.claimToken, claimToken)))
          .returning({ id: outbox.id })
      ).length,
    finish: async (id, claimToken, outcome) =>
      (
        await db
          .update(outbox)
          .set({ status: outcome.status, doneAt: outcome.at, error: outcome.error ?? null, leaseUntil: null })
          .where(and(eq(outbox.id, id), pending, eq(outbox.claimToken, claimToken)))
          .returning({ id: outbox.id })
      ).length > 0,
    retryLater: async (id, claimToken, retryAt, error) =>
      (
        await db
          .update(outbox)
          .set({ leaseUntil: retryAt, error })
          .where(and(eq(outbox.id, id), pending, eq(outbox.claimToken, claimToken)))
          .returning({ id: outbox.id })
      ).length > 0,
    prune: async (before) =>
      (
        await db
          .delete(outbox)
          .where(and(ne(outbox.status, 'pending'), lte(outbox.doneAt, before)))
          .returning({ id: outbox.id })
      ).length,
    depth: async () => (await db.select({ n: count() }).from(outbox).where(pending))[0]?.n ?? 0,
  };
}
