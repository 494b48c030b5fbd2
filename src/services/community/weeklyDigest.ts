/** The weekly digest: each server's wins and milestones of the ISO week (UTC) that ended, posted once. */
import { worstSeverity } from '../../domain/coach.js';
import { computeTrend } from '../../domain/progress.js';
import { isoWeekKey } from '../../domain/schedule.js';
import { digestTrendLine, seedFrom } from '../../domain/words.js';
import type { DigestView } from '../ports.js';
import type { CommunityStore, WinsChannel } from '../store/community.js';
import { DAY_MS, weekStartUtc, type CommunityDeps } from './shared.js';

/** The digest goes out on Monday at this hour (UTC), for the ISO week that ended at midnight. */
export const DIGEST_HOUR_UTC = 9;

export type DigestStatus = 'sent' | 'empty' | 'failed' | 'already_done';

export interface DigestSummary {
  /** The week whose digest was due; null when none was (a Monday before the digest's hour). */
  readonly weekKey: string | null;
  readonly guilds: readonly { readonly guildId: string; readonly status: DigestStatus }[];
  readonly sent: number;
  readonly empty: number;
  readonly failed: number;
}

export interface DigestWeek {
  readonly weekKey: string;
  readonly from: Date;
  readonly to: Date;
}

/** The ISO week (UTC) that ended before `now`: [from, to) and its key. */
export function previousWeek(now: Date): DigestWeek {
  const to = weekStartUtc(now);
  const from = new Date(to.getTime() - 7 * DAY_MS);
  return { weekKey: isoWeekKey(from, 'UTC'), from, to };
}

/**
 * The week whose digest is due at `now`: last week's, from Monday at the digest's hour until the week
 * after it ends. A bot that was down at the digest's time still sends it when it comes back that week;
 * a digest a whole week late (its week is two weeks gone) is old news and never sent. Null on a Monday
 * before the hour: this week's digest is not due yet, and the previous one is stale.
 */
export function dueDigestWeek(now: Date): DigestWeek | null {
  const week = previousWeek(now);
  const dueAt = week.to.getTime() + DIGEST_HOUR_UTC * 3_600_000;
  return now.getTime() >= dueAt ? week : null;
}

/** The digest's content for one server and week; null when there is nothing to celebrate. */
async function digestContent(
  community: CommunityStore,
  guildId: string,
  week: DigestWeek,
): Promise<DigestView | null> {
  const rows = await community.listPostedBetween(guildId, week.from, week.to);
  const wins = rows.filter((r) => r.kind === 'win');
  // Milestones only of members who are still opted in: an owner who changed their mind is left out.
  const milestones = rows.filter((r) => r.kind === 'milestone' && r.ownerAutoShare);
  if (wins.length === 0 && milestones.length === 0) return null;

  // The trend looks only at members who chose to be visible here: those who shared, and those opted in.
  const sharers = [...wins, ...milestones].map((r) => r.ownerId);
  const optedIn = await community.listAutoSharers(guildId);
  const members = [...new Set([...sharers, ...optedIn])];
  const weekSessions = await community.listSessionSignals(members, week.from, week.to);
  // Early half of the week against the late half; expected signals are not stress.
  const worst = weekSessions.map((signals) => worstSeverity(signals.filter((i) => !i.expected)));
  const trendLine = digestTrendLine(computeTrend(worst, Math.max(1, Math.floor(worst.length / 2))));

  const entry = (r: (typeof rows)[number]) => ({
    ownerId: r.ownerId,
    catName: r.catName,
    message: r.message,
  });
  return { weekKey: week.weekKey, wins: wins.map(entry), milestones: milestones.map(entry), trendLine };
}

async function digestForGuild(
  deps: CommunityDeps,
  guild: WinsChannel,
  week: DigestWeek,
  now: Date,
): Promise<DigestStatus> {
  // Claim (server, week) first: a second tick, a restart or a second process finds the row and stops.
  const view = await deps.store.transaction(async (tx) => {
    if (!(await tx.community.claimDigest(guild.guildId, week.weekKey, now))) return 'already_done' as const;
    const content = await digestContent(tx.community, guild.guildId, week);
    if (content === null) {
      await tx.community.finishDigest(guild.guildId, week.weekKey, { status: 'empty' });
      return 'empty' as const;
    }
    return content;
  });
  if (view === 'already_done' || view === 'empty') return view;
  try {
    const { messageId } = await deps.notifier.postToChannel({
      channelId: guild.channelId,
      post: { kind: 'digest', view },
      // Unique per server and week (≤ 25 chars), in case the notifier retries with enforce_nonce.
      nonce: `digest-${seedFrom(guild.guildId, week.weekKey).toString(36)}`,
    });
    await deps.store.community.finishDigest(guild.guildId, week.weekKey, { status: 'sent', messageId });
    return 'sent';
  } catch (error) {
    await deps.store.community.finishDigest(guild.guildId, week.weekKey, { status: 'failed' });
    deps.logger.warn({ err: error, guildId: guild.guildId, weekKey: week.weekKey }, 'digest: post failed');
    return 'failed';
  }
}

/**
 * The weekly digest: for every server with a wins channel, the week that just ended (ISO, UTC), posted
 * once per server and week, and not at all when the week had no wins or milestones. Never names who
 * did not train. Runs on its schedule and at start: whatever is due (see dueDigestWeek) and not yet
 * claimed goes out, so a bot that was down at the digest's time catches up.
 */
export async function runWeeklyDigest(
  deps: CommunityDeps,
  input: { readonly now?: Date | undefined } = {},
): Promise<DigestSummary> {
  const now = input.now ?? deps.clock.now();
  const week = dueDigestWeek(now);
  if (week === null) return { weekKey: null, guilds: [], sent: 0, empty: 0, failed: 0 };
  const guilds = await deps.store.community.listWinsChannels();
  const settled = await Promise.allSettled(guilds.map((g) => digestForGuild(deps, g, week, now)));
  const statuses = settled.map((result, i) => {
    if (result.status === 'fulfilled') return result.value;
    deps.logger.error({ err: result.reason, guildId: guilds[i]?.guildId }, 'digest: server failed');
    return 'failed' as const;
  });
  return {
    weekKey: week.weekKey,
    guilds: guilds.map((g, i) => ({ guildId: g.guildId, status: statuses[i] ?? 'failed' })),
    sent: statuses.filter((s) => s === 'sent').length,
    empty: statuses.filter((s) => s === 'empty').length,
    failed: statuses.filter((s) => s === 'failed').length,
  };
}
