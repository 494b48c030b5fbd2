/** Which of the coach's effects are worth a post in a server's wins channel (for owners who opted in). */
import { MILESTONES, type Effect, type Milestone } from './coach.js';

/** Milestones celebrated in public; the first session is a private joy. */
export const PUBLIC_MILESTONES: readonly Milestone[] = MILESTONES.filter((m) => m !== 'first_session');

/** True when the effects hold a stage-up or a public milestone. */
export function worthAnnouncing(effects: readonly Effect[]): boolean {
  return effects.some(
    (e) =>
      (e.type === 'stageChanged' && e.reason === 'advance') ||
      (e.type === 'milestone' && PUBLIC_MILESTONES.includes(e.milestone)),
  );
}

/**
 * Discord remembers a message nonce (enforce_nonce) for "a few minutes". An automatic post whose first try
 * did not record its message is tried again with the same nonce only this soon after its claim: a first
 * try that did land is then shown once, never twice.
 */
export const REPOST_WITHIN_MS = 5 * 60_000;

/** The nonce of an automatic post, from its claim: the same on every try. ≤ 25 characters. */
export function announcementNonce(claimId: number): string {
  return `auto-post-${String(claimId)}`;
}
