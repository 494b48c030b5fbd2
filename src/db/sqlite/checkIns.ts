/**
 * The check-ins area on SQLite: the schedule, the claims in check_in_sends, skips, the cats of a DM.
 *
 * The fan-out runs these for every due owner, so each statement is built and compiled once per
 * connection (drizzle `.prepare()` with placeholders; bench items 4 and 5). Placeholders are wrapped in
 * `sql` so drizzle passes their values through as they are: callers give driver values (epoch ms), and a
 * null timestamp stays null.
 */
import { and, asc, desc, eq, fillPlaceholders, inArray, isNull, lte, max, or, sql } from 'drizzle-orm';
import { claimLeaseEnd } from '../../domain/checkInDecision.js';
import { FIRST_STAGE, isStageId } from '../../domain/stages.js';
import type { CheckInCatWithLatest, CheckInsStore, CheckInSubject } from '../../services/store/checkIns.js';
import type { OwnerRecord } from '../../services/store/owners.js';
import { RESENT_MARK } from '../checkInMarks.js';
import type { Db } from './client.js';
import { readOwnerForCheckIn } from './checkInOwner.js';
import type { Runner } from './runner.js';
import { catCoOwners, cats, checkInSends, owners, pauses, sessions, skips } from './schema.js';

export { RESENT_MARK };

/** A placeholder whose value goes to SQLite as given (no column encoding). */
const value = (name: string) => sql`${sql.placeholder(name)}`;

/** What a recorded claim hands back (drizzle types `get` as always finding a row: it may not). */
type RecordedClaim = { leaseUntil: Date | null; claimedAt: Date };

const msOrNull = (date: Date | null): number | null => (date === null ? null : date.getTime());

/**
 * The scheduler's only query: owners due by `now` (epoch ms), oldest first, on owners_next_check_in_idx
 * (a range scan of the index, however many owners there are). Exported for the test of its plan.
 */
export function dueQuery(db: Db) {
  return db
    .select({ id: owners.id })
    .from(owners)
    .where(lte(owners.nextCheckInAt, sql.placeholder('now')))
    .orderBy(asc(owners.nextCheckInAt))
    .limit(sql.placeholder('limit'));
}

/**
 * The due query as drizzle writes it, compiled by hand to run with pluck(): ids come back as strings, not
 * as one array per row for drizzle to read (bench item 4, 620 due among 1M: p50 ~0.2 ms against ~0.3).
 */
function pluckedDueQuery(db: Db) {
  const query = dueQuery(db).toSQL();
  const statement = db.$client.prepare<unknown[], string>(query.sql);
  return (values: { now: number; limit: number }): string[] =>
    // pluck is set on every call: it is per statement, and the connection's statement cache may share it.
    statement.pluck(true).all(...fillPlaceholders(query.params, values));
}

/**
 * The heartbeat's two statements (exported for the test of their plans). Both are driven by the run's
 * claims (check_in_sends_claim_token_idx), then each owner by its key: a run may hold thousands of claims,
 * and they run every few seconds while SQLite blocks the process. (A correlated form, owners filtered by a
 * subquery on their claims, scanned every owner for every claim: seconds per beat at 10,000 claims.)
 */
export const RENEW_OWNERS_SQL = `UPDATE owners SET next_check_in_at = @leaseUntil
  WHERE id IN (SELECT c.owner_id FROM check_in_sends c WHERE c.claim_token = @token AND c.status = 'claimed')
    AND next_check_in_at = (
      SELECT c.lease_until FROM check_in_sends c
      WHERE c.owner_id = owners.id AND c.claim_token = @token AND c.status = 'claimed'
    )`;
export const RENEW_CLAIMS_SQL = `UPDATE check_in_sends SET lease_until = @leaseUntil
  WHERE claim_token = @token AND status = 'claimed'`;

function prepareStatements(db: Db) {
  const byOwnerDate = and(
    eq(checkInSends.ownerId, sql.placeholder('ownerId')),
    eq(checkInSends.localDate, sql.placeholder('localDate')),
  );
  // The fence: a result is recorded only by the run that still holds the claim.
  const held = and(eq(checkInSends.status, 'claimed'), eq(checkInSends.claimToken, sql.placeholder('token')));
  return {
    due: pluckedDueQuery(db),
    openClaim: db
      .select({
        localDate: checkInSends.localDate,
        kind: checkInSends.kind,
        claimedAt: checkInSends.claimedAt,
        leaseUntil: checkInSends.leaseUntil,
        error: checkInSends.error,
      })
      .from(checkInSends)
      .where(and(eq(checkInSends.ownerId, sql.placeholder('ownerId')), eq(checkInSends.status, 'claimed')))
      // No LIMIT: `get` steps once, and the primary key (owner_id, local_date) yields the latest first.
      // (A bound LIMIT, as drizzle's .limit(1) writes it, made this read ~15× slower: 7 µs against 0.5.)
      .orderBy(desc(checkInSends.localDate))
      .prepare(),
    pauses: db
      .select({
        lastEnd: max(pauses.endedAt),
        open: sql<number>`count(*) - count(${pauses.endedAt})`,
      })
      .from(pauses)
      .where(eq(pauses.ownerId, sql.placeholder('ownerId')))
      .prepare(),
    setNext: db
      .update(owners)
      .set({ nextCheckInAt: value('next') })
      .where(eq(owners.id, sql.placeholder('ownerId')))
      .prepare(),
    setNextIfStill: db
      .update(owners)
      .set({ nextCheckInAt: value('next') })
      .where(and(eq(owners.id, sql.placeholder('ownerId')), eq(owners.nextCheckInAt, value('ifStill'))))
      .prepare(),
    claim: db
      .insert(checkInSends)
      .values({
        ownerId: value('ownerId'),
        localDate: value('localDate'),
        kind: value('kind'),
        claimedAt: value('at'),
        status: 'claimed',
        leaseUntil: value('leaseUntil'),
        claimToken: value('token'),
      })
      .onConflictDoNothing()
      .prepare(),
    sent: db
      .update(checkInSends)
      .set({ status: 'sent', sentAt: value('at'), messageId: value('messageId'), claimToken: null })
      .where(and(byOwnerDate, held))
      .returning({ leaseUntil: checkInSends.leaseUntil, claimedAt: checkInSends.claimedAt })
      .prepare(),
    failedHeld: db
      .update(checkInSends)
      .set({ status: 'failed', error: value('error'), claimToken: null })
      .where(and(byOwnerDate, held))
      .returning({ leaseUntil: checkInSends.leaseUntil, claimedAt: checkInSends.claimedAt })
      .prepare(),
    failed: db
      .update(checkInSends)
      .set({ status: 'failed', error: value('error'), claimToken: null })
      .where(byOwnerDate)
      .prepare(),
    renewOwners: db.$client.prepare<{ token: string; leaseUntil: number }>(RENEW_OWNERS_SQL),
    renewClaims: db.$client.prepare<{ token: string; leaseUntil: number }>(RENEW_CLAIMS_SQL),
    dmChannel: db
      .update(owners)
      .set({ dmChannelId: value('dmChannelId') })
      .where(eq(owners.id, sql.placeholder('ownerId')))
      .prepare(),
    unreachable: db
      .update(owners)
      .set({ dmsReachable: false, dmsNoticePending: true })
      .where(eq(owners.id, sql.placeholder('ownerId')))
      .prepare(),
    cats: db
      .select({ id: cats.id, name: cats.name, stage: cats.stage, ownerId: cats.ownerId })
      .from(cats)
      .where(
        or(
          eq(cats.ownerId, sql.placeholder('ownerId')),
          // Households: the cats shared with them.
          inArray(
            cats.id,
            db
              .select({ id: catCoOwners.catId })
              .from(catCoOwners)
              .where(and(eq(catCoOwners.userId, sql.placeholder('ownerId')), isNull(catCoOwners.removedAt))),
          ),
        ),
      )
      .orderBy(sql`${cats.ownerId} <> ${sql.placeholder('ownerId')}`, asc(cats.createdAt), asc(cats.id))
      .prepare(),
    latestSession: db
      .select({
        id: sessions.id,
        stage: sessions.stage,
        outcome: sessions.outcome,
        recognised: sessions.recognised,
      })
      .from(sessions)
      .where(eq(sessions.catId, sql.placeholder('catId')))
      // No LIMIT, as with openClaim: `get` steps once, newest first.
      .orderBy(desc(sessions.at), desc(sessions.id))
      .prepare(),
  };
}

type Statements = ReturnType<typeof prepareStatements>;

/** Compiled once per connection, however many stores (and transaction handles) use it. */
const statementCache = new WeakMap<Db, Statements>();

function statementsOf(db: Db): Statements {
  let statements = statementCache.get(db);
  if (statements === undefined) {
    statements = prepareStatements(db);
    statementCache.set(db, statements);
  }
  return statements;
}

export function sqliteCheckIns(db: Db, run: Runner): CheckInsStore {
  // Compiled on first use: a store that never runs a check-in compiles nothing.
  const s = (): Statements => statementsOf(db);
  return {
    dueOwnerIds: (now, limit) => run(() => s().due({ now: now.getTime(), limit })),
    readSubjects: (ownerIds) =>
      run(() => {
        const subjects = new Map<string, CheckInSubject>();
        for (const ownerId of ownerIds) {
          const owner = readOwnerForCheckIn(db, ownerId);
          if (owner === undefined) continue;
          const open = s().openClaim.get({ ownerId });
          const pauseRow = s().pauses.get({ ownerId });
          subjects.set(ownerId, {
            owner,
            openClaim:
              open === undefined
                ? null
                : {
                    localDate: open.localDate,
                    kind: open.kind,
                    claimedAt: open.claimedAt,
                    leaseUntil: open.leaseUntil,
                    resent: open.error === RESENT_MARK,
                  },
            lastPauseEnd: pauseRow?.lastEnd ?? null,
            hasOpenPause: (pauseRow?.open ?? 0) > 0,
          });
        }
        return subjects;
      }),
    readOwners: (ownerIds) =>
      run(() => {
        const found = new Map<string, OwnerRecord>();
        for (const ownerId of ownerIds) {
          const owner = readOwnerForCheckIn(db, ownerId);
          if (owner !== undefined) found.set(ownerId, owner);
        }
        return found;
      }),
    setNextCheckIns: (entries) =>
      run(() => {
        for (const { ownerId, next, ifStill } of entries) {
          if (ifStill === undefined) s().setNext.run({ ownerId, next: msOrNull(next) });
          else s().setNextIfStill.run({ ownerId, next: msOrNull(next), ifStill: ifStill.getTime() });
        }
      }),
    claim: (claims, token) =>
      run(() => {
        const claimed = new Set<string>();
        for (const { ownerId, localDate, kind, at, leaseUntil } of claims) {
          const values = {
            ownerId,
            localDate,
            kind,
            at: at.getTime(),
            leaseUntil: leaseUntil.getTime(),
            token,
          };
          if (s().claim.run(values).changes > 0) claimed.add(ownerId);
        }
        return claimed;
      }),
    recordSkipped: ({ ownerId, localDate, at, error }) =>
      run(() => {
        db.insert(checkInSends)
          .values({ ownerId, localDate, kind: 'checkin', claimedAt: at, status: 'skipped', error })
          .onConflictDoNothing()
          .run();
      }),
    markResent: (ownerId, localDate, { token, leaseUntil }) =>
      run(() => {
        db.update(checkInSends)
          .set({ error: RESENT_MARK, claimToken: token, leaseUntil })
          .where(and(eq(checkInSends.ownerId, ownerId), eq(checkInSends.localDate, localDate)))
          .run();
      }),
    abandonClaim: (ownerId, localDate, error) =>
      run(() => {
        s().failed.run({ ownerId, localDate, error });
      }),
    renewClaims: (token, leaseUntil) =>
      run(() => {
        const values = { token, leaseUntil: leaseUntil.getTime() };
        // The owners first: they follow the claims' lease as it was, then the claims move.
        s().renewOwners.run(values);
        return s().renewClaims.run(values).changes;
      }),
    recordSent: (records) =>
      run(() => {
        const leases = new Map<string, Date>();
        for (const { ownerId, localDate, token, at, messageId, dmChannelId } of records) {
          const values = { ownerId, localDate, token, at: at.getTime(), messageId };
          const row = s().sent.get(values) as RecordedClaim | undefined;
          if (row === undefined) continue;
          s().dmChannel.run({ ownerId, dmChannelId });
          leases.set(ownerId, claimLeaseEnd(row));
        }
        return leases;
      }),
    recordFailed: ({ ownerId, localDate, token, error, dmsClosed }) =>
      run(() => {
        const row = s().failedHeld.get({
          ownerId,
          localDate,
          token,
          error,
        }) as RecordedClaim | undefined;
        if (row === undefined) return undefined;
        if (dmsClosed) s().unreachable.run({ ownerId });
        return claimLeaseEnd(row);
      }),
    catsForCheckIn: (ownerIds) =>
      run(() => {
        const catsOf = new Map<string, CheckInCatWithLatest[]>();
        for (const ownerId of ownerIds) {
          catsOf.set(
            ownerId,
            s()
              .cats.all({ ownerId })
              .map((row) => ({
                // A stage this version does not know (a hand-edited file) reads as the first stage.
                cat: { ...row, stage: isStageId(row.stage) ? row.stage : FIRST_STAGE },
                latest: s().latestSession.get({ catId: row.id }),
              })),
          );
        }
        return catsOf;
      }),
    addSkip: (ownerId, localDate, at) =>
      run(
        () =>
          db
            .insert(skips)
            .values({ ownerId, localDate, at })
            .onConflictDoNothing()
            .returning({ ownerId: skips.ownerId })
            .all().length > 0,
      ),
  };
}
