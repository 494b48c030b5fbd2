/** /community set | off | status: a server's wins channel (also where the weekly digest goes). */
import { isoWeekKey } from '../../domain/schedule.js';
import type { Deps } from '../deps.js';
import { requireManager, weekStartUtc } from './shared.js';

export interface WinsChannelView {
  readonly channelId: string;
  readonly previousChannelId: string | null;
}

/**
 * /community set: names the server's wins channel (also where the weekly digest goes). Whether the bot
 * may post there is the transport's question, asked before this is called.
 */
export async function setWinsChannel(
  deps: Pick<Deps, 'store' | 'clock'>,
  input: {
    readonly guildId: string;
    readonly channelId: string;
    readonly userId: string;
    readonly canManageGuild: boolean;
  },
): Promise<WinsChannelView> {
  requireManager(input.canManageGuild, 'set_wins_channel');
  const now = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    const previousChannelId = await tx.community.findWinsChannel(input.guildId);
    await tx.community.saveWinsChannel(input.guildId, input.channelId, { at: now, by: input.userId });
    return { channelId: input.channelId, previousChannelId };
  });
}

/** /community off: stops wins, milestone posts and the digest in this server (null: already off). */
export async function disableWins(
  deps: Pick<Deps, 'store' | 'clock'>,
  input: { readonly guildId: string; readonly canManageGuild: boolean; readonly userId?: string | undefined },
): Promise<{ readonly previousChannelId: string | null }> {
  requireManager(input.canManageGuild, 'disable_wins');
  const now = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    const previousChannelId = await tx.community.findWinsChannel(input.guildId);
    if (previousChannelId === null) return { previousChannelId };
    await tx.community.saveWinsChannel(input.guildId, null, { at: now, by: input.userId ?? null });
    return { previousChannelId };
  });
}

export interface CommunityStatusView {
  readonly channelId: string | null;
  /** Wins shared by hand this ISO week (UTC), milestone posts not included. */
  readonly winsThisWeek: number;
  readonly milestonesThisWeek: number;
  readonly weekKey: string;
}

/** /community status: the wins channel and how many wins were shared this week. */
export async function communityStatus(
  deps: Pick<Deps, 'store' | 'clock'>,
  input: { readonly guildId: string },
): Promise<CommunityStatusView> {
  const now = deps.clock.now();
  const counts = await deps.store.community.countPostedSince(input.guildId, weekStartUtc(now));
  return {
    channelId: await deps.store.community.findWinsChannel(input.guildId),
    winsThisWeek: counts.wins,
    milestonesThisWeek: counts.milestones,
    weekKey: isoWeekKey(now, 'UTC'),
  };
}
