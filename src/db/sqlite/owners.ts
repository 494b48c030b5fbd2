/** The owners area on SQLite: owners, the servers they use the bot in, their pauses. */
import { and, asc, eq, isNull, lt, sql } from 'drizzle-orm';
import type { OwnerChanges, OwnerRecord, OwnersStore } from '../../services/store/owners.js';
import type { Db } from './client.js';
import type { Runner } from './runner.js';
import { ownerGuilds, owners, pauses } from './schema.js';

function findOwner(db: Db, ownerId: string): OwnerRecord | undefined {
  return db.select().from(owners).where(eq(owners.id, ownerId)).get();
}

export function sqliteOwners(db: Db, run: Runner): OwnersStore {
  return {
    find: (ownerId) => run(() => findOwner(db, ownerId)),
    ensure: (ownerId, now) =>
      run(() => {
        const existing = findOwner(db, ownerId);
        if (existing) return existing;
        // With ON CONFLICT DO NOTHING, RETURNING yields no row when another writer got there first.
        const inserted = db
          .insert(owners)
          .values({ id: ownerId, createdAt: now })
          .onConflictDoNothing()
          .returning()
          .get() as OwnerRecord | undefined;
        const row = inserted ?? findOwner(db, ownerId);
        if (!row) throw new Error(`Owner ${ownerId} could not be created`);
        return row;
      }),
    update: (ownerId, changes: OwnerChanges) =>
      run(
        () =>
          db.update(owners).set(changes).where(eq(owners.id, ownerId)).returning().get() as
            OwnerRecord | undefined,
      ),
    touchActivity: (ownerId, now) =>
      run(() => {
        db.update(owners)
          .set({ lastActivityAt: sql`max(coalesce(${owners.lastActivityAt}, 0), ${now.getTime()})` })
          .where(eq(owners.id, ownerId))
          .run();
      }),
    noteGuildUse: (ownerId, guildId, now, precisionMs) =>
      run(() => {
        if (!findOwner(db, ownerId)) return;
        db.insert(ownerGuilds)
          .values({ ownerId, guildId, lastSeenAt: now })
          .onConflictDoUpdate({
            target: [ownerGuilds.ownerId, ownerGuilds.guildId],
            set: { lastSeenAt: now },
            // A repeat visit changes no row, so it commits (and fsyncs) nothing.
            setWhere: lt(ownerGuilds.lastSeenAt, new Date(now.getTime() - precisionMs)),
          })
          .run();
      }),
    takeDmsNotice: (ownerId) =>
      run(() => {
        const row = db
          .update(owners)
          .set({ dmsNoticePending: false })
          .where(and(eq(owners.id, ownerId), eq(owners.dmsNoticePending, true)))
          .returning({ id: owners.id })
          .get() as { id: string } | undefined;
        return row !== undefined;
      }),
    listPauses: (ownerId) =>
      run(() =>
        db.select().from(pauses).where(eq(pauses.ownerId, ownerId)).orderBy(asc(pauses.startedAt)).all(),
      ),
    startPause: (ownerId, at) =>
      run(() => {
        db.insert(pauses).values({ ownerId, startedAt: at }).run();
      }),
    endOpenPause: (ownerId, at) =>
      run(() => {
        db.update(pauses)
          .set({ endedAt: at })
          .where(and(eq(pauses.ownerId, ownerId), isNull(pauses.endedAt)))
          .run();
      }),
  };
}
