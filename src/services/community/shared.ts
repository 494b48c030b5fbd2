/** What the community use cases share: their dependencies, the manager check, the UTC week. */
import type { Deps } from '../deps.js';
import { UserFacingError } from '../errors.js';

export type CommunityDeps = Pick<Deps, 'store' | 'clock' | 'notifier' | 'logger'>;

export const DAY_MS = 86_400_000;

/** Refuses the action unless the caller can manage the server (Manage Server). */
export function requireManager(canManageGuild: boolean, action: 'set_wins_channel' | 'disable_wins'): void {
  if (!canManageGuild) {
    throw new UserFacingError({ code: 'missing_permission', data: { reason: 'not_manager', action } });
  }
}

/** Monday 00:00 UTC of the ISO week that holds the instant. */
export function weekStartUtc(instant: Date): Date {
  const day = Date.UTC(instant.getUTCFullYear(), instant.getUTCMonth(), instant.getUTCDate());
  const daysSinceMonday = (instant.getUTCDay() + 6) % 7;
  return new Date(day - daysSinceMonday * DAY_MS);
}
