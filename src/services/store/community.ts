/** The community area of the storage port: servers' wins channels, the wins posted there, weekly digests. */
import type { Severity } from '../../domain/severity.js';

/** A server with a wins channel. */
export interface WinsChannel {
  readonly guildId: string;
  readonly channelId: string;
}

/** A post in a wins channel, as stored: shared by hand ('win') or posted automatically ('milestone'). */
interface SharedWinFields {
  readonly guildId: string;
  readonly ownerId: string;
  readonly catId: number | null;
  readonly catName: string | null;
  readonly message: string;
  readonly channelId: string;
  readonly at: Date;
}

/** A win shared by hand, recorded once it is posted. */
export interface NewWin extends SharedWinFields {
  readonly hasPhoto: boolean;
  readonly messageId: string;
}

/** An automatic post, claimed before it is posted: once per server, cat and key. */
export interface MilestoneClaim extends SharedWinFields {
  readonly catId: number;
  /** 'stage:<id>' for a stage-up, else the milestone's key. */
  readonly milestone: string;
}

/** A posted win or milestone, for the digest. */
export interface PostedEntry {
  readonly ownerId: string;
  readonly catName: string | null;
  readonly message: string;
  readonly kind: 'win' | 'milestone';
  /** Whether the owner is opted in to automatic posts now. */
  readonly ownerAutoShare: boolean;
}

/** A session's signals, as far as the digest's trend needs them. */
export type SessionSignals = readonly { readonly severity: Severity; readonly expected: boolean }[];

export type DigestOutcome =
  { readonly status: 'sent'; readonly messageId: string } | { readonly status: 'empty' | 'failed' };

export interface CommunityStore {
  /** The server's wins channel; null when none is set or posting was turned off. */
  findWinsChannel(guildId: string): Promise<string | null>;
  /** Sets (or, with null, clears) the server's wins channel, remembering when and by whom. */
  saveWinsChannel(
    guildId: string,
    channelId: string | null,
    change: { readonly at: Date; readonly by: string | null },
  ): Promise<void>;
  /** Every server with a wins channel, by server id. */
  listWinsChannels(): Promise<WinsChannel[]>;
  /** The servers with a wins channel where the owner has used the bot, by server id. */
  listOwnerWinsChannels(ownerId: string): Promise<WinsChannel[]>;

  /** Records a win shared by hand, after it was posted. */
  addWin(win: NewWin): Promise<void>;
  /** Claims an automatic post; resolves to its id, or null when it was claimed before (never post twice). */
  claimMilestone(claim: MilestoneClaim): Promise<number | null>;
  /**
   * A claimed automatic post that never recorded its message nor was refused for good (a failure that may
   * pass, or a process that died while making it), if there is one.
   */
  findUnposted(
    guildId: string,
    catId: number,
    milestone: string,
  ): Promise<{ readonly id: number; readonly at: Date } | undefined>;
  /** Marks a claimed automatic post as refused for good, so it is not tried again. */
  markPostFailed(postId: number): Promise<void>;
  /** Remembers the message a claimed post became. */
  setPostMessage(postId: number, messageId: string): Promise<void>;
  /** Posts (with a message) in the server since `since`, by kind. */
  countPostedSince(
    guildId: string,
    since: Date,
  ): Promise<{ readonly wins: number; readonly milestones: number }>;

  /** Claims (server, week) for the digest; false when it was claimed before. */
  claimDigest(guildId: string, weekKey: string, now: Date): Promise<boolean>;
  /** How a claimed digest ended. */
  finishDigest(guildId: string, weekKey: string, outcome: DigestOutcome): Promise<void>;
  /** Posts (with a message) in the server in [from, to), oldest first. */
  listPostedBetween(guildId: string, from: Date, to: Date): Promise<PostedEntry[]>;
  /** Owners opted in to automatic posts who have used the bot in the server. */
  listAutoSharers(guildId: string): Promise<string[]>;
  /** The signals of every session in [from, to) of these owners' cats, oldest first. */
  listSessionSignals(ownerIds: readonly string[], from: Date, to: Date): Promise<SessionSignals[]>;
}
