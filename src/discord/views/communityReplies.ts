/**
 * Replies to /community and /share: the services return channel ids and facts; the words are in
 * domain/words.ts; here channels become mentions and discord.js permission names become readable ones.
 */
import { channelMention, type PermissionsString } from 'discord.js';
import {
  autoShareText,
  botMissingPermissions,
  communityStatusText,
  shareConfirmation,
  winsChannelOff,
  winsChannelSet,
} from '../../domain/words.js';
import type { AutoShareView } from '../../services/community/autoShare.js';
import type { ShareWinResult } from '../../services/community/shareWin.js';
import type { CommunityStatusView, WinsChannelView } from '../../services/community/winsChannel.js';

/** What the bot needs in a wins channel to post wins, photos and the digest. */
export const WINS_CHANNEL_PERMISSIONS: readonly PermissionsString[] = [
  'ViewChannel',
  'SendMessages',
  'EmbedLinks',
  'AttachFiles',
];

/** 'SendMessages' → 'Send Messages' (a discord.js permission name; it travels as a string in error data). */
export function permissionLabel(name: string): string {
  return name.replace(/([a-z])([A-Z])/g, '$1 $2');
}

export function winsChannelSetReply(view: WinsChannelView): string {
  return winsChannelSet(channelMention(view.channelId));
}

export function winsChannelOffReply(view: { readonly previousChannelId: string | null }): string {
  return winsChannelOff(view.previousChannelId === null ? null : channelMention(view.previousChannelId));
}

export function communityStatusReply(view: CommunityStatusView): string {
  return communityStatusText(
    view.channelId === null ? null : channelMention(view.channelId),
    view.weekKey,
    view.winsThisWeek,
    view.milestonesThisWeek,
  );
}

export function botMissingReply(channelId: string, missing: readonly string[]): string {
  return botMissingPermissions(channelMention(channelId), missing.map(permissionLabel));
}

export function shareWinReply(result: ShareWinResult): string {
  return shareConfirmation(channelMention(result.channelId), result.photoFailed);
}

export function autoShareReply(view: AutoShareView): string {
  return autoShareText(view.enabled, view.servers);
}
