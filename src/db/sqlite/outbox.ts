/** The outbox area on SQLite. */
import { and, asc, count, eq, isNull, lte, ne, or, sql } from 'drizzle-orm';
import { claimedOutboxItem } from '../records.js';
import type { OutboxStore } from '../../services/store/outbox.js';
import type { Db } from './client.js';
import type { Runner } from './runner.js';
import { outbox } from './schema.js';

const pending = eq(outbox.status, 'pending');

export function sqliteOutbox(db: Db, run: Runner): OutboxStore {
  return {
    enqueue: (item) =>
      run(() => {
        db.insert(outbox).values(item).run();
      }),
    claim: (now, leaseUntil, claimToken, limit) =>
      run(() =>
        db.transaction((tx) => {
          const free = tx
            .select({ id: outbox.id })
            .from(outbox)
            .where(and(pending, or(isNull(outbox.leaseUntil), lte(outbox.leaseUntil, now))))
            .orderBy(asc(outbox.id))
            .limit(limit)
            .all();
          return free.flatMap(({ id }) => {
            const row = tx
              .update(outbox)
              .set({ claimToken, leaseUntil, attempts: sql`${outbox.attempts} + 1` })
              .where(and(eq(outbox.id, id), pending))
              .returning()
              .get() as typeof outbox.$inferSelect | undefined;
            return row ? [claimedOutboxItem(row, claimToken)] : [];
          });
        }),
      ),
    renew: (claimToken, leaseUntil) =>
      run(
        () =>
          db
            .update(outbox)
            .set({ leaseUntil })
            .where(and(pending, eq(outbox.claimToken, claimToken)))
            .run().changes,
      ),
    finish: (id, claimToken, outcome) =>
      run(
        () =>
          db
            .update(outbox)
            .set({
              status: outcome.status,
              doneAt: outcome.at,
              error: outcome.error ?? null,
              leaseUntil: null,
            })
            .where(and(eq(outbox.id, id), pending, eq(outbox.claimToken, claimToken)))
            .run().changes > 0,
      ),
    retryLater: (id, claimToken, retryAt, error) =>
      run(
        () =>
          db
            .update(outbox)
            .set({ leaseUntil: retryAt, error })
            .where(and(eq(outbox.id, id), pending, eq(outbox.claimToken, claimToken)))
            .run().changes > 0,
      ),
    prune: (before) =>
      run(
        () =>
          db
            .delete(outbox)
            .where(and(ne(outbox.status, 'pending'), lte(outbox.doneAt, before)))
            .run().changes,
      ),
    depth: () => run(() => db.select({ n: count() }).from(outbox).where(pending).get()?.n ?? 0),
  };
}
