import { and, asc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Queryable } from '../db/sqlite/client.js';
import {
  cats,
  checkInSends,
  guildSettings,
  ownerGuilds,
  owners,
  pauses,
  sessions,
  sharedWins,
  skips,
  stageChanges,
} from '../db/sqlite/schema.js';
import { isStageId, stageInfo } from '../domain/stages.js';
import { listCatRows } from './cats.js';
import type { Deps } from './deps.js';
import type { PostRef } from './ports.js';

/** Bumped whenever the export's shape changes, so tools reading old files can tell. */
export const EXPORT_SCHEMA_VERSION = 2;

export interface OwnerExport {
  readonly schemaVersion: number;
  readonly exportedAt: string;
  readonly ownerId: string;
  readonly settings: Record<string, unknown> | null;
  readonly cats: readonly Record<string, unknown>[];
  readonly pauses: readonly Record<string, unknown>[];
  readonly skippedDays: readonly Record<string, unknown>[];
  readonly checkIns: readonly Record<string, unknown>[];
  readonly sharedWins: readonly Record<string, unknown>[];
  readonly servers: readonly Record<string, unknown>[];
  /** Servers whose wins channel this owner set or turned off last. */
  readonly serverSettingsChanged: readonly Record<string, unknown>[];
}

/** Everything stored about an owner, as plain JSON-ready data. */
export function exportOwnerData(deps: Pick<Deps, 'db' | 'clock'>, ownerId: string): OwnerExport {
  const db = deps.db;
  return db.transaction((tx) => {
    const owner = tx.select().from(owners).where(eq(owners.id, ownerId)).get();
    const catRows = tx.select().from(cats).where(eq(cats.ownerId, ownerId)).all();
    const catIds = catRows.map((c) => c.id);
    const sessionRows = catIds.length
      ? tx.select().from(sessions).where(inArray(sessions.catId, catIds)).all()
      : [];
    const changeRows = catIds.length
      ? tx.select().from(stageChanges).where(inArray(stageChanges.catId, catIds)).all()
      : [];
    return {
      schemaVersion: EXPORT_SCHEMA_VERSION,
      exportedAt: deps.clock.now().toISOString(),
      ownerId,
      settings: owner
        ? {
            timezone: owner.timezone,
            checkInTime: owner.checkInTime,
            nextCheckInAt: owner.nextCheckInAt,
            paused: owner.paused,
            pausedUntil: owner.pausedUntil,
            pausedReason: owner.pausedReason,
            dmChannelId: owner.dmChannelId,
            dmsReachable: owner.dmsReachable,
            dmsNoticePending: owner.dmsNoticePending,
            autoShare: owner.autoShare,
            lastActivityAt: owner.lastActivityAt,
            createdAt: owner.createdAt,
          }
        : null,
      cats: catRows.map(({ nameKey: _nameKey, ownerId: _ownerId, ...cat }) => ({
        ...cat,
        sessions: sessionRows.filter((s) => s.catId === cat.id).map(({ catId: _catId, ...s }) => s),
        stageHistory: changeRows.filter((c) => c.catId === cat.id).map(({ catId: _catId, ...c }) => c),
      })),
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
    };
  });
}

export interface DeleteSummary {
  readonly cats: number;
  readonly sessions: number;
  /** Posts in servers' wins channels that credited the owner (forgotten here; see deleteOwnerEverywhere). */
  readonly sharedPosts: number;
}

/** Tables whose rows are keyed by a Discord user id but that this file does not name (yet). */
function ownerKeyedTables(db: Queryable): { table: string; column: 'owner_id' | 'updated_by' }[] {
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

/** Deletes everything about an owner; afterwards the bot knows nothing of them. */
export function deleteOwnerData(deps: Pick<Deps, 'db'>, ownerId: string): DeleteSummary {
  return deps.db.transaction((tx) => {
    const catIds = tx
      .select({ id: cats.id })
      .from(cats)
      .where(eq(cats.ownerId, ownerId))
      .all()
      .map((c) => c.id);
    const sessionCount = catIds.length
      ? tx.select({ id: sessions.id }).from(sessions).where(inArray(sessions.catId, catIds)).all().length
      : 0;
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
    }
    tx.delete(sharedWins).where(eq(sharedWins.ownerId, ownerId)).run();
    tx.delete(ownerGuilds).where(eq(ownerGuilds.ownerId, ownerId)).run();
    tx.delete(checkInSends).where(eq(checkInSends.ownerId, ownerId)).run();
    tx.delete(pauses).where(eq(pauses.ownerId, ownerId)).run();
    tx.delete(skips).where(eq(skips.ownerId, ownerId)).run();
    tx.delete(cats).where(eq(cats.ownerId, ownerId)).run();
    tx.delete(owners).where(eq(owners.id, ownerId)).run();
    tx.update(guildSettings).set({ updatedBy: null }).where(eq(guildSettings.updatedBy, ownerId)).run();
    // A safety net for tables added later: any owner_id row goes, any updated_by is forgotten.
    for (const { table, column } of ownerKeyedTables(tx)) {
      if (column === 'owner_id') {
        tx.run(sql`DELETE FROM ${sql.identifier(table)} WHERE owner_id = ${ownerId}`);
      } else {
        tx.run(sql`UPDATE ${sql.identifier(table)} SET updated_by = NULL WHERE updated_by = ${ownerId}`);
      }
    }
    return { cats: catIds.length, sessions: sessionCount, sharedPosts };
  });
}

export interface DeleteEverywhereSummary extends DeleteSummary {
  /** The bot's posts crediting the owner that are gone from Discord now (or were already). */
  readonly postsRemoved: number;
  /** Posts that could not be removed: the bot can no longer reach their channel. */
  readonly postsLeft: number;
}

/**
 * /mydata delete: first the bot's posts that credit the owner (shared wins, milestone posts) are
 * removed from the servers' channels, then every row about them. In that order, so a crash or a
 * shutdown halfway leaves the data (and the list of posts) in place for the owner to try again; a post
 * removed on the first try counts as removed on the second. A post the bot can no longer reach does not
 * hold up the rest: it is counted, logged, and the owner is told.
 */
export async function deleteOwnerEverywhere(
  deps: Pick<Deps, 'db' | 'notifier' | 'logger'>,
  ownerId: string,
): Promise<DeleteEverywhereSummary> {
  const posts: PostRef[] = deps.db
    .select({ channelId: sharedWins.channelId, messageId: sharedWins.messageId })
    .from(sharedWins)
    .where(and(eq(sharedWins.ownerId, ownerId), isNotNull(sharedWins.messageId)))
    .all()
    .flatMap(({ channelId, messageId }) =>
      channelId === null || messageId === null ? [] : [{ channelId, messageId }],
    );
  let postsRemoved = 0;
  let postsLeft = 0;
  // One at a time: Discord limits deletions per channel, and discord.js queues them per route anyway.
  for (const post of posts) {
    try {
      await deps.notifier.deletePost(post);
      postsRemoved += 1;
    } catch (error) {
      postsLeft += 1;
      deps.logger.warn({ err: error, ...post }, 'could not remove a shared post on /mydata delete');
    }
  }
  return { ...deleteOwnerData(deps, ownerId), postsRemoved, postsLeft };
}

export interface SessionsCsv {
  readonly catName: string;
  readonly filename: string;
  readonly csv: string;
}

const CSV_HEADER = ['date', 'local date', 'stage', 'minutes', 'signals (severity)', 'outcome', 'note'];

/**
 * One CSV cell (RFC 4180): quoted when it holds a quote, comma or line break. A cell that a spreadsheet
 * would run as a formula (= + - @, or a leading tab or CR) gets a single quote in front.
 */
export function csvCell(value: string | number | null): string {
  let text = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function csvFileName(catName: string): string {
  const base = catName
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase();
  return `${base === '' ? 'cat' : base}-sessions.csv`;
}

/** A CSV of each cat's sessions, for a vet or a behaviourist; UTF-8 with a BOM so spreadsheets read names right. */
export function exportSessionsCsv(deps: Pick<Deps, 'db'>, ownerId: string): SessionsCsv[] {
  const catRows = listCatRows(deps.db, ownerId);
  const used = new Set<string>();
  return catRows.map((cat) => {
    const rows = deps.db
      .select()
      .from(sessions)
      .where(eq(sessions.catId, cat.id))
      .orderBy(asc(sessions.at), asc(sessions.id))
      .all();
    const lines = [
      CSV_HEADER,
      ...rows.map((s) => [
        s.at.toISOString().replace(/\.\d{3}Z$/, 'Z'),
        s.localDate,
        isStageId(s.stage) ? stageInfo(s.stage).name : s.stage,
        s.minutes,
        s.recognised
          .map((i) => `${i.label} (${i.severity}${i.expected ? ', expected at this stage' : ''})`)
          .join('; '),
        s.outcome,
        s.note,
      ]),
    ];
    let filename = csvFileName(cat.name);
    // Two cats can clean up to the same file name ("Mimi" and "Mimì").
    if (used.has(filename)) filename = filename.replace(/-sessions\.csv$/, `-${cat.id}-sessions.csv`);
    used.add(filename);
    return {
      catName: cat.name,
      filename,
      csv: '\uFEFF' + lines.map((cells) => cells.map(csvCell).join(',')).join('\r\n') + '\r\n',
    };
  });
}
