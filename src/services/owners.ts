import { and, eq, lt, sql } from 'drizzle-orm';
import type { Db, Queryable } from '../db/sqlite/client.js';
import { ownerGuilds, owners } from '../db/sqlite/schema.js';
import type { Deps } from './deps.js';

export type OwnerRow = typeof owners.$inferSelect;

/** The zone used for local dates until an owner picks one with /checkin set. */
export const DEFAULT_TIMEZONE = 'UTC';

/** The owner's row, created on first use. */
export function ensureOwner(db: Queryable, ownerId: string, now: Date): OwnerRow {
  const existing = db.select().from(owners).where(eq(owners.id, ownerId)).get();
  if (existing) return existing;
  // With ON CONFLICT DO NOTHING, RETURNING yields no row when another writer got there first.
  const inserted = db
    .insert(owners)
    .values({ id: ownerId, createdAt: now })
    .onConflictDoNothing()
    .returning()
    .get() as OwnerRow | undefined;
  return inserted ?? findOwner(db, ownerId) ?? failMissing(ownerId);
}

function failMissing(ownerId: string): never {
  throw new Error(`Owner ${ownerId} could not be created`);
}

export function findOwner(db: Queryable, ownerId: string): OwnerRow | undefined {
  return db.select().from(owners).where(eq(owners.id, ownerId)).get();
}

export function ownerTimezone(owner: Pick<OwnerRow, 'timezone'> | undefined): string {
  return owner?.timezone ?? DEFAULT_TIMEZONE;
}

/**
 * Remembers that an owner uses the bot in a server (for opt-in milestone posts there). Only owners the bot
 * already knows: merely running a command stores nothing about a stranger, or about someone who deleted
 * their data.
 */
/** last_seen_at precision (only exports show it); see noteGuildUse. */
const SEEN_PRECISION_MS = 86_400_000;

export function noteGuildUse(deps: Pick<Deps, 'db' | 'clock'>, ownerId: string, guildId: string): void {
  const now = deps.clock.now();
  if (!findOwner(deps.db, ownerId)) return;
  deps.db
    .insert(ownerGuilds)
    .values({ ownerId, guildId, lastSeenAt: now })
    .onConflictDoUpdate({
      target: [ownerGuilds.ownerId, ownerGuilds.guildId],
      set: { lastSeenAt: now },
      // Kept to the day: a repeat visit changes no row, so this commits (and fsyncs) nothing.
      setWhere: lt(ownerGuilds.lastSeenAt, new Date(now.getTime() - SEEN_PRECISION_MS)),
    })
    .run();
}

/**
 * Whether the owner should be told that their DMs are closed; telling them clears the flag.
 * Called on every interaction, so it is one indexed UPDATE … RETURNING.
 */
export function takeDmsNotice(db: Db, ownerId: string): boolean {
  const row = db
    .update(owners)
    .set({ dmsNoticePending: false })
    .where(and(eq(owners.id, ownerId), eq(owners.dmsNoticePending, true)))
    .returning({ id: owners.id })
    .get() as { id: string } | undefined;
  return row !== undefined;
}

/** Marks activity (a session or a skip): quiet days count from the latest. */
export function touchActivity(db: Queryable, ownerId: string, now: Date): void {
  db.update(owners)
    .set({ lastActivityAt: sql`max(coalesce(${owners.lastActivityAt}, 0), ${now.getTime()})` })
    .where(eq(owners.id, ownerId))
    .run();
}
