import type { Logger } from '../logger.js';

export type { Logger };

/**
 * Outgoing messages the services ask for, as view models; src/discord/notifier.ts renders and sends them.
 * Each method resolves to the Discord message id, or rejects with a DeliveryError.
 */
export interface Notifier {
  /** A direct message to an owner (check-ins, nudges, confirmations). */
  sendDm(request: DmRequest): Promise<DmResult>;
  /** A post in a server channel (wins, milestones, digests). */
  postToChannel(request: ChannelPostRequest): Promise<{ messageId: string }>;
  /**
   * Removes one of the bot's own posts. Resolves once it is gone, also when it already was (deleted by
   * a moderator, or its channel removed); rejects with a DeliveryError when it cannot be reached.
   */
  deletePost(request: PostRef): Promise<void>;
  /**
   * An answer, seen only by the owner, to the interaction that `replyHandle` stands for (the owner's own
   * command, minutes ago). Rejects with a DeliveryError; 'expired' when that interaction takes no more.
   */
  followUp(request: FollowUpRequest): Promise<{ messageId: string }>;
}

/** A follow-up on an owner's interaction; the handle is opaque here (src/discord makes and reads it). */
export interface FollowUpRequest {
  readonly replyHandle: string;
  readonly message: FollowUpView;
}

/** Follow-ups as facts, worded and rendered by the Notifier's implementation. */
export type FollowUpView = { readonly kind: 'sessionTimerDone'; readonly view: SessionTimerDoneView };

/** A /session start timer has run out: time to stop, with a button to log the session. */
export interface SessionTimerDoneView {
  readonly ownerId: string;
  readonly catId: number;
  readonly catName: string;
  readonly minutes: number;
  readonly endsAt: Date;
  /** The message goes out well after the timer ended (the bot was down): it says so. */
  readonly late: boolean;
}

/** Where a post the bot made is. */
export interface PostRef {
  readonly channelId: string;
  readonly messageId: string;
}

/** A DM as facts; the Notifier's implementation words and renders it (command names are the transport's). */
export type DmView =
  | { readonly kind: 'checkIn'; readonly view: CheckInView }
  /** The "all set" DM after /checkin set: the time ('HH:MM') and zone the owner chose. */
  | { readonly kind: 'checkInConfirm'; readonly time: string; readonly timezone: string }
  /** Check-ins were paused after a long quiet spell. */
  | { readonly kind: 'autoPause' }
  /** A session timer ran out and the interaction could not be followed up any more. */
  | { readonly kind: 'sessionTimerDone'; readonly view: SessionTimerDoneView }
  /** Households: `sharedBy` made the recipient a co-owner of the cat called `catName`. */
  | { readonly kind: 'catShared'; readonly sharedBy: string; readonly catName: string };

export interface CheckInCat {
  readonly id: number;
  readonly name: string;
  readonly stageName: string;
  readonly position: number;
  readonly step: string;
  /** Households: a cat someone shared with the owner of this check-in. */
  readonly shared?: boolean;
}

export interface CheckInView {
  readonly ownerId: string;
  readonly localDate: string;
  readonly nudge: boolean;
  readonly opener: string;
  readonly cats: readonly CheckInCat[];
}

export interface DmRequest {
  readonly ownerId: string;
  /** The stored DM channel, so a restart does not open every DM channel again. */
  readonly dmChannelId: string | null;
  readonly message: DmView;
  /** Deduplicates a retried send on Discord's side (enforce_nonce). ≤ 25 chars. */
  readonly nonce?: string;
}

export interface DmResult {
  readonly messageId: string;
  readonly dmChannelId: string;
}

export type ChannelPostView =
  | { readonly kind: 'win'; readonly view: WinPostView }
  | { readonly kind: 'digest'; readonly view: DigestView };

export interface WinPostView {
  readonly ownerId: string;
  readonly catName: string | null;
  readonly stageName: string | null;
  readonly position: number | null;
  readonly message: string;
  readonly milestone: boolean;
  readonly photo: { readonly name: string; readonly data: Buffer; readonly contentType: string } | null;
  readonly photoFailed: boolean;
}

export interface DigestView {
  readonly weekKey: string;
  readonly wins: readonly {
    readonly ownerId: string;
    readonly catName: string | null;
    readonly message: string;
  }[];
  readonly milestones: readonly {
    readonly ownerId: string;
    readonly catName: string | null;
    readonly message: string;
  }[];
  readonly trendLine: string | null;
}

export interface ChannelPostRequest {
  readonly channelId: string;
  readonly post: ChannelPostView;
  readonly nonce?: string;
}

/** Why a delivery failed, in terms the services can act on. */
export class DeliveryError extends Error {
  override readonly name = 'DeliveryError';
  constructor(
    readonly reason: 'dms_closed' | 'missing_access' | 'unknown_channel' | 'expired' | 'transient' | 'other',
    message: string,
  ) {
    super(message);
  }
}

/** Downloads an attachment (a shared photo) so it can be re-uploaded; src/adapters/httpPhotoFetcher.ts implements it. */
export interface PhotoFetcher {
  /**
   * Resolves to the bytes and the served content type, or rejects with a PhotoFetchError.
   * Must stop reading (reason 'too_large') as soon as more than `maxBytes` arrived.
   */
  fetchPhoto(
    url: string,
    options: { readonly maxBytes: number; readonly timeoutMs: number },
  ): Promise<{ data: Buffer; contentType: string }>;
}

/** Why a photo could not be downloaded: 'too_large' is the owner's to fix, the rest are ours or the network's. */
export class PhotoFetchError extends Error {
  override readonly name = 'PhotoFetchError';
  constructor(
    readonly reason: 'too_large' | 'timeout' | 'http' | 'network' | 'bad_url',
    message: string,
  ) {
    super(message);
  }
}
