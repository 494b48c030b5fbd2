/**
 * The check-ins area on PostgreSQL: the schedule, the claims in check_in_sends, skips, the cats of a DM.
 *
 * Several processes may run the tick at once. The due query skips owners another process is claiming
 * right now (FOR NO KEY UPDATE SKIP LOCKED), and inside the claim transaction readSubject locks the owner
 * it decides for, skipping one another transaction holds: that owner is being claimed (or is logging a
 * session) now, and is due again at the next tick if nothing moved it. (owner, local date) stays unique,
 * and a claim is an INSERT … ON CONFLICT DO NOTHING, so a day is claimed once whatever the timing.
 */
import { and, asc, desc, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import { claimLeaseEnd } from '../../domain/checkInDecision.js';
import { FIRST_STAGE, isStageId } from '../../domain/stages.js';
import type {
  CheckInCatWithLatest,
  CheckInsStore,
  CheckInSubject,
  SentRecord,
} from '../../services/store/checkIns.js';
import { RESENT_MARK } from '../checkInMarks.js';
import type { PgQueryable } from './client.js';
import { catCoOwners, cats, checkInSends, owners, pauses, sessions, skips } from './schema.js';

/** `inTx`: inside a Store transaction (the claim), where readSubject locks the owner or skips them. */
type OpenClaimKind = (typeof checkInSends.kind.enumValues)[number];

export function pgCheckIns(db: PgQueryable, inTx: boolean): CheckInsStore {
  const byOwnerDate = (ownerId: string, localDate: string) =>
    and(eq(checkInSends.ownerId, ownerId), eq(checkInSends.localDate, localDate));
  // The fence: a result is recorded only by the run that still holds the claim.
  const held = (token: string) => and(eq(checkInSends.status, 'claimed'), eq(checkInSends.claimToken, token));
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
    readSubjects: async (ownerIds) => {
      const subjects = new Map<string, CheckInSubject>();
      if (ownerIds.length === 0) return subjects;
      // One round trip for the chunk: the owners' rows (locked inside the claim transaction, in id order)
      // with each one's open claim and pauses as subqueries (bench item 5pg).
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
        .where(inArray(owners.id, [...ownerIds]))
        .orderBy(asc(owners.id));
      const rows = await (inTx ? query.for('no key update', { skipLocked: true }) : query);
      for (const { owner, open, lastEnd, openPauses } of rows) {
        subjects.set(owner.id, {
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
        });
      }
      return subjects;
    },
    readOwners: async (ownerIds) => {
      if (ownerIds.length === 0) return new Map();
      const rows = await db
        .select()
        .from(owners)
        .where(inArray(owners.id, [...ownerIds]));
      return new Map(rows.map((owner) => [owner.id, owner]));
    },
    setNextCheckIns: async (entries) => {
      if (entries.length === 0) return;
      // One statement for the chunk: the new times as arrays, unnested side by side.
      const iso = (date: Date | null | undefined) => (date == null ? null : date.toISOString());
      await db.execute(sql`
        UPDATE owners SET next_check_in_at = v.next
        FROM unnest(
          ${sql.param(entries.map((e) => e.ownerId))}::text[],
          ${sql.param(entries.map((e) => iso(e.next)))}::timestamptz[],
          ${sql.param(entries.map((e) => iso(e.ifStill)))}::timestamptz[]
        ) AS v(id, next, if_still)
        WHERE owners.id = v.id AND (v.if_still IS NULL OR owners.next_check_in_at = v.if_still)`);
    },
    claim: async (claims, token) => {
      if (claims.length === 0) return new Set();
      const rows = await db
        .insert(checkInSends)
        .values(
          claims.map(({ ownerId, localDate, kind, at, leaseUntil }) => ({
            ownerId,
            localDate,
            kind,
            claimedAt: at,
            status: 'claimed' as const,
            leaseUntil,
            claimToken: token,
          })),
        )
        .onConflictDoNothing()
        .returning({ ownerId: checkInSends.ownerId });
      return new Set(rows.map((row) => row.ownerId));
    },
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
      // One statement, the claims before their owners (the recorder's order; the run still makes the two
      // take turns, as many rows in one statement are locked in no set order): each owner follows its
      // claim's lease as it was, then both move on.
      const lease = leaseUntil.toISOString();
      const result = await db.execute<{ renewed: number }>(sql`
        WITH renewed AS (
          UPDATE check_in_sends c SET lease_until = ${lease}::timestamptz
          FROM check_in_sends old
          WHERE c.claim_token = ${token} AND c.status = 'claimed'
            AND old.owner_id = c.owner_id AND old.local_date = c.local_date
          RETURNING c.owner_id, old.lease_until AS old_lease
        ), moved AS (
          UPDATE owners SET next_check_in_at = ${lease}::timestamptz
          FROM renewed r WHERE owners.id = r.owner_id AND owners.next_check_in_at = r.old_lease
          RETURNING owners.id
        )
        SELECT (SELECT count(*) FROM renewed)::int AS renewed, (SELECT count(*) FROM moved)::int AS moved`);
      return result.rows[0]?.renewed ?? 0;
    },
    recordSent: async (records) => {
      const leases = new Map<string, Date>();
      if (records.length === 0) return leases;
      const column = <K extends keyof SentRecord>(key: K) => records.map((r) => r[key]);
      // The fence per row: only claims still 'claimed' with the record's token.
      // Instants as epoch milliseconds: drizzle hands raw timestamps to db.execute as strings.
      const recorded = await db.execute<{
        owner_id: string;
        lease_ms: number | null;
        claimed_ms: number;
      }>(sql`
        UPDATE check_in_sends s
        SET status = 'sent', sent_at = v.at, message_id = v.message_id, claim_token = NULL
        FROM unnest(
          ${sql.param(column('ownerId'))}::text[],
          ${sql.param(column('localDate'))}::text[],
          ${sql.param(column('token'))}::text[],
          ${sql.param(records.map((r) => r.at.toISOString()))}::timestamptz[],
          ${sql.param(column('messageId'))}::text[]
        ) AS v(owner_id, local_date, token, at, message_id)
        WHERE s.owner_id = v.owner_id AND s.local_date = v.local_date
          AND s.status = 'claimed' AND s.claim_token = v.token
        RETURNING s.owner_id, (extract(epoch FROM s.lease_until) * 1000)::float8 AS lease_ms,
          (extract(epoch FROM s.claimed_at) * 1000)::float8 AS claimed_ms`);
      for (const row of recorded.rows) {
        const leaseUntil = row.lease_ms === null ? null : new Date(row.lease_ms);
        leases.set(row.owner_id, claimLeaseEnd({ leaseUntil, claimedAt: new Date(row.claimed_ms) }));
      }
      const channels = records.filter((r) => leases.has(r.ownerId));
      if (channels.length > 0) {
        await db.execute(sql`
          UPDATE owners SET dm_channel_id = v.dm_channel_id
          FROM unnest(
            ${sql.param(channels.map((r) => r.ownerId))}::text[],
            ${sql.param(channels.map((r) => r.dmChannelId))}::text[]
          ) AS v(id, dm_channel_id)
          WHERE owners.id = v.id`);
      }
      return leases;
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
    catsForCheckIn: async (ownerIds) => {
      const catsOf = new Map<string, CheckInCatWithLatest[]>(ownerIds.map((id) => [id, []]));
      if (ownerIds.length === 0) return catsOf;
      const columns = { id: cats.id, ownerId: cats.ownerId, name: cats.name, stage: cats.stage };
      const own = await db
        .select({ ...columns, forOwner: cats.ownerId })
        .from(cats)
        .where(inArray(cats.ownerId, [...ownerIds]))
        .orderBy(asc(cats.createdAt), asc(cats.id));
      // Households: the cats shared with them, after their own. No lock (see the port).
      const shared = await db
        .select({ ...columns, forOwner: catCoOwners.userId })
        .from(catCoOwners)
        .innerJoin(cats, eq(cats.id, catCoOwners.catId))
        .where(and(inArray(catCoOwners.userId, [...ownerIds]), isNull(catCoOwners.removedAt)))
        .orderBy(asc(cats.createdAt), asc(cats.id));
      const rows = [...own, ...shared];
      // Each cat's latest session, for the whole chunk in one statement (on sessions_cat_at_idx).
      const latest =
        rows.length === 0
          ? []
          : await db
              .selectDistinctOn([sessions.catId], {
                catId: sessions.catId,
                id: sessions.id,
                stage: sessions.stage,
                outcome: sessions.outcome,
                recognised: sessions.recognised,
              })
              .from(sessions)
              .where(inArray(sessions.catId, [...new Set(rows.map((row) => row.id))]))
              .orderBy(asc(sessions.catId), desc(sessions.at), desc(sessions.id));
      const latestOf = new Map(latest.map(({ catId, ...session }) => [catId, session]));
      for (const { forOwner, ...row } of rows) {
        catsOf.get(forOwner)?.push({
          // A stage this version does not know (a hand-edited row) reads as the first stage.
          cat: { ...row, stage: isStageId(row.stage) ? row.stage : FIRST_STAGE },
          latest: latestOf.get(row.id),
        });
      }
      return catsOf;
    },
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
