/** The session timers area on PostgreSQL. */
import { and, asc, eq, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import { sessionTimerRecord } from '../records.js';
import type { ClaimedSessionTimer, SessionTimersStore } from '../../services/store/sessionTimers.js';
import type { PgQueryable } from './client.js';
import { sessionTimers } from './schema.js';

const running = eq(sessionTimers.status, 'running');

export function pgSessionTimers(db: PgQueryable): SessionTimersStore {
  const held = (id: number, claimToken: string) =>
    and(eq(sessionTimers.id, id), running, eq(sessionTimers.claimToken, claimToken));
  return {
    // A savepoint inside the caller's transaction (which holds the owner's row), or a transaction alone.
    start: (timer) =>
      db.transaction(async (tx) => {
        // Delete, then insert: the new timer gets a new id, so its DM nonce is never an old timer's.
        const [replaced] = await tx
          .delete(sessionTimers)
          .where(eq(sessionTimers.ownerId, timer.ownerId))
          .returning();
        const [row] = await tx.insert(sessionTimers).values(timer).returning();
        if (!row) throw new Error('The session timer was not stored');
        return {
          timer: sessionTimerRecord(row),
          replaced: replaced === undefined ? undefined : sessionTimerRecord(replaced),
        };
      }),
    findByOwner: async (ownerId) => {
      const [row] = await db.select().from(sessionTimers).where(eq(sessionTimers.ownerId, ownerId));
      return row === undefined ? undefined : sessionTimerRecord(row);
    },
    claimDue: async (now, leaseUntil, claimToken, limit): Promise<ClaimedSessionTimer[]> => {
      // One statement, as the outbox claims: due timers are locked as they are picked, one another
      // process holds right now is skipped rather than waited for; the CTE keeps the LIMIT.
      const due = db.$with('due').as(
        db
          .select({ id: sessionTimers.id })
          .from(sessionTimers)
          .where(
            and(
              running,
              lte(sessionTimers.endsAt, now),
              or(isNull(sessionTimers.leaseUntil), lte(sessionTimers.leaseUntil, now)),
            ),
          )
          .orderBy(asc(sessionTimers.endsAt), asc(sessionTimers.id))
          .limit(limit)
          .for('update', { skipLocked: true }),
      );
      const rows = await db
        .with(due)
        .update(sessionTimers)
        .set({ claimToken, leaseUntil, attempts: sql`${sessionTimers.attempts} + 1` })
        .where(and(inArray(sessionTimers.id, db.select({ id: due.id }).from(due)), running))
        .returning();
      return rows
        .sort((a, b) => a.endsAt.getTime() - b.endsAt.getTime() || a.id - b.id)
        .map((row) => ({ ...sessionTimerRecord(row), claimToken }));
    },
    renew: async (claimToken, leaseUntil) =>
      (
        await db
          .update(sessionTimers)
          .set({ leaseUntil })
          .where(and(running, eq(sessionTimers.claimToken, claimToken)))
          .returning({ id: sessionTimers.id })
      ).length,
    finish: async (id, claimToken, outcome) =>
      (
        await db
          .update(sessionTimers)
          .set({
            status: outcome.status,
            doneAt: outcome.at,
            deliveredVia: outcome.via ?? null,
            error: outcome.error ?? null,
            leaseUntil: null,
            replyHandle: null,
          })
          .where(held(id, claimToken))
          .returning({ id: sessionTimers.id })
      ).length > 0,
    retryLater: async (id, claimToken, retryAt, error) =>
      (
        await db
          .update(sessionTimers)
          .set({ leaseUntil: retryAt, error })
          .where(held(id, claimToken))
          .returning({ id: sessionTimers.id })
      ).length > 0,
  };
}
