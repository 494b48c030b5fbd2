/** The cats area on PostgreSQL: cats, their coaching state and stage history. */
import { and, asc, count, eq, inArray, isNull, or, type SQL } from 'drizzle-orm';
import { catRecord, catStateColumns } from '../records.js';
import type { CatRecord, CatsStore, NewCat, NewStageChange } from '../../services/store/cats.js';
import type { PgQueryable } from './client.js';
import { catCoOwners, cats, sessions, stageChanges } from './schema.js';

/**
 * `inTx`: inside a Store transaction the cats read are locked until it ends (FOR NO KEY UPDATE), so a
 * read-modify-write of a cat's state (the stage machine, good days, streaks) never works on a stale copy.
 * Several cats are locked in one order (oldest first, as listed), so two transactions never deadlock.
 */
export function pgCats(db: PgQueryable, inTx: boolean): CatsStore {
  const select = async (where: SQL | undefined): Promise<CatRecord[]> => {
    const query = db.select().from(cats).where(where).orderBy(asc(cats.createdAt), asc(cats.id));
    return (await (inTx ? query.for('no key update') : query)).map((row) => catRecord(row));
  };
  return {
    find: async (catId) => (await select(eq(cats.id, catId)))[0],
    listByOwner: (ownerId) => select(eq(cats.ownerId, ownerId)),
    // One statement, locked in (created_at, id) order: see the port on why it must not be two.
    listAccessible: (userId) =>
      select(
        or(
          eq(cats.ownerId, userId),
          inArray(
            cats.id,
            db
              .select({ id: catCoOwners.catId })
              .from(catCoOwners)
              .where(and(eq(catCoOwners.userId, userId), isNull(catCoOwners.removedAt))),
          ),
        ),
      ),
    countByOwner: async (ownerId) =>
      (await db.select({ n: count() }).from(cats).where(eq(cats.ownerId, ownerId)))[0]?.n ?? 0,
    findByNameKey: async (ownerId, nameKey) =>
      (await select(and(eq(cats.ownerId, ownerId), eq(cats.nameKey, nameKey))))[0],
    insert: async (cat: NewCat) => {
      const [row] = await db
        .insert(cats)
        .values({
          ownerId: cat.ownerId,
          name: cat.name,
          nameKey: cat.nameKey,
          createdAt: cat.createdAt,
          ...catStateColumns(cat),
        })
        .returning();
      if (!row) throw new Error('The cat was not stored');
      await db.insert(stageChanges).values({
        catId: row.id,
        at: cat.createdAt,
        fromStage: null,
        toStage: cat.stage,
        reason: 'created',
      });
      return catRecord(row);
    },
    rename: async (catId, name, nameKey) =>
      catRecord((await db.update(cats).set({ name, nameKey }).where(eq(cats.id, catId)).returning())[0]),
    deleteOwned: async (catId, ownerId) =>
      catRecord(
        (
          await db
            .delete(cats)
            .where(and(eq(cats.id, catId), eq(cats.ownerId, ownerId)))
            .returning()
        )[0],
      ),
    saveState: async (catId, state, lastSessionAt) =>
      catRecord(
        (
          await db
            .update(cats)
            .set({ ...catStateColumns(state), ...(lastSessionAt ? { lastSessionAt } : {}) })
            .where(eq(cats.id, catId))
            .returning()
        )[0],
      ),
    addStageChange: async (change: NewStageChange) => {
      await db.insert(stageChanges).values(change);
    },
    listStageChanges: (catId) =>
      db
        .select()
        .from(stageChanges)
        .where(eq(stageChanges.catId, catId))
        .orderBy(asc(stageChanges.at), asc(stageChanges.id)),
    countSessions: async (catId) =>
      (await db.select({ n: count() }).from(sessions).where(eq(sessions.catId, catId)))[0]?.n ?? 0,
  };
}
