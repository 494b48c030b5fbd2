/** The community area on PostgreSQL: wins channels, the wins and milestones posted there, weekly digests. */
import { and, asc, count, eq, gte, inArray, isNotNull, isNull, lt } from 'drizzle-orm';
import type { CommunityStore, WinsChannel } from '../../services/store/community.js';
import type { PgQueryable } from './client.js';
import { cats, digestSends, guildSettings, ownerGuilds, owners, sessions, sharedWins } from './schema.js';

/** Rows whose channel column may be null (the SQL already filtered them) as WinsChannels. */
function withChannel(rows: readonly { guildId: string; channelId: string | null }[]): WinsChannel[] {
  return rows.flatMap((r) => (r.channelId === null ? [] : [{ guildId: r.guildId, channelId: r.channelId }]));
}

export function pgCommunity(db: PgQueryable): CommunityStore {
  const digestRow = (guildId: string, weekKey: string) =>
    and(eq(digestSends.guildId, guildId), eq(digestSends.weekKey, weekKey));

  return {
    findWinsChannel: async (guildId) =>
      (
        await db
          .select({ channelId: guildSettings.winsChannelId })
          .from(guildSettings)
          .where(eq(guildSettings.guildId, guildId))
      )[0]?.channelId ?? null,
    saveWinsChannel: async (guildId, channelId, change) => {
      const set = { winsChannelId: channelId, updatedAt: change.at, updatedBy: change.by };
      await db
        .insert(guildSettings)
        .values({ guildId, ...set })
        .onConflictDoUpdate({ target: guildSettings.guildId, set });
    },
    listWinsChannels: async () =>
      withChannel(
        await db
          .select({ guildId: guildSettings.guildId, channelId: guildSettings.winsChannelId })
          .from(guildSettings)
          .where(isNotNull(guildSettings.winsChannelId))
          .orderBy(asc(guildSettings.guildId)),
      ),
    listOwnerWinsChannels: async (ownerId) =>
      withChannel(
        await db
          .select({ guildId: ownerGuilds.guildId, channelId: guildSettings.winsChannelId })
          .from(ownerGuilds)
          .innerJoin(guildSettings, eq(guildSettings.guildId, ownerGuilds.guildId))
          .where(and(eq(ownerGuilds.ownerId, ownerId), isNotNull(guildSettings.winsChannelId)))
          .orderBy(asc(ownerGuilds.guildId)),
      ),

    addWin: async (win) => {
      await db.insert(sharedWins).values({ ...win, kind: 'win', milestone: null });
    },
    claimMilestone: async (claim) => {
      // The unique (server, cat, milestone) index decides: a second claimer gets no row back.
      const [row] = await db
        .insert(sharedWins)
        .values({ ...claim, kind: 'milestone' })
        .onConflictDoNothing()
        .returning({ id: sharedWins.id });
      return row?.id ?? null;
    },
    findUnposted: async (guildId, catId, milestone) =>
      (
        await db
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
          .limit(1)
      )[0],
    markPostFailed: async (postId) => {
      await db.update(sharedWins).set({ postFailed: true }).where(eq(sharedWins.id, postId));
    },
    setPostMessage: async (postId, messageId) => {
      await db.update(sharedWins).set({ messageId }).where(eq(sharedWins.id, postId));
    },
    countPostedSince: async (guildId, since) => {
      const counts = await db
        .select({ kind: sharedWins.kind, n: count() })
        .from(sharedWins)
        .where(
          and(eq(sharedWins.guildId, guildId), gte(sharedWins.at, since), isNotNull(sharedWins.messageId)),
        )
        .groupBy(sharedWins.kind);
      return {
        wins: counts.find((c) => c.kind === 'win')?.n ?? 0,
        milestones: counts.find((c) => c.kind === 'milestone')?.n ?? 0,
      };
    },

    claimDigest: async (guildId, weekKey, now) =>
      (
        await db
          .insert(digestSends)
          .values({ guildId, weekKey, claimedAt: now, status: 'claimed' })
          .onConflictDoNothing()
          .returning({ guildId: digestSends.guildId })
      ).length > 0,
    finishDigest: async (guildId, weekKey, outcome) => {
      await db
        .update(digestSends)
        .set(outcome.status === 'sent' ? { status: 'sent', messageId: outcome.messageId } : outcome)
        .where(digestRow(guildId, weekKey));
    },
    listPostedBetween: (guildId, from, to) =>
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
        .orderBy(asc(sharedWins.at), asc(sharedWins.id)),
    listAutoSharers: async (guildId) =>
      (
        await db
          .select({ ownerId: ownerGuilds.ownerId })
          .from(ownerGuilds)
          .innerJoin(owners, eq(owners.id, ownerGuilds.ownerId))
          .where(and(eq(ownerGuilds.guildId, guildId), eq(owners.autoShare, true)))
          .orderBy(asc(ownerGuilds.ownerId))
      ).map((r) => r.ownerId),
    listSessionSignals: async (ownerIds, from, to) =>
      ownerIds.length === 0
        ? []
        : (
            await db
              .select({ recognised: sessions.recognised })
              .from(sessions)
              .innerJoin(cats, eq(cats.id, sessions.catId))
              .where(and(inArray(cats.ownerId, [...ownerIds]), gte(sessions.at, from), lt(sessions.at, to)))
              .orderBy(asc(sessions.at), asc(sessions.id))
          ).map((s) => s.recognised.map((i) => ({ severity: i.severity, expected: i.expected }))),
  };
}
