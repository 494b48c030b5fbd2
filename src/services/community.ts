import { and, asc, count, eq, gte, inArray, isNotNull, lt } from 'drizzle-orm';
import type { Queryable } from '../db/sqlite/client.js';
import {
  cats,
  digestSends,
  guildSettings,
  ownerGuilds,
  owners,
  sessions,
  sharedWins,
} from '../db/sqlite/schema.js';
import { MILESTONES, worstSeverity, type Effect, type Milestone } from '../domain/coach.js';
import { computeTrend } from '../domain/progress.js';
import { isoWeekKey } from '../domain/schedule.js';
import { GOAL_STAGE, stageInfo, type StageId } from '../domain/stages.js';
import {
  digestTrendLine,
  milestoneText,
  seedFrom,
  stageUpPostText,
  WINS_CHANNEL_NO_ACCESS,
} from '../domain/words.js';
import { resolveCat } from './cats.js';
import { catStage, listCatRows, type CatRow } from './legacyDb.js';
import type { Deps } from './deps.js';
import { UserFacingError } from './errors.js';
import { LIMITS } from './limits.js';
import { ensureOwner, findOwner } from './legacyDb.js';
import {
  PHOTO_LIMITS,
  declaredImageType,
  defaultPhotoFetcher,
  sniffImageType,
  uploadName,
} from './photos.js';
import {
  DeliveryError,
  PhotoFetchError,
  type DigestView,
  type PhotoFetcher,
  type WinPostView,
} from './ports.js';

const DAY_MS = 86_400_000;

/** Milestones worth a public post; the first logged session is celebrated privately only. */
const PUBLIC_MILESTONES: readonly Milestone[] = MILESTONES.filter((m) => m !== 'first_session');

type CommunityDeps = Pick<Deps, 'db' | 'store' | 'clock' | 'notifier' | 'logger'>;

function requireManager(canManageGuild: boolean, what: string): void {
  if (!canManageGuild) {
    throw new UserFacingError('missing_permission', `Only server managers (Manage Server) can ${what}.`);
  }
}

/** Monday 00:00 UTC of the ISO week that holds the instant. */
function weekStartUtc(instant: Date): Date {
  const day = Date.UTC(instant.getUTCFullYear(), instant.getUTCMonth(), instant.getUTCDate());
  const daysSinceMonday = (instant.getUTCDay() + 6) % 7;
  return new Date(day - daysSinceMonday * DAY_MS);
}

function winsChannelOf(db: Queryable, guildId: string): string | null {
  return (
    db
      .select({ channelId: guildSettings.winsChannelId })
      .from(guildSettings)
      .where(eq(guildSettings.guildId, guildId))
      .get()?.channelId ?? null
  );
}

// ---------------------------------------------------------------------------------------------------
// /community set | off | status

export interface WinsChannelView {
  readonly channelId: string;
  readonly previousChannelId: string | null;
}

/**
 * /community set: names the server's wins channel (also where the weekly digest goes). Whether the bot
 * may post there is the transport's question, asked before this is called.
 */
export function setWinsChannel(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: {
    readonly guildId: string;
    readonly channelId: string;
    readonly userId: string;
    readonly canManageGuild: boolean;
  },
): WinsChannelView {
  requireManager(input.canManageGuild, 'choose the wins channel');
  const now = deps.clock.now();
  return deps.db.transaction((tx) => {
    const previousChannelId = winsChannelOf(tx, input.guildId);
    tx.insert(guildSettings)
      .values({
        guildId: input.guildId,
        winsChannelId: input.channelId,
        updatedAt: now,
        updatedBy: input.userId,
      })
      .onConflictDoUpdate({
        target: guildSettings.guildId,
        set: { winsChannelId: input.channelId, updatedAt: now, updatedBy: input.userId },
      })
      .run();
    return { channelId: input.channelId, previousChannelId };
  });
}

/** /community off: stops wins, milestone posts and the digest in this server (null: already off). */
export function disableWins(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: { readonly guildId: string; readonly canManageGuild: boolean; readonly userId?: string | undefined },
): { readonly previousChannelId: string | null } {
  requireManager(input.canManageGuild, 'turn off community posts');
  const now = deps.clock.now();
  return deps.db.transaction((tx) => {
    const previousChannelId = winsChannelOf(tx, input.guildId);
    if (previousChannelId === null) return { previousChannelId };
    tx.update(guildSettings)
      .set({ winsChannelId: null, updatedAt: now, updatedBy: input.userId ?? null })
      .where(eq(guildSettings.guildId, input.guildId))
      .run();
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
export function communityStatus(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: { readonly guildId: string },
): CommunityStatusView {
  const now = deps.clock.now();
  const since = weekStartUtc(now);
  const counts = deps.db
    .select({ kind: sharedWins.kind, n: count() })
    .from(sharedWins)
    .where(
      and(eq(sharedWins.guildId, input.guildId), gte(sharedWins.at, since), isNotNull(sharedWins.messageId)),
    )
    .groupBy(sharedWins.kind)
    .all();
  return {
    channelId: winsChannelOf(deps.db, input.guildId),
    winsThisWeek: counts.find((c) => c.kind === 'win')?.n ?? 0,
    milestonesThisWeek: counts.find((c) => c.kind === 'milestone')?.n ?? 0,
    weekKey: isoWeekKey(now, 'UTC'),
  };
}

// ---------------------------------------------------------------------------------------------------
// /share win

export interface SharePhotoInput {
  readonly url: string;
  readonly name: string;
  readonly contentType: string | null;
  /** Bytes, as Discord declared it. */
  readonly size: number;
}

export interface ShareWinInput {
  readonly ownerId: string;
  readonly guildId: string;
  readonly message: string;
  readonly cat?: string | null | undefined;
  readonly photo?: SharePhotoInput | null | undefined;
  /** The caller can manage the server: a missing wins channel is then theirs to set. */
  readonly isAdmin?: boolean | undefined;
}

export interface ShareWinResult {
  readonly channelId: string;
  readonly messageId: string;
  readonly catName: string | null;
  /** The photo could not be fetched, so the words were posted without it. */
  readonly photoFailed: boolean;
}

const MAX_PHOTO_MB = PHOTO_LIMITS.maxBytes / (1024 * 1024);

function tooBig(): UserFacingError {
  return new UserFacingError(
    'bad_photo',
    `Photos can be up to ${MAX_PHOTO_MB} MB. Could you share a smaller one (a screenshot of it works too)?`,
  );
}

function notAnImage(): UserFacingError {
  return new UserFacingError(
    'bad_photo',
    "That file isn't an image I can post. Please attach a PNG, JPEG, GIF or WebP photo.",
  );
}

/** The owner's message as it will be posted: trimmed, otherwise exactly as typed (mentions are disabled at send). */
export function validateShareMessage(raw: string): string {
  const message = raw.trim();
  if (message === '') {
    throw new UserFacingError(
      'empty_text',
      'Tell everyone what happened in `message`, e.g. "Mochi sniffed the grass for a whole minute!".',
    );
  }
  if (Array.from(message).length > LIMITS.shareMessage) {
    throw new UserFacingError(
      'text_too_long',
      `Wins can be up to ${LIMITS.shareMessage} characters. Could you shorten it a little?`,
    );
  }
  return message;
}

function noWinsChannel(isAdmin: boolean): UserFacingError {
  return new UserFacingError(
    'no_wins_channel',
    isAdmin
      ? 'This server has no wins channel yet. Run `/community set channel:#…` to choose one, then share again.'
      : 'This server has no wins channel yet. Ask a server manager to run `/community set`, then share again.',
  );
}

/** Turns a failed post into something the owner (or a manager) can act on; other failures stay bugs. */
function deliveryProblem(error: unknown): unknown {
  if (!(error instanceof DeliveryError)) return error;
  if (error.reason === 'missing_access') {
    return new UserFacingError('missing_permission', WINS_CHANNEL_NO_ACCESS);
  }
  if (error.reason === 'unknown_channel') {
    return new UserFacingError(
      'no_wins_channel',
      'The wins channel seems to be gone. Ask a server manager to choose a new one with `/community set`.',
    );
  }
  return error;
}

async function pickCat(
  deps: Pick<Deps, 'db' | 'store'>,
  ownerId: string,
  typed: string | null | undefined,
): Promise<{ readonly id: number; readonly name: string; readonly stage: string } | null> {
  if (typed !== null && typed !== undefined && typed.trim() !== '')
    return resolveCat(deps.store, ownerId, typed);
  const rows = listCatRows(deps.db, ownerId);
  const only = rows[0];
  return rows.length === 1 && only ? only : null;
}

/**
 * Downloads and checks the photo. A photo the owner must change throws 'bad_photo' (nothing is posted);
 * a download that fails for other reasons returns null so the words still go out.
 */
async function preparePhoto(
  deps: Pick<Deps, 'logger'> & { readonly photos?: PhotoFetcher | undefined },
  photo: SharePhotoInput,
): Promise<WinPostView['photo']> {
  const declared = declaredImageType(photo.contentType, photo.name);
  if (declared === null) throw notAnImage();
  if (photo.size > PHOTO_LIMITS.maxBytes) throw tooBig();
  const fetcher = deps.photos ?? defaultPhotoFetcher;
  let downloaded: { data: Buffer; contentType: string };
  try {
    downloaded = await fetcher.fetchPhoto(photo.url, {
      maxBytes: PHOTO_LIMITS.maxBytes,
      timeoutMs: PHOTO_LIMITS.timeoutMs,
    });
  } catch (error) {
    if (error instanceof PhotoFetchError && error.reason === 'too_large') throw tooBig();
    deps.logger.warn({ err: error }, 'share: photo download failed, posting the text only');
    return null;
  }
  if (downloaded.data.length > PHOTO_LIMITS.maxBytes) throw tooBig();
  const actual = sniffImageType(downloaded.data);
  if (actual === null) throw notAnImage();
  return { name: uploadName(photo.name, actual), data: downloaded.data, contentType: actual };
}

/** /share win: posts the owner's win (and photo) to the server's wins channel, credited to them. */
export async function shareWin(
  deps: CommunityDeps & { readonly photos?: PhotoFetcher | undefined },
  input: ShareWinInput,
): Promise<ShareWinResult> {
  const message = validateShareMessage(input.message);
  const channelId = winsChannelOf(deps.db, input.guildId);
  if (channelId === null) throw noWinsChannel(input.isAdmin ?? false);
  const cat = await pickCat(deps, input.ownerId, input.cat);
  const photo = input.photo ? await preparePhoto(deps, input.photo) : null;
  const photoFailed = input.photo !== null && input.photo !== undefined && photo === null;
  const stage = cat ? stageInfo(catStage(cat)) : null;

  const view: WinPostView = {
    ownerId: input.ownerId,
    catName: cat?.name ?? null,
    stageName: stage?.name ?? null,
    position: stage?.position ?? null,
    message,
    milestone: false,
    photo,
    photoFailed,
  };
  let messageId: string;
  try {
    ({ messageId } = await deps.notifier.postToChannel({ channelId, post: { kind: 'win', view } }));
  } catch (error) {
    throw deliveryProblem(error);
  }

  const now = deps.clock.now();
  deps.db.transaction((tx) => {
    ensureOwner(tx, input.ownerId, now);
    tx.insert(ownerGuilds)
      .values({ ownerId: input.ownerId, guildId: input.guildId, lastSeenAt: now })
      .onConflictDoUpdate({ target: [ownerGuilds.ownerId, ownerGuilds.guildId], set: { lastSeenAt: now } })
      .run();
    tx.insert(sharedWins)
      .values({
        guildId: input.guildId,
        ownerId: input.ownerId,
        catId: cat?.id ?? null,
        catName: cat?.name ?? null,
        kind: 'win',
        milestone: null,
        message,
        hasPhoto: photo !== null,
        channelId,
        messageId,
        at: now,
      })
      .run();
  });
  return {
    channelId,
    messageId,
    catName: cat?.name ?? null,
    photoFailed,
  };
}

// ---------------------------------------------------------------------------------------------------
// /share auto and automatic milestone posts

/** /share auto: opts the owner in or out of automatic stage-up and milestone posts. */
export function setAutoShare(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: { readonly ownerId: string; readonly enabled: boolean },
): { readonly enabled: boolean; readonly servers: number; readonly text: string } {
  const now = deps.clock.now();
  return deps.db.transaction((tx) => {
    ensureOwner(tx, input.ownerId, now);
    tx.update(owners).set({ autoShare: input.enabled }).where(eq(owners.id, input.ownerId)).run();
    const servers =
      tx
        .select({ n: count() })
        .from(ownerGuilds)
        .innerJoin(guildSettings, eq(guildSettings.guildId, ownerGuilds.guildId))
        .where(and(eq(ownerGuilds.ownerId, input.ownerId), isNotNull(guildSettings.winsChannelId)))
        .get()?.n ?? 0;
    const text = input.enabled
      ? `Automatic posts are on: stage-ups and milestones will be celebrated in the wins channel of the servers where you use me (${servers} so far). Turn them off any time with \`/share auto enabled:false\`.`
      : 'Automatic posts are off. Your progress stays between you and me unless you `/share win` it.';
    return { enabled: input.enabled, servers, text };
  });
}

interface Announcement {
  readonly key: string;
  readonly stage: StageId;
  readonly message: string;
}

/** Stage-ups and public milestones among a transition's effects, each under its once-per-server key. */
function announcementsFor(effects: readonly Effect[], cat: CatRow, seed: number): Announcement[] {
  const reachedGoal = effects.some((e) => e.type === 'milestone' && e.milestone === 'goal_reached');
  const result: Announcement[] = [];
  for (const effect of effects) {
    if (effect.type === 'stageChanged' && effect.reason === 'advance') {
      // Reaching the goal is celebrated by its milestone; one post is enough.
      if (effect.to === GOAL_STAGE && reachedGoal) continue;
      result.push({ key: `stage:${effect.to}`, stage: effect.to, message: stageUpPostText(effect.to, seed) });
    } else if (effect.type === 'milestone' && PUBLIC_MILESTONES.includes(effect.milestone)) {
      result.push({ key: effect.milestone, stage: catStage(cat), message: milestoneText(effect.milestone) });
    }
  }
  return result.filter((a, i) => result.findIndex((b) => b.key === a.key) === i);
}

/**
 * After a session or a stage decision: posts the stage-ups and milestones of an opted-in owner to the wins
 * channel of every server they use the bot in, once per server and cat (the row is claimed before posting).
 * Failures are isolated per server and logged. Returns how many posts went out.
 */
export async function announceEffects(
  deps: CommunityDeps,
  input: { readonly ownerId: string; readonly catId: number; readonly effects: readonly Effect[] },
): Promise<number> {
  const owner = findOwner(deps.db, input.ownerId);
  if (!owner?.autoShare) return 0;
  const cat = deps.db
    .select()
    .from(cats)
    .where(and(eq(cats.id, input.catId), eq(cats.ownerId, input.ownerId)))
    .get();
  if (!cat) return 0;
  const items = announcementsFor(input.effects, cat, seedFrom(cat.id, deps.clock.now().getTime()));
  if (items.length === 0) return 0;
  const servers = deps.db
    .select({ guildId: ownerGuilds.guildId, channelId: guildSettings.winsChannelId })
    .from(ownerGuilds)
    .innerJoin(guildSettings, eq(guildSettings.guildId, ownerGuilds.guildId))
    .where(and(eq(ownerGuilds.ownerId, input.ownerId), isNotNull(guildSettings.winsChannelId)))
    .all();

  const results = await Promise.allSettled(
    servers.map(async ({ guildId, channelId }) => {
      if (channelId === null) return 0;
      let posted = 0;
      for (const item of items) {
        // .all()[0]: with ON CONFLICT DO NOTHING there may be no row to return.
        const claim = deps.db
          .insert(sharedWins)
          .values({
            guildId,
            ownerId: input.ownerId,
            catId: cat.id,
            catName: cat.name,
            kind: 'milestone',
            milestone: item.key,
            message: item.message,
            channelId,
            at: deps.clock.now(),
          })
          .onConflictDoNothing()
          .returning({ id: sharedWins.id })
          .all()[0];
        if (!claim) continue;
        const info = stageInfo(item.stage);
        const view: WinPostView = {
          ownerId: input.ownerId,
          catName: cat.name,
          stageName: info.name,
          position: info.position,
          message: item.message,
          milestone: true,
          photo: null,
          photoFailed: false,
        };
        // The claim stays even if the post fails: posting twice is worse than missing one celebration.
        const { messageId } = await deps.notifier.postToChannel({ channelId, post: { kind: 'win', view } });
        deps.db.update(sharedWins).set({ messageId }).where(eq(sharedWins.id, claim.id)).run();
        posted++;
      }
      return posted;
    }),
  );
  let total = 0;
  results.forEach((result, i) => {
    if (result.status === 'fulfilled') total += result.value;
    else
      deps.logger.warn(
        { err: result.reason, guildId: servers[i]?.guildId, ownerId: input.ownerId },
        'auto-share: posting a milestone failed',
      );
  });
  return total;
}

// ---------------------------------------------------------------------------------------------------
// Weekly digest

export type DigestStatus = 'sent' | 'empty' | 'failed' | 'already_done';

export interface DigestSummary {
  readonly weekKey: string;
  readonly guilds: readonly { readonly guildId: string; readonly status: DigestStatus }[];
  readonly sent: number;
  readonly empty: number;
  readonly failed: number;
}

/** The ISO week (UTC) that ended before `now`: [from, to) and its key. */
export function previousWeek(now: Date): {
  readonly weekKey: string;
  readonly from: Date;
  readonly to: Date;
} {
  const to = weekStartUtc(now);
  const from = new Date(to.getTime() - 7 * DAY_MS);
  return { weekKey: isoWeekKey(from, 'UTC'), from, to };
}

/** The digest's content for one server and week; null when there is nothing to celebrate. */
function digestContent(
  db: Queryable,
  guildId: string,
  week: { readonly weekKey: string; readonly from: Date; readonly to: Date },
): DigestView | null {
  const rows = db
    .select({
      ownerId: sharedWins.ownerId,
      catName: sharedWins.catName,
      message: sharedWins.message,
      kind: sharedWins.kind,
      autoShare: owners.autoShare,
    })
    .from(sharedWins)
    .innerJoin(owners, eq(owners.id, sharedWins.ownerId))
    .where(
      and(
        eq(sharedWins.guildId, guildId),
        gte(sharedWins.at, week.from),
        lt(sharedWins.at, week.to),
        isNotNull(sharedWins.messageId),
      ),
    )
    .orderBy(asc(sharedWins.at), asc(sharedWins.id))
    .all();
  const wins = rows.filter((r) => r.kind === 'win');
  // Milestones only of members who are still opted in: an owner who changed their mind is left out.
  const milestones = rows.filter((r) => r.kind === 'milestone' && r.autoShare);
  if (wins.length === 0 && milestones.length === 0) return null;

  // The trend looks only at members who chose to be visible here: those who shared, and those opted in.
  const sharers = [...wins, ...milestones].map((r) => r.ownerId);
  const optedIn = db
    .select({ ownerId: ownerGuilds.ownerId })
    .from(ownerGuilds)
    .innerJoin(owners, eq(owners.id, ownerGuilds.ownerId))
    .where(and(eq(ownerGuilds.guildId, guildId), eq(owners.autoShare, true)))
    .all()
    .map((r) => r.ownerId);
  const members = [...new Set([...sharers, ...optedIn])];
  const weekSessions = db
    .select({ recognised: sessions.recognised })
    .from(sessions)
    .innerJoin(cats, eq(cats.id, sessions.catId))
    .where(and(inArray(cats.ownerId, members), gte(sessions.at, week.from), lt(sessions.at, week.to)))
    .orderBy(asc(sessions.at), asc(sessions.id))
    .all();
  // Early half of the week against the late half; expected signals are not stress.
  const worst = weekSessions.map((s) => worstSeverity(s.recognised.filter((i) => !i.expected)));
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
  guild: { readonly guildId: string; readonly channelId: string },
  week: { readonly weekKey: string; readonly from: Date; readonly to: Date },
  now: Date,
): Promise<DigestStatus> {
  // Claim (server, week) first: a second tick, a restart or a second process finds the row and stops.
  const view = deps.db.transaction((tx) => {
    const claim = tx
      .insert(digestSends)
      .values({ guildId: guild.guildId, weekKey: week.weekKey, claimedAt: now, status: 'claimed' })
      .onConflictDoNothing()
      .returning({ guildId: digestSends.guildId })
      .all()[0];
    if (!claim) return 'already_done' as const;
    const content = digestContent(tx, guild.guildId, week);
    if (content === null) {
      tx.update(digestSends)
        .set({ status: 'empty' })
        .where(and(eq(digestSends.guildId, guild.guildId), eq(digestSends.weekKey, week.weekKey)))
        .run();
      return 'empty' as const;
    }
    return content;
  });
  if (view === 'already_done' || view === 'empty') return view;
  const where = and(eq(digestSends.guildId, guild.guildId), eq(digestSends.weekKey, week.weekKey));
  try {
    const { messageId } = await deps.notifier.postToChannel({
      channelId: guild.channelId,
      post: { kind: 'digest', view },
      // Unique per server and week (≤ 25 chars), in case the notifier retries with enforce_nonce.
      nonce: `digest-${seedFrom(guild.guildId, week.weekKey).toString(36)}`,
    });
    deps.db.update(digestSends).set({ status: 'sent', messageId }).where(where).run();
    return 'sent';
  } catch (error) {
    deps.db.update(digestSends).set({ status: 'failed' }).where(where).run();
    deps.logger.warn({ err: error, guildId: guild.guildId, weekKey: week.weekKey }, 'digest: post failed');
    return 'failed';
  }
}

/**
 * The weekly digest: for every server with a wins channel, the week that just ended (ISO, UTC), posted
 * once per server and week, and not at all when the week had no wins or milestones. Never names who
 * did not train.
 */
export async function runWeeklyDigest(
  deps: CommunityDeps,
  input: { readonly now?: Date | undefined } = {},
): Promise<DigestSummary> {
  const now = input.now ?? deps.clock.now();
  const week = previousWeek(now);
  const guilds = deps.db
    .select({ guildId: guildSettings.guildId, channelId: guildSettings.winsChannelId })
    .from(guildSettings)
    .where(isNotNull(guildSettings.winsChannelId))
    .orderBy(asc(guildSettings.guildId))
    .all()
    .flatMap((g) => (g.channelId === null ? [] : [{ guildId: g.guildId, channelId: g.channelId }]));
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
