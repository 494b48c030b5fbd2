/** The households area on PostgreSQL: who each cat is shared with (cat_co_owners). */
import { and, asc, desc, eq, getTableColumns, inArray, isNotNull, isNull } from 'drizzle-orm';
import type { HouseholdsStore, SharedCatRef } from '../../services/store/households.js';
import type { PgQueryable } from './client.js';
import { catCoOwners, cats } from './schema.js';

const current = isNull(catCoOwners.removedAt);
const oneRow = (catId: number, userId: string) =>
  and(eq(catCoOwners.catId, catId), eq(catCoOwners.userId, userId));

async function catRefs(db: PgQueryable, catIds: readonly number[]): Promise<SharedCatRef[]> {
  if (catIds.length === 0) return [];
  return db
    .select({ catId: cats.id, catName: cats.name, ownerId: cats.ownerId })
    .from(cats)
    .where(inArray(cats.id, [...catIds]))
    .orderBy(asc(cats.createdAt), asc(cats.id));
}

export function pgHouseholds(db: PgQueryable): HouseholdsStore {
  return {
    listCoOwners: (catId) =>
      db
        .select()
        .from(catCoOwners)
        .where(and(eq(catCoOwners.catId, catId), current))
        .orderBy(asc(catCoOwners.sharedAt), asc(catCoOwners.userId)),
    listCoOwnersOfOwner: (ownerId) =>
      db
        .select(getTableColumns(catCoOwners))
        .from(catCoOwners)
        .innerJoin(cats, eq(cats.id, catCoOwners.catId))
        .where(and(eq(cats.ownerId, ownerId), current))
        .orderBy(asc(catCoOwners.sharedAt), asc(catCoOwners.catId), asc(catCoOwners.userId)),
    add: async (catId, userId, at) =>
      (
        await db
          .insert(catCoOwners)
          .values({ catId, userId, sharedAt: at })
          .onConflictDoUpdate({
            target: [catCoOwners.catId, catCoOwners.userId],
            set: { sharedAt: at, removedAt: null, noticePending: false },
            // A current co-owner's row is left alone: nothing changes, and the answer says so.
            setWhere: isNotNull(catCoOwners.removedAt),
          })
          .returning({ catId: catCoOwners.catId })
      ).length > 0,
    remove: async (catId, userId, at) =>
      (
        await db
          .update(catCoOwners)
          .set({ removedAt: at, noticePending: false })
          .where(and(oneRow(catId, userId), current))
          .returning({ catId: catCoOwners.catId })
      ).length > 0,
    listFormer: (userId) =>
      db
        .select({ catId: cats.id, catName: cats.name, ownerId: cats.ownerId })
        .from(catCoOwners)
        .innerJoin(cats, eq(cats.id, catCoOwners.catId))
        .where(and(eq(catCoOwners.userId, userId), isNotNull(catCoOwners.removedAt)))
        .orderBy(desc(catCoOwners.removedAt), desc(catCoOwners.catId)),
    markNoticePending: async (catId, userId) => {
      await db
        .update(catCoOwners)
        .set({ noticePending: true })
        .where(and(oneRow(catId, userId), current));
    },
    takeNotices: async (userId) => {
      const taken = await db
        .update(catCoOwners)
        .set({ noticePending: false })
        .where(and(eq(catCoOwners.userId, userId), eq(catCoOwners.noticePending, true)))
        .returning({ catId: catCoOwners.catId });
      return catRefs(
        db,
        taken.map((t) => t.catId),
      );
    },
  };
}
