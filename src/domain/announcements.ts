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
