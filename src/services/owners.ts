import type { Deps } from './deps.js';
import type { OwnerRecord } from './store/owners.js';

/** The zone used for local dates until an owner picks one with /checkin set. */
export const DEFAULT_TIMEZONE = 'UTC';

export function ownerTimezone(owner: Pick<OwnerRecord, 'timezone'> | undefined): string {
  return owner?.timezone ?? DEFAULT_TIMEZONE;
}

/** last_seen_at precision (only exports show it): a repeat visit the same day writes nothing. */
const SEEN_PRECISION_MS = 86_400_000;

/**
 * Remembers that an owner uses the bot in a server (for opt-in milestone posts there). Only owners the bot
 * already knows: merely running a command stores nothing about a stranger, or about someone who deleted
 * their data.
 */
export async function noteGuildUse(
  deps: Pick<Deps, 'store' | 'clock'>,
  ownerId: string,
  guildId: string,
): Promise<void> {
  await deps.store.owners.noteGuildUse(ownerId, guildId, deps.clock.now(), SEEN_PRECISION_MS);
}

/**
 * Whether the owner should be told that their DMs are closed; telling them clears the flag.
 * Called on every interaction, so it is one indexed UPDATE … RETURNING.
 */
export function takeDmsNotice(deps: Pick<Deps, 'store'>, ownerId: string): Promise<boolean> {
  return deps.store.owners.takeDmsNotice(ownerId);
}
