/** The session timers area on SQLite. */
import { and, asc, eq, isNull, lte, or, sql } from 'drizzle-orm';
import { sessionTimerRecord } from '../records.js';
import type { SessionTimersStore } from '../../services/store/sessionTimers.js';
import type { Db } from './client.js';
import type { Runner } from './runner.js';
import { sessionTimers } from './schema.js';

const running = eq(sessionTimers.status, 'running');

export function sqliteSessionTimers(db: Db, run: Runner): SessionTimersStore {
  const held = (id: number, claimToken: string) =>
    and(eq(sessionTimers.id, id), running, eq(sessionTimers.claimToken, claimToken));
  return {
    start: (timer) =>
      run(() =>
        db.transaction((tx) => {
          // Delete, then insert: the new timer gets a new id, so its DM nonce is never an old timer's.
          const replaced = tx
            .delete(sessionTimers)
            .where(eq(sessionTimers.ownerId, timer.ownerId))
            .returning()
            .get();
          const row = tx.insert(sessionTimers).values(timer).returning().get();
          return {
            timer: sessionTimerRecord(row),
            replaced: replaced === undefined ? undefined : sessionTimerRecord(replaced),
          };
        }),
      ),
    findByOwner: (ownerId) =>
      run(() => {
        const row = db.select().from(sessionTimers).where(eq(sessionTimers.ownerId, ownerId)).get();
        return row === undefined ? undefined : sessionTimerRecord(row);
      }),
    claimDue: (now, leaseUntil, claimToken, limit) =>
      run(() =>
        db.transaction((tx) => {
          const due = tx
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
            .all();
          return due.flatMap(({ id }) => {
            const row = tx
              .update(sessionTimers)
              .set({ claimToken, leaseUntil, attempts: sql`${sessionTimers.attempts} + 1` })
              .where(and(eq(sessionTimers.id, id), running))
              .returning()
              .get() as typeof sessionTimers.$inferSelect | undefined;
            return row ? [{ ...sessionTimerRecord(row), claimToken }] : [];
          });
        }),
      ),
    renew: (claimToken, leaseUntil) =>
      run(
        () =>
          db
            .update(sessionTimers)
            .set({ leaseUntil })
            .where(and(running, eq(sessionTimers.claimToken, claimToken)))
            .run().changes,
      ),
    finish: (id, claimToken, outcome) =>
      run(
        () =>
          db
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
            .run().changes > 0,
      ),
    retryLater: (id, claimToken, retryAt, error) =>
      run(
        () =>
          db.update(sessionTimers).set({ leaseUntil: retryAt, error }).where(held(id, claimToken)).run()
            .changes > 0,
      ),
  };
}
