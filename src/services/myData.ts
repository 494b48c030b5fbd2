import { eq, inArray } from 'drizzle-orm';
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
} from '../db/schema.js';
import type { Deps } from './deps.js';

/** Bumped whenever the export's shape changes, so tools reading old files can tell. */
export const EXPORT_SCHEMA_VERSION = 1;

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
            dmsReachable: owner.dmsReachable,
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
    };
  });
}

/** Deletes everything about an owner; afterwards the bot knows nothing of them. */
export function deleteOwnerData(deps: Pick<Deps, 'db'>, ownerId: string): { cats: number; sessions: number } {
  return deps.db.transaction((tx) => {
    const catRows = tx.select({ id: cats.id }).from(cats).where(eq(cats.ownerId, ownerId)).all();
    const sessionCount = catRows.length
      ? tx
          .select({ id: sessions.id })
          .from(sessions)
          .where(
            inArray(
              sessions.catId,
              catRows.map((c) => c.id),
            ),
          )
          .all().length
      : 0;
    // Foreign keys cascade from owners to every table that holds owner data.
    tx.delete(owners).where(eq(owners.id, ownerId)).run();
    tx.update(guildSettings).set({ updatedBy: null }).where(eq(guildSettings.updatedBy, ownerId)).run();
    return { cats: catRows.length, sessions: sessionCount };
  });
}
