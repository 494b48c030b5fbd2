// Temporary: the sync helpers that services/checkIns.ts and services/community.ts still use until they move
// to the Store port (in progress on their own branches). Deleted when they land.
import { asc, eq, sql } from 'drizzle-orm';
import type { Queryable } from '../db/sqlite/client.js';
import { cats, owners } from '../db/sqlite/schema.js';
import { FIRST_STAGE, isStageId, type StageId } from '../domain/stages.js';

export type OwnerRow = typeof owners.$inferSelect;
export type CatRow = typeof cats.$inferSelect;

export function catStage(row: { readonly stage: string }): StageId {
  return isStageId(row.stage) ? row.stage : FIRST_STAGE;
}

export function findOwner(db: Queryable, ownerId: string): OwnerRow | undefined {
  return db.select().from(owners).where(eq(owners.id, ownerId)).get();
}

export function ensureOwner(db: Queryable, ownerId: string, now: Date): OwnerRow {
  const existing = findOwner(db, ownerId);
  if (existing) return existing;
  const inserted = db
    .insert(owners)
    .values({ id: ownerId, createdAt: now })
    .onConflictDoNothing()
    .returning()
    .get() as OwnerRow | undefined;
  const row = inserted ?? findOwner(db, ownerId);
  if (!row) throw new Error(`Owner ${ownerId} could not be created`);
  return row;
}

export function touchActivity(db: Queryable, ownerId: string, now: Date): void {
  db.update(owners)
    .set({ lastActivityAt: sql`max(coalesce(${owners.lastActivityAt}, 0), ${now.getTime()})` })
    .where(eq(owners.id, ownerId))
    .run();
}

export function listCatRows(db: Queryable, ownerId: string): CatRow[] {
  return db
    .select()
    .from(cats)
    .where(eq(cats.ownerId, ownerId))
    .orderBy(asc(cats.createdAt), asc(cats.id))
    .all();
}
