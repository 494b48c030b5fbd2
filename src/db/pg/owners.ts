/** The owners area on PostgreSQL: owners, the servers they use the bot in, their pauses. */
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { OwnerChanges, OwnerRecord, OwnersStore } from '../../services/store/owners.js';
import type { PgQueryable } from './client.js';
import { ownerGuilds, owners, pauses } from './schema.js';

/**
 * The owner's row; `lock` (inside a transaction) holds it until the transaction ends. FOR NO KEY UPDATE
 * rather than FOR UPDATE: rows inserted meanwhile that reference the owner (their foreign key takes
 * FOR KEY SHARE) are not held up by it.
 */
async function findOwner(db: PgQueryable, ownerId: string, lock: boolean): Promise<OwnerRecord | undefined> {
  const query = db.select().from(owners).where(eq(owners.id, ownerId));
  return (await (lock ? query.for('no key update') : query))[0];
}

/** `inTx`: the area runs inside a Store transaction, where ensure locks the owner's row (see store.ts). */
export function pgOwners(db: PgQueryable, inTx: boolean): OwnersStore {
  return {
    find: (ownerId) => findOwner(db, ownerId, false),
    ensure: async (ownerId, now) => {
      const existing = await findOwner(db, ownerId, inTx);
      if (existing) return existing;
      // With ON CONFLICT DO NOTHING, RETURNING yields no row when another writer got there first.
      const [inserted] = await db
        .insert(owners)
        .values({ id: ownerId, createdAt: now })
        .onConflictDoNothing()
        .returning();
      const row = inserted ?? (await findOwner(db, ownerId, inTx));
      if (!row) throw new Error(`Owner ${ownerId} could not be created`);
      return row;
    },
    update: async (ownerId, changes: OwnerChanges) =>
      (await db.update(owners).set(changes).where(eq(owners.id, ownerId)).returning())[0],
    touchActivity: async (ownerId, now) => {
      // GREATEST skips a NULL: one atomic statement, never moved back by a slower writer.
      await db
        .update(owners)
        .set({ lastActivityAt: sql`GREATEST(${owners.lastActivityAt}, ${now.toISOString()}::timestamptz)` })
        .where(eq(owners.id, ownerId));
    },
    noteGuildUse: async (ownerId, guildId, now, precisionMs) => {
      const seen = now.toISOString();
      const before = new Date(now.getTime() - precisionMs).toISOString();
      // One statement: only a known owner is stored, and a repeat visit changes no row.
      await db.execute(sql`
        INSERT INTO ${ownerGuilds} (owner_id, guild_id, last_seen_at)
        SELECT ${owners.id}, ${guildId}, ${seen}::timestamptz FROM ${owners} WHERE ${owners.id} = ${ownerId}
        ON CONFLICT (owner_id, guild_id) DO UPDATE SET last_seen_at = excluded.last_seen_at
        WHERE ${ownerGuilds.lastSeenAt} < ${before}::timestamptz`);
    },
    takeDmsNotice: async (ownerId) => {
      const rows = await db
        .update(owners)
        .set({ dmsNoticePending: false })
        .where(and(eq(owners.id, ownerId), eq(owners.dmsNoticePending, true)))
        .returning({ id: owners.id });
      return rows.length > 0;
    },
    listPauses: (ownerId) =>
      db.select().from(pauses).where(eq(pauses.ownerId, ownerId)).orderBy(asc(pauses.startedAt)),
    startPause: async (ownerId, at) => {
      await db.insert(pauses).values({ ownerId, startedAt: at });
    },
    endOpenPause: async (ownerId, at) => {
      await db
        .update(pauses)
        .set({ endedAt: at })
        .where(and(eq(pauses.ownerId, ownerId), isNull(pauses.endedAt)));
    },
  };
}
