/** Households: the replies of /cat share and /cat unshare, and the "shared with you" message. */
import { userMention } from 'discord.js';
import type { ShareView, UnshareView } from '../../services/households.js';
import type { SharedCatRef } from '../../services/store/households.js';
import { NO_MENTIONS } from './common.js';

// Cat names are checked at input (no markdown, no mention markup), so they can be shown as they are.

/** What the new co-owner reads, by DM, or with their next command when the DM did not arrive. */
export function sharedWithYouText(sharedBy: string, catName: string): string {
  return [
    `${userMention(sharedBy)} shared **${catName}** with you, so you can train them together. 🐾`,
    `You can \`/log\` sessions for ${catName}, see how they are doing with \`/progress\`, and they will be in your daily check-in (\`/checkin set\` starts one).`,
    `Not for you? \`/cat unshare\` with yourself as the user takes you off.`,
  ].join('\n');
}

/** The owner's answer to /cat share; `delivered`: whether the DM to the new co-owner arrived. */
export function renderShared(view: ShareView, delivered: boolean) {
  const who = userMention(view.userId);
  if (view.already) {
    return {
      content: `${who} is already a co-owner of **${view.catName}**. Nothing to change.`,
      allowedMentions: NO_MENTIONS,
    };
  }
  const told = delivered
    ? 'I sent them a DM to say so.'
    : 'I could not DM them (their DMs may be closed), so they will see it the next time they use one of my commands.';
  return {
    content: [
      `Done: ${who} can now log sessions for **${view.catName}**, see their progress, and get them in their daily check-in. ${told}`,
      `Only you can rename, remove, share or set the stage of ${view.catName}. (${String(view.coOwners)} of ${String(view.max)} co-owners.)`,
    ].join('\n'),
    allowedMentions: NO_MENTIONS,
  };
}

/** The answer to /cat unshare. */
export function renderUnshared(view: UnshareView) {
  const content = view.self
    ? `Done: **${view.catName}** is no longer in your cats. Their owner can share them with you again any time.`
    : `Done: ${userMention(view.userId)} is no longer a co-owner of **${view.catName}**. The sessions they logged stay in ${view.catName}'s history.`;
  return { content, allowedMentions: NO_MENTIONS };
}

/** Told with the next command: the shares whose DM did not arrive. */
export function shareNoticeText(notices: readonly SharedCatRef[]): string {
  return notices.map((n) => sharedWithYouText(n.ownerId, n.catName)).join('\n\n');
}
