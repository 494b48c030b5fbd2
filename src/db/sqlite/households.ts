/** The households area on SQLite: who each cat is shared with (cat_co_owners). */
import { and, asc, desc, eq, getTableColumns, inArray, isNotNull, isNull } from 'drizzle-orm';
import type { HouseholdsStore, SharedCatRef } from '../../services/store/households.js';
import type { Db } from './client.js';
import type { Runner } from './runner.js';
import { catCoOwners, cats } from './schema.js';

const current = isNull(catCoOwners.removedAt);
const oneRow = (catId: number, userId: string) =>
  and(eq(catCoOwners.catId, catId), eq(catCoOwners.userId, userId));

function catRefs(db: Db, catIds: readonly number[]): SharedCatRef[] {
  if (catIds.length === 0) return [];
  return db
    .select({ catId: cats.id, catName: cats.name, ownerId: cats.ownerId })
    .from(cats)
    .where(inArray(cats.id, [...catIds]))
    .orderBy(asc(cats.createdAt), asc(cats.id))
    .all();
}

export function sqliteHouseholds(db: Db, run: Runner): HouseholdsStore {
  return {
    listCoOwners: (catId) =>
      run(() =>
        db
          .select()
          .from(catCoOwners)
          .where(and(eq(catCoOwners.catId, catId), current))
          .orderBy(asc(catCoOwners.sharedAt), asc(catCoOwners.userId))
          .all(),
      ),
    listCoOwnersOfOwner: (ownerId) =>
      run(() =>
        db
          .select(getTableColumns(catCoOwners))
          .from(catCoOwners)
          .innerJoin(cats, eq(cats.id, catCoOwners.catId))
          .where(and(eq(cats.ownerId, ownerId), current))
          .orderBy(asc(catCoOwners.sharedAt), asc(catCoOwners.catId), asc(catCoOwners.userId))
          .all(),
      ),
    add: (catId, userId, at) =>
      run(
        () =>
          db
            .insert(catCoOwners)
            .values({ catId, userId, sharedAt: at })
            .onConflictDoUpdate({
              target: [catCoOwners.catId, catCoOwners.userId],
              set: { sharedAt: at, removedAt: null, noticePending: false },
              // A current co-owner's row is left alone: nothing changes, and the answer says so.
              setWhere: isNotNull(catCoOwners.removedAt),
            })
            .run().changes > 0,
      ),
    remove: (catId, userId, at) =>
      run(
        () =>
          db
            .update(catCoOwners)
            .set({ removedAt: at, noticePending: false })
            .where(and(oneRow(catId, userId), current))
            .run().changes > 0,
      ),
    listFormer: (userId) =>
      run(() =>
        db
          .select({ catId: cats.id, catName: cats.name, ownerId: cats.ownerId })
          .from(catCoOwners)
          .innerJoin(cats, eq(cats.id, catCoOwners.catId))
          .where(and(eq(catCoOwners.userId, userId), isNotNull(catCoOwners.removedAt)))
          .orderBy(desc(catCoOwners.removedAt), desc(catCoOwners.catId))
          .all(),
      ),
    markNoticePending: (catId, userId) =>
      run(() => {
        db.update(catCoOwners)
          .set({ noticePending: true })
          .where(and(oneRow(catId, userId), current))
          .run();
      }),
    takeNotices: (userId) =>
      run(() => {
        const taken = db
          .update(catCoOwners)
          .set({ noticePending: false })
          .where(and(eq(catCoOwners.userId, userId), eq(catCoOwners.noticePending, true)))
          .returning({ catId: catCoOwners.catId })
          .all();
        return catRefs(
          db,
          taken.map((t) => t.catId),
        );
      }),
  };
}
