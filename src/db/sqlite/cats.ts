/** The cats area on SQLite: cats, their coaching state and stage history. */
import { and, asc, count, eq, inArray, isNull, or } from 'drizzle-orm';
import { catRecord, catStateColumns } from '../records.js';
import type { CatsStore, NewCat, NewStageChange } from '../../services/store/cats.js';
import type { Db } from './client.js';
import type { Runner } from './runner.js';
import { catCoOwners, cats, sessions, stageChanges } from './schema.js';

type CatRow = typeof cats.$inferSelect;

export function sqliteCats(db: Db, run: Runner): CatsStore {
  return {
    find: (catId) => run(() => catRecord(db.select().from(cats).where(eq(cats.id, catId)).get())),
    listByOwner: (ownerId) =>
      run(() =>
        db
          .select()
          .from(cats)
          .where(eq(cats.ownerId, ownerId))
          .orderBy(asc(cats.createdAt), asc(cats.id))
          .all()
          .map((row) => catRecord(row)),
      ),
    listAccessible: (userId) =>
      run(() =>
        db
          .select()
          .from(cats)
          .where(
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
          )
          .orderBy(asc(cats.createdAt), asc(cats.id))
          .all()
          .map((row) => catRecord(row)),
      ),
    countByOwner: (ownerId) =>
      run(() => db.select({ n: count() }).from(cats).where(eq(cats.ownerId, ownerId)).get()?.n ?? 0),
    findByNameKey: (ownerId, nameKey) =>
      run(() =>
        catRecord(
          db
            .select()
            .from(cats)
            .where(and(eq(cats.ownerId, ownerId), eq(cats.nameKey, nameKey)))
            .get(),
        ),
      ),
    insert: (cat: NewCat) =>
      run(() => {
        const row = db
          .insert(cats)
          .values({
            ownerId: cat.ownerId,
            name: cat.name,
            nameKey: cat.nameKey,
            createdAt: cat.createdAt,
            ...catStateColumns(cat),
          })
          .returning()
          .get();
        db.insert(stageChanges)
          .values({
            catId: row.id,
            at: cat.createdAt,
            fromStage: null,
            toStage: cat.stage,
            reason: 'created',
          })
          .run();
        return catRecord(row);
      }),
    rename: (catId, name, nameKey) =>
      run(() =>
        catRecord(
          db.update(cats).set({ name, nameKey }).where(eq(cats.id, catId)).returning().get() as
            CatRow | undefined,
        ),
      ),
    deleteOwned: (catId, ownerId) =>
      run(() =>
        catRecord(
          db
            .delete(cats)
            .where(and(eq(cats.id, catId), eq(cats.ownerId, ownerId)))
            .returning()
            .get(),
        ),
      ),
    saveState: (catId, state, lastSessionAt) =>
      run(() =>
        catRecord(
          db
            .update(cats)
            .set({ ...catStateColumns(state), ...(lastSessionAt ? { lastSessionAt } : {}) })
            .where(eq(cats.id, catId))
            .returning()
            .get() as CatRow | undefined,
        ),
      ),
    addStageChange: (change: NewStageChange) =>
      run(() => {
        db.insert(stageChanges).values(change).run();
      }),
    listStageChanges: (catId) =>
      run(() =>
        db
          .select()
          .from(stageChanges)
          .where(eq(stageChanges.catId, catId))
          .orderBy(asc(stageChanges.at))
          .all(),
      ),
    countSessions: (catId) =>
      run(() => db.select({ n: count() }).from(sessions).where(eq(sessions.catId, catId)).get()?.n ?? 0),
  };
}
