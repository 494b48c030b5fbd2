/**
 * A reply handle: what the services store to answer again, later, on an owner's interaction (a session
 * timer's "time is up"). Opaque outside src/discord; here it is the application id and the interaction's
 * token, which Discord's webhook routes take for follow-ups.
 */

/**
 * How long after an interaction its follow-ups are trusted to work: Discord takes them for 15 minutes; 3 are
 * kept in hand for a job that runs a little late, or a REST queue that is slow.
 */
export const FOLLOW_UP_USABLE_MS = 12 * 60_000;

export interface ReplyTarget {
  readonly applicationId: string;
  readonly token: string;
}

/** The handle of an interaction. */
export function replyHandleOf(interaction: ReplyTarget): string {
  return `${interaction.applicationId}:${interaction.token}`;
}

/** The interaction a handle stands for; null for anything that is not one (an application id is digits). */
export function readReplyHandle(handle: string): ReplyTarget | null {
  const match = /^(\d{1,20}):(\S+)$/.exec(handle);
  if (!match?.[1] || !match[2]) return null;
  return { applicationId: match[1], token: match[2] };
}
