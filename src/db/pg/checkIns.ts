/**
 * The check-ins area on PostgreSQL: the schedule, the claims in check_in_sends, skips, the cats of a DM.
 *
 * Several processes may run the tick at once. The due query skips owners another process is claiming
 * right now (FOR NO KEY UPDATE SKIP LOCKED), and inside the claim transaction readSubject locks the owner
 * it decides for, skipping one another transaction holds: that owner is being claimed (or is logging a
 * session) now, and is due again at the next tick if nothing moved it. (owner, local date) stays unique,
 * and a claim is an INSERT … ON CONFLICT DO NOTHING, so a day is claimed once whatever the timing.
 */
import { and, asc, eq, lte, sql } from 'drizzle-orm';
import { FIRST_STAGE, isStageId } from '../../domain/stages.js';
import type { CheckInsStore } from '../../services/store/checkIns.js';
import type { OwnerRecord } from '../../services/store/owners.js';
import { RESENT_MARK } from '../checkInMarks.js';
import type { PgQueryable } from './client.js';
import { cats, checkInSends, owners, pauses, skips } from './schema.js';

type OpenClaimKind = (typeof checkInSends.kind.enumValues)[number];

/** `inTx`: inside a Store transaction (the claim), where readSubject locks the owner or skips them. */
export function pgCheckIns(db: PgQueryable, inTx: boolean): CheckInsStore {
  const byOwnerDate = (ownerId: string, localDate: string) =>
    and(eq(checkInSends.ownerId, ownerId), eq(checkInSends.localDate, localDate));
  const readOwner = async (ownerId: string, lock: boolean): Promise<OwnerRecord | undefined> => {
    const query = db.select().from(owners).where(eq(owners.id, ownerId));
    return (await (lock ? query.for('no key update', { skipLocked: true }) : query))[0];
  };
  return {
    dueOwnerIds: async (now, limit) =>
      (
        await db
          .select({ id: owners.id })
          .from(owners)
          .where(lte(owners.nextCheckInAt, now))
          .orderBy(asc(owners.nextCheckInAt))
          .limit(limit)
          .for('no key update', { skipLocked: true })
      ).map((r) => r.id),
    // One round trip: the owner's row (locked inside the claim transaction) with its open claim and
    // pauses as subqueries, instead of three statements per due owner.
    readSubject: async (ownerId) => {
      const query = db
        .select({
          owner: owners,
          open: sql<{
            localDate: string;
            kind: OpenClaimKind;
            claimedAt: number;
            error: string | null;
          } | null>`(SELECT json_build_object('localDate', s.local_date, 'kind', s.kind, 'claimedAt', extract(epoch FROM s.claimed_at) * 1000, 'error', s.error)
              FROM ${checkInSends} s WHERE s.owner_id = "owners"."id" AND s.status = 'claimed'
              ORDER BY s.local_date DESC LIMIT 1)`,
          lastEnd: sql<
            number | null
          >`(SELECT (extract(epoch FROM max(p.ended_at)) * 1000)::float8 FROM ${pauses} p WHERE p.owner_id = "owners"."id")`,
          openPauses: sql<number>`(SELECT (count(*) - count(p.ended_at))::int FROM ${pauses} p WHERE p.owner_id = "owners"."id")`,
        })
        .from(owners)
        .where(eq(owners.id, ownerId));
      const [row] = await (inTx ? query.for('no key update', { skipLocked: true }) : query);
      if (row === undefined) return undefined;
      const { owner, open, lastEnd, openPauses } = row;
      return {
        owner,
        openClaim:
          open === null
            ? null
            : {
                localDate: open.localDate,
                kind: open.kind,
                claimedAt: new Date(open.claimedAt),
                resent: open.error === RESENT_MARK,
              },
        lastPauseEnd: lastEnd === null ? null : new Date(lastEnd),
        hasOpenPause: openPauses > 0,
      };
    },
    readOwner: (ownerId) => readOwner(ownerId, false),
    setNextCheckIn: async (ownerId, next) => {
      await db.update(owners).set({ nextCheckInAt: next }).where(eq(owners.id, ownerId));
    },
    claim: async ({ ownerId, localDate, kind, at }) =>
      (
        await db
          .insert(checkInSends)
          .values({ ownerId, localDate, kind, claimedAt: at, status: 'claimed' })
          .onConflictDoNothing()
          .returning({ ownerId: checkInSends.ownerId })
      ).length > 0,
    recordSkipped: async ({ ownerId, localDate, at, error }) => {
      await db
        .insert(checkInSends)
        .values({ ownerId, localDate, kind: 'checkin', claimedAt: at, status: 'skipped', error })
        .onConflictDoNothing();
    },
    markResent: async (ownerId, localDate) => {
      await db.update(checkInSends).set({ error: RESENT_MARK }).where(byOwnerDate(ownerId, localDate));
    },
    abandonClaim: async (ownerId, localDate, error) => {
      await db.update(checkInSends).set({ status: 'failed', error }).where(byOwnerDate(ownerId, localDate));
    },
    recordSent: async ({ ownerId, localDate, at, messageId, dmChannelId }) => {
      // One round trip for both rows (a data-modifying CTE): one per DM sent.
      await db.execute(sql`WITH sent AS (
          UPDATE ${checkInSends} SET status = 'sent', sent_at = ${at}, message_id = ${messageId}
          WHERE owner_id = ${ownerId} AND local_date = ${localDate})
        UPDATE ${owners} SET dm_channel_id = ${dmChannelId} WHERE id = ${ownerId}`);
    },
    recordFailed: async ({ ownerId, localDate, error, dmsClosed }) => {
      await db.update(checkInSends).set({ status: 'failed', error }).where(byOwnerDate(ownerId, localDate));
      if (dmsClosed) {
        await db
          .update(owners)
          .set({ dmsReachable: false, dmsNoticePending: true })
          .where(eq(owners.id, ownerId));
      }
    },
    listCats: async (ownerId) =>
      (
        await db
          .select({ id: cats.id, name: cats.name, stage: cats.stage })
          .from(cats)
          .where(eq(cats.ownerId, ownerId))
          .orderBy(asc(cats.createdAt), asc(cats.id))
      ).map((row) => ({ ...row, stage: isStageId(row.stage) ? row.stage : FIRST_STAGE })),
    addSkip: async (ownerId, localDate, at) =>
      (
        await db
          .insert(skips)
          .values({ ownerId, localDate, at })
          .onConflictDoNothing()
          .returning({ ownerId: skips.ownerId })
      ).length > 0,
  };
}
