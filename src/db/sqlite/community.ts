/** The community area on SQLite: wins channels, the wins and milestones posted there, weekly digests. */
import { and, isNull, asc, count, eq, gte, inArray, isNotNull, lt } from 'drizzle-orm';
import type { CommunityStore, WinsChannel } from '../../services/store/community.js';
import type { Db } from './client.js';
import type { Runner } from './runner.js';
import { cats, digestSends, guildSettings, ownerGuilds, owners, sessions, sharedWins } from './schema.js';

/** Rows whose channel column may be null (the SQL already filtered them) as WinsChannels. */
function withChannel(rows: readonly { guildId: string; channelId: string | null }[]): WinsChannel[] {
  return rows.flatMap((r) => (r.channelId === null ? [] : [{ guildId: r.guildId, channelId: r.channelId }]));
}

export function sqliteCommunity(db: Db, run: Runner): CommunityStore {
  const digestRow = (guildId: string, weekKey: string) =>
    and(eq(digestSends.guildId, guildId), eq(digestSends.weekKey, weekKey));

  return {
    findWinsChannel: (guildId) =>
      run(
        () =>
          db
            .select({ channelId: guildSettings.winsChannelId })
            .from(guildSettings)
            .where(eq(guildSettings.guildId, guildId))
            .get()?.channelId ?? null,
      ),
    saveWinsChannel: (guildId, channelId, change) =>
      run(() => {
        const set = { winsChannelId: channelId, updatedAt: change.at, updatedBy: change.by };
        db.insert(guildSettings)
          .values({ guildId, ...set })
          .onConflictDoUpdate({ target: guildSettings.guildId, set })
          .run();
      }),
    listWinsChannels: () =>
      run(() =>
        withChannel(
          db
            .select({ guildId: guildSettings.guildId, channelId: guildSettings.winsChannelId })
            .from(guildSettings)
            .where(isNotNull(guildSettings.winsChannelId))
            .orderBy(asc(guildSettings.guildId))
            .all(),
        ),
      ),
    listOwnerWinsChannels: (ownerId) =>
      run(() =>
        withChannel(
          db
            .select({ guildId: ownerGuilds.guildId, channelId: guildSettings.winsChannelId })
            .from(ownerGuilds)
            .innerJoin(guildSettings, eq(guildSettings.guildId, ownerGuilds.guildId))
            .where(and(eq(ownerGuilds.ownerId, ownerId), isNotNull(guildSettings.winsChannelId)))
            .orderBy(asc(ownerGuilds.guildId))
            .all(),
        ),
      ),

    addWin: (win) =>
      run(() => {
        db.insert(sharedWins)
          .values({ ...win, kind: 'win', milestone: null })
          .run();
      }),
    claimMilestone: (claim) =>
      run(() => {
        // .all()[0]: with ON CONFLICT DO NOTHING there may be no row to return.
        const row = db
          .insert(sharedWins)
          .values({ ...claim, kind: 'milestone' })
          .onConflictDoNothing()
          .returning({ id: sharedWins.id })
          .all()[0];
        return row?.id ?? null;
      }),
    findUnposted: (guildId, catId, milestone) =>
      run(() =>
        db
          .select({ id: sharedWins.id, at: sharedWins.at })
          .from(sharedWins)
          .where(
            and(
              eq(sharedWins.guildId, guildId),
              eq(sharedWins.catId, catId),
              eq(sharedWins.milestone, milestone),
              isNull(sharedWins.messageId),
              eq(sharedWins.postFailed, false),
            ),
          )
          .get(),
      ),
    markPostFailed: (postId) =>
      run(() => {
        db.update(sharedWins).set({ postFailed: true }).where(eq(sharedWins.id, postId)).run();
      }),
    setPostMessage: (postId, messageId) =>
      run(() => {
        db.update(sharedWins).set({ messageId }).where(eq(sharedWins.id, postId)).run();
      }),
    countPostedSince: (guildId, since) =>
      run(() => {
        const counts = db
          .select({ kind: sharedWins.kind, n: count() })
          .from(sharedWins)
          .where(
            and(eq(sharedWins.guildId, guildId), gte(sharedWins.at, since), isNotNull(sharedWins.messageId)),
          )
          .groupBy(sharedWins.kind)
          .all();
        return {
          wins: counts.find((c) => c.kind === 'win')?.n ?? 0,
          milestones: counts.find((c) => c.kind === 'milestone')?.n ?? 0,
        };
      }),

    claimDigest: (guildId, weekKey, now) =>
      run(() => {
        const claim = db
          .insert(digestSends)
          .values({ guildId, weekKey, claimedAt: now, status: 'claimed' })
          .onConflictDoNothing()
          .returning({ guildId: digestSends.guildId })
          .all()[0];
        return claim !== undefined;
      }),
    finishDigest: (guildId, weekKey, outcome) =>
      run(() => {
        db.update(digestSends)
          .set(outcome.status === 'sent' ? { status: 'sent', messageId: outcome.messageId } : outcome)
          .where(digestRow(guildId, weekKey))
          .run();
      }),
    listPostedBetween: (guildId, from, to) =>
      run(() =>
        db
          .select({
            ownerId: sharedWins.ownerId,
            catName: sharedWins.catName,
            message: sharedWins.message,
            kind: sharedWins.kind,
            ownerAutoShare: owners.autoShare,
          })
          .from(sharedWins)
          .innerJoin(owners, eq(owners.id, sharedWins.ownerId))
          .where(
            and(
              eq(sharedWins.guildId, guildId),
              gte(sharedWins.at, from),
              lt(sharedWins.at, to),
              isNotNull(sharedWins.messageId),
            ),
          )
          .orderBy(asc(sharedWins.at), asc(sharedWins.id))
          .all(),
      ),
    listAutoSharers: (guildId) =>
      run(() =>
        db
          .select({ ownerId: ownerGuilds.ownerId })
          .from(ownerGuilds)
          .innerJoin(owners, eq(owners.id, ownerGuilds.ownerId))
          .where(and(eq(ownerGuilds.guildId, guildId), eq(owners.autoShare, true)))
          .all()
          .map((r) => r.ownerId),
      ),
    listSessionSignals: (ownerIds, from, to) =>
      run(() =>
        ownerIds.length === 0
          ? []
          : db
              .select({ recognised: sessions.recognised })
              .from(sessions)
              .innerJoin(cats, eq(cats.id, sessions.catId))
              .where(and(inArray(cats.ownerId, [...ownerIds]), gte(sessions.at, from), lt(sessions.at, to)))
              .orderBy(asc(sessions.at), asc(sessions.id))
              .all()
              .map((s) => s.recognised.map((i) => ({ severity: i.severity, expected: i.expected }))),
      ),
  };
}
