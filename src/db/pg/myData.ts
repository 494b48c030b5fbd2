/** The owner's-data area on PostgreSQL: one owner's rows in every table, to export or to erase. */
import { and, asc, eq, getTableColumns, inArray, isNotNull, ne, sql } from 'drizzle-orm';
import type { MyDataStore, OwnerDataSnapshot } from '../../services/store/myData.js';
import { sessionTimerRecord } from '../records.js';
import type { PgQueryable } from './client.js';
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
async function ownerKeyedTables(
  db: PgQueryable,
): Promise<{ table: string; column: 'owner_id' | 'updated_by' }[]> {
  const result = await db.execute<{ table: string; column: 'owner_id' | 'updated_by' }>(sql`
    SELECT c.table_name AS "table", c.column_name AS "column"
    FROM information_schema.columns c
    JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
    WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
      AND c.column_name IN ('owner_id', 'updated_by')
    ORDER BY c.table_name`);
  return result.rows;
}

async function readSnapshot(tx: PgQueryable, ownerId: string): Promise<OwnerDataSnapshot> {
  const catRows = await tx.select().from(cats).where(eq(cats.ownerId, ownerId)).orderBy(cats.id);
  const catIds = catRows.map((c) => c.id);
  const [timer] = await tx.select().from(sessionTimers).where(eq(sessionTimers.ownerId, ownerId));
  return {
    owner: (await tx.select().from(owners).where(eq(owners.id, ownerId)))[0],
    cats: catRows,
    sessions: catIds.length
      ? await tx.select().from(sessions).where(inArray(sessions.catId, catIds)).orderBy(sessions.id)
      : [],
    stageChanges: catIds.length
      ? await tx
          .select()
          .from(stageChanges)
          .where(inArray(stageChanges.catId, catIds))
          .orderBy(stageChanges.id)
      : [],
    pauses: await tx.select().from(pauses).where(eq(pauses.ownerId, ownerId)).orderBy(pauses.id),
    skippedDays: await tx.select().from(skips).where(eq(skips.ownerId, ownerId)).orderBy(skips.localDate),
    checkIns: await tx
      .select()
      .from(checkInSends)
      .where(eq(checkInSends.ownerId, ownerId))
      .orderBy(checkInSends.localDate),
    sharedWins: await tx
      .select()
      .from(sharedWins)
      .where(eq(sharedWins.ownerId, ownerId))
      .orderBy(sharedWins.id),
    servers: await tx
      .select()
      .from(ownerGuilds)
      .where(eq(ownerGuilds.ownerId, ownerId))
      .orderBy(ownerGuilds.guildId),
    serverSettingsChanged: await tx
      .select({
        guildId: guildSettings.guildId,
        winsChannelId: guildSettings.winsChannelId,
        updatedAt: guildSettings.updatedAt,
      })
      .from(guildSettings)
      .where(eq(guildSettings.updatedBy, ownerId))
      .orderBy(guildSettings.guildId),
    sessionTimer: timer === undefined ? undefined : sessionTimerRecord(timer),
    catCoOwners: catIds.length
      ? await tx
          .select()
          .from(catCoOwners)
          .where(inArray(catCoOwners.catId, catIds))
          .orderBy(catCoOwners.catId, catCoOwners.sharedAt)
      : [],
    coOwnerships: await tx
      .select({ ...getTableColumns(catCoOwners), catName: cats.name, ownerId: cats.ownerId })
      .from(catCoOwners)
      .innerJoin(cats, eq(cats.id, catCoOwners.catId))
      .where(eq(catCoOwners.userId, ownerId))
      .orderBy(catCoOwners.sharedAt),
    sessionsLoggedForOthers: await tx
      .select(getTableColumns(sessions))
      .from(sessions)
      .innerJoin(cats, eq(cats.id, sessions.catId))
      .where(and(eq(sessions.loggedBy, ownerId), ne(cats.ownerId, ownerId)))
      .orderBy(sessions.id),
  };
}

/** `inTx`: inside a Store transaction snapshot reads in it, and erase is a savepoint of it. */
export function pgMyData(db: PgQueryable, inTx: boolean): MyDataStore {
  return {
    // REPEATABLE READ: every table is read as of one moment, however long the export takes.
    snapshot: (ownerId) =>
      inTx
        ? readSnapshot(db, ownerId)
        : db.transaction((tx) => readSnapshot(tx, ownerId), {
            isolationLevel: 'repeatable read',
            accessMode: 'read only',
          }),
    postsCrediting: async (ownerId) =>
      (
        await db
          .select({ channelId: sharedWins.channelId, messageId: sharedWins.messageId })
          .from(sharedWins)
          .where(and(eq(sharedWins.ownerId, ownerId), isNotNull(sharedWins.messageId)))
          .orderBy(sharedWins.id)
      ).flatMap(({ channelId, messageId }) =>
        channelId === null || messageId === null ? [] : [{ channelId, messageId }],
      ),
    erase: (ownerId) =>
      db.transaction(async (tx) => {
        // The owner's row first, as every writer for this owner does (owners.ensure): a /log or /cat add
        // running now finishes before the erase, or starts after it and finds nothing.
        await tx.select({ id: owners.id }).from(owners).where(eq(owners.id, ownerId)).for('no key update');
        // Then their cats, locked in the order every cats read locks them (cats.listAccessible): a co-owner's
        // /log holds a shared cat without the owner's row, and deleting in table order could deadlock with it.
        const catIds = (
          await tx
            .select({ id: cats.id })
            .from(cats)
            .where(eq(cats.ownerId, ownerId))
            .orderBy(asc(cats.createdAt), asc(cats.id))
            .for('update')
        ).map((c) => c.id);
        const ownSessions = catIds.length
          ? ((
              await tx
                .select({ n: sql<number>`count(*)::int` })
                .from(sessions)
                .where(inArray(sessions.catId, catIds))
            )[0]?.n ?? 0)
          : 0;
        // Households: what they logged for cats shared with them goes; those cats stay with their owners.
        const loggedForOthers =
          (
            await tx
              .select({ n: sql<number>`count(*)::int` })
              .from(sessions)
              .innerJoin(cats, eq(cats.id, sessions.catId))
              .where(and(eq(sessions.loggedBy, ownerId), ne(cats.ownerId, ownerId)))
          )[0]?.n ?? 0;
        const sharedPosts =
          (
            await tx
              .select({ n: sql<number>`count(*)::int` })
              .from(sharedWins)
              .where(and(eq(sharedWins.ownerId, ownerId), isNotNull(sharedWins.messageId)))
          )[0]?.n ?? 0;
        // Explicit deletes, child tables first, as on SQLite.
        if (catIds.length) {
          await tx.delete(sessions).where(inArray(sessions.catId, catIds));
          await tx.delete(stageChanges).where(inArray(stageChanges.catId, catIds));
          await tx.delete(catCoOwners).where(inArray(catCoOwners.catId, catIds));
        }
        await tx.delete(sessions).where(eq(sessions.loggedBy, ownerId));
        await tx.delete(catCoOwners).where(eq(catCoOwners.userId, ownerId));
        await tx.delete(outbox).where(eq(outbox.ownerId, ownerId));
        await tx.delete(sessionTimers).where(eq(sessionTimers.ownerId, ownerId));
        await tx.delete(sharedWins).where(eq(sharedWins.ownerId, ownerId));
        await tx.delete(ownerGuilds).where(eq(ownerGuilds.ownerId, ownerId));
        await tx.delete(checkInSends).where(eq(checkInSends.ownerId, ownerId));
        await tx.delete(pauses).where(eq(pauses.ownerId, ownerId));
        await tx.delete(skips).where(eq(skips.ownerId, ownerId));
        await tx.delete(cats).where(eq(cats.ownerId, ownerId));
        await tx.delete(owners).where(eq(owners.id, ownerId));
        await tx.update(guildSettings).set({ updatedBy: null }).where(eq(guildSettings.updatedBy, ownerId));
        // A safety net for tables added later: any owner_id row goes, any updated_by is forgotten.
        for (const { table, column } of await ownerKeyedTables(tx)) {
          if (column === 'owner_id') {
            await tx.execute(sql`DELETE FROM ${sql.identifier(table)} WHERE owner_id = ${ownerId}`);
          } else {
            await tx.execute(
              sql`UPDATE ${sql.identifier(table)} SET updated_by = NULL WHERE updated_by = ${ownerId}`,
            );
          }
        }
        return { cats: catIds.length, sessions: ownSessions + loggedForOthers, sharedPosts };
      }),
  };
}
