/**
 * The check-ins area on PostgreSQL: the schedule, the claims in check_in_sends, skips, the cats of a DM.
 *
 * Several processes may run the tick at once. The due query skips owners another process is claiming
 * right now (FOR NO KEY UPDATE SKIP LOCKED), and inside the claim transaction readSubject locks the owner
 * it decides for, skipping one another transaction holds: that owner is being claimed (or is logging a
 * session) now, and is due again at the next tick if nothing moved it. (owner, local date) stays unique,
 * and a claim is an INSERT … ON CONFLICT DO NOTHING, so a day is claimed once whatever the timing.
 */
import { and, asc, eq, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import { claimLeaseEnd } from '../../domain/checkInDecision.js';
import { FIRST_STAGE, isStageId } from '../../domain/stages.js';
import type { CheckInsStore } from '../../services/store/checkIns.js';
import type { OwnerRecord } from '../../services/store/owners.js';
import { RESENT_MARK } from '../checkInMarks.js';
import type { PgQueryable } from './client.js';
import { catCoOwners, cats, checkInSends, owners, pauses, skips } from './schema.js';

/** `inTx`: inside a Store transaction (the claim), where readSubject locks the owner or skips them. */
type OpenClaimKind = (typeof checkInSends.kind.enumValues)[number];

export function pgCheckIns(db: PgQueryable, inTx: boolean): CheckInsStore {
  const byOwnerDate = (ownerId: string, localDate: string) =>
    and(eq(checkInSends.ownerId, ownerId), eq(checkInSends.localDate, localDate));
  // The fence: a result is recorded only by the run that still holds the claim.
  const held = (token: string) => and(eq(checkInSends.status, 'claimed'), eq(checkInSends.claimToken, token));
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
    readSubject: async (ownerId) => {
      // One round trip: the owner's row (locked inside the claim transaction) with its open claim and
      // pauses as subqueries, instead of three statements per due owner (bench item 5pg).
      const query = db
        .select({
          owner: owners,
          open: sql<{
            localDate: string;
            kind: OpenClaimKind;
            claimedAt: number;
            leaseUntil: number | null;
            error: string | null;
          } | null>`(SELECT json_build_object('localDate', s.local_date, 'kind', s.kind, 'claimedAt', extract(epoch FROM s.claimed_at) * 1000, 'leaseUntil', extract(epoch FROM s.lease_until) * 1000, 'error', s.error)
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
                leaseUntil: open.leaseUntil === null ? null : new Date(open.leaseUntil),
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
    claim: async ({ ownerId, localDate, kind, at }, { token, leaseUntil }) =>
      (
        await db
          .insert(checkInSends)
          .values({
            ownerId,
            localDate,
            kind,
            claimedAt: at,
            status: 'claimed',
            leaseUntil,
            claimToken: token,
          })
          .onConflictDoNothing()
          .returning({ ownerId: checkInSends.ownerId })
      ).length > 0,
    recordSkipped: async ({ ownerId, localDate, at, error }) => {
      await db
        .insert(checkInSends)
        .values({ ownerId, localDate, kind: 'checkin', claimedAt: at, status: 'skipped', error })
        .onConflictDoNothing();
    },
    markResent: async (ownerId, localDate, { token, leaseUntil }) => {
      await db
        .update(checkInSends)
        .set({ error: RESENT_MARK, claimToken: token, leaseUntil })
        .where(byOwnerDate(ownerId, localDate));
    },
    abandonClaim: async (ownerId, localDate, error) => {
      await db
        .update(checkInSends)
        .set({ status: 'failed', error, claimToken: null })
        .where(byOwnerDate(ownerId, localDate));
    },
    renewClaims: async (token, leaseUntil) => {
      // The owners first: they follow the claims' lease as it was, then the claims move.
      await db.execute(sql`
        UPDATE owners SET next_check_in_at = ${leaseUntil.toISOString()}::timestamptz WHERE id IN (
          SELECT c.owner_id FROM check_in_sends c
          WHERE c.claim_token = ${token} AND c.status = 'claimed' AND c.lease_until = owners.next_check_in_at
        )`);
      const renewed = await db
        .update(checkInSends)
        .set({ leaseUntil })
        .where(and(eq(checkInSends.claimToken, token), eq(checkInSends.status, 'claimed')))
        .returning({ ownerId: checkInSends.ownerId });
      return renewed.length;
    },
    recordSent: async ({ ownerId, localDate, token, at, messageId, dmChannelId }) => {
      const [row] = await db
        .update(checkInSends)
        .set({ status: 'sent', sentAt: at, messageId, claimToken: null })
        .where(and(byOwnerDate(ownerId, localDate), held(token)))
        .returning({ leaseUntil: checkInSends.leaseUntil, claimedAt: checkInSends.claimedAt });
      if (row === undefined) return undefined;
      await db.update(owners).set({ dmChannelId }).where(eq(owners.id, ownerId));
      return claimLeaseEnd(row);
    },
    recordFailed: async ({ ownerId, localDate, token, error, dmsClosed }) => {
      const [row] = await db
        .update(checkInSends)
        .set({ status: 'failed', error, claimToken: null })
        .where(and(byOwnerDate(ownerId, localDate), held(token)))
        .returning({ leaseUntil: checkInSends.leaseUntil, claimedAt: checkInSends.claimedAt });
      if (row === undefined) return undefined;
      if (dmsClosed) {
        await db
          .update(owners)
          .set({ dmsReachable: false, dmsNoticePending: true })
          .where(eq(owners.id, ownerId));
      }
      return claimLeaseEnd(row);
    },
    listCats: async (ownerId) =>
      (
        await db
          .select({ id: cats.id, name: cats.name, stage: cats.stage, ownerId: cats.ownerId })
          .from(cats)
          .where(
            or(
              eq(cats.ownerId, ownerId),
              // Households: the cats shared with them. No lock (see the port).
              inArray(
                cats.id,
                db
                  .select({ id: catCoOwners.catId })
                  .from(catCoOwners)
                  .where(and(eq(catCoOwners.userId, ownerId), isNull(catCoOwners.removedAt))),
              ),
            ),
          )
          .orderBy(sql`${cats.ownerId} <> ${ownerId}`, asc(cats.createdAt), asc(cats.id))
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
