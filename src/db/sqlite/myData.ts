/** The owner's-data area on SQLite: one owner's rows in every table, to export or to erase. */
import { and, eq, getTableColumns, inArray, isNotNull, ne, sql } from 'drizzle-orm';
import type { MyDataStore } from '../../services/store/myData.js';
import { sessionTimerRecord } from '../records.js';
import type { Db } from './client.js';
import type { Runner } from './runner.js';
import {
  catCoOwners,
  cats,
  checkInSends,
  guildSettings,
  ownerGuilds,
  outbox,
  owners,
  pauses,
  sessions,
  sessionTimers,
  sharedWins,
  skips,
  stageChanges,
} from './schema.js';

/** Tables whose rows are keyed by a Discord user id, named here or not (a table added later is found too). */
function ownerKeyedTables(db: Db): { table: string; column: 'owner_id' | 'updated_by' }[] {
  const tables = db.all<{ name: string }>(
    sql`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%'`,
  );
  return tables.flatMap(({ name }) =>
    db
      .all<{ name: string }>(sql`SELECT name FROM pragma_table_info(${name})`)
      .flatMap((c) =>
        c.name === 'owner_id' || c.name === 'updated_by' ? [{ table: name, column: c.name }] : [],
      ),
  );
}

function catIdsOf(db: Db, ownerId: string): number[] {
  return db
    .select({ id: cats.id })
    .from(cats)
    .where(eq(cats.ownerId, ownerId))
    .all()
    .map((c) => c.id);
}

export function sqliteMyData(db: Db, run: Runner): MyDataStore {
  return {
    snapshot: (ownerId) =>
      run(() =>
        db.transaction((tx) => {
          const catRows = tx.select().from(cats).where(eq(cats.ownerId, ownerId)).all();
          const catIds = catRows.map((c) => c.id);
          const timer = tx.select().from(sessionTimers).where(eq(sessionTimers.ownerId, ownerId)).get();
          return {
            owner: tx.select().from(owners).where(eq(owners.id, ownerId)).get(),
            cats: catRows,
            sessions: catIds.length
              ? tx.select().from(sessions).where(inArray(sessions.catId, catIds)).all()
              : [],
            stageChanges: catIds.length
              ? tx.select().from(stageChanges).where(inArray(stageChanges.catId, catIds)).all()
              : [],
            pauses: tx.select().from(pauses).where(eq(pauses.ownerId, ownerId)).all(),
            skippedDays: tx.select().from(skips).where(eq(skips.ownerId, ownerId)).all(),
            checkIns: tx.select().from(checkInSends).where(eq(checkInSends.ownerId, ownerId)).all(),
            sharedWins: tx.select().from(sharedWins).where(eq(sharedWins.ownerId, ownerId)).all(),
            servers: tx.select().from(ownerGuilds).where(eq(ownerGuilds.ownerId, ownerId)).all(),
            serverSettingsChanged: tx
              .select({
                guildId: guildSettings.guildId,
                winsChannelId: guildSettings.winsChannelId,
                updatedAt: guildSettings.updatedAt,
              })
              .from(guildSettings)
              .where(eq(guildSettings.updatedBy, ownerId))
              .all(),
            sessionTimer: timer === undefined ? undefined : sessionTimerRecord(timer),
            catCoOwners: catIds.length
              ? tx.select().from(catCoOwners).where(inArray(catCoOwners.catId, catIds)).all()
              : [],
            coOwnerships: tx
              .select({ ...getTableColumns(catCoOwners), catName: cats.name, ownerId: cats.ownerId })
              .from(catCoOwners)
              .innerJoin(cats, eq(cats.id, catCoOwners.catId))
              .where(eq(catCoOwners.userId, ownerId))
              .all(),
            sessionsLoggedForOthers: tx
              .select(getTableColumns(sessions))
              .from(sessions)
              .innerJoin(cats, eq(cats.id, sessions.catId))
              .where(and(eq(sessions.loggedBy, ownerId), ne(cats.ownerId, ownerId)))
              .all(),
          };
        }),
      ),
    postsCrediting: (ownerId) =>
      run(() =>
        db
          .select({ channelId: sharedWins.channelId, messageId: sharedWins.messageId })
          .from(sharedWins)
          .where(and(eq(sharedWins.ownerId, ownerId), isNotNull(sharedWins.messageId)))
          .all()
          .flatMap(({ channelId, messageId }) =>
            channelId === null || messageId === null ? [] : [{ channelId, messageId }],
          ),
      ),
    erase: (ownerId) =>
      run(() =>
        db.transaction((tx) => {
          const catIds = catIdsOf(db, ownerId);
          const ownSessions = catIds.length
            ? tx.select({ id: sessions.id }).from(sessions).where(inArray(sessions.catId, catIds)).all()
                .length
            : 0;
          // Households: what they logged for cats shared with them goes; those cats stay with their owners.
          const loggedForOthers = tx
            .select({ id: sessions.id })
            .from(sessions)
            .innerJoin(cats, eq(cats.id, sessions.catId))
            .where(and(eq(sessions.loggedBy, ownerId), ne(cats.ownerId, ownerId)))
            .all().length;
          const sharedPosts = tx
            .select({ id: sharedWins.id, messageId: sharedWins.messageId })
            .from(sharedWins)
            .where(eq(sharedWins.ownerId, ownerId))
            .all()
            .filter((w) => w.messageId !== null).length;
          // Explicit deletes, child tables first, so nothing depends on the foreign keys being switched on.
          if (catIds.length) {
            tx.delete(sessions).where(inArray(sessions.catId, catIds)).run();
            tx.delete(stageChanges).where(inArray(stageChanges.catId, catIds)).run();
            tx.delete(catCoOwners).where(inArray(catCoOwners.catId, catIds)).run();
          }
          tx.delete(sessions).where(eq(sessions.loggedBy, ownerId)).run();
          tx.delete(catCoOwners).where(eq(catCoOwners.userId, ownerId)).run();
          tx.delete(outbox).where(eq(outbox.ownerId, ownerId)).run();
          tx.delete(sessionTimers).where(eq(sessionTimers.ownerId, ownerId)).run();
          tx.delete(sharedWins).where(eq(sharedWins.ownerId, ownerId)).run();
          tx.delete(ownerGuilds).where(eq(ownerGuilds.ownerId, ownerId)).run();
          tx.delete(checkInSends).where(eq(checkInSends.ownerId, ownerId)).run();
          tx.delete(pauses).where(eq(pauses.ownerId, ownerId)).run();
          tx.delete(skips).where(eq(skips.ownerId, ownerId)).run();
          tx.delete(cats).where(eq(cats.ownerId, ownerId)).run();
          tx.delete(owners).where(eq(owners.id, ownerId)).run();
          tx.update(guildSettings).set({ updatedBy: null }).where(eq(guildSettings.updatedBy, ownerId)).run();
          // A safety net for tables added later: any owner_id row goes, any updated_by is forgotten.
          for (const { table, column } of ownerKeyedTables(db)) {
            if (column === 'owner_id') {
              tx.run(sql`DELETE FROM ${sql.identifier(table)} WHERE owner_id = ${ownerId}`);
            } else {
              tx.run(
                sql`UPDATE ${sql.identifier(table)} SET updated_by = NULL WHERE updated_by = ${ownerId}`,
              );
            }
          }
          return { cats: catIds.length, sessions: ownSessions + loggedForOthers, sharedPosts };
        }),
      ),
  };
}
