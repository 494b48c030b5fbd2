/**
 * The owner row as the check-in fan-out reads it: hand-written SQL mapped by hand, because drizzle's row
 * mapping of all thirteen columns cost more than SQLite's indexed read itself (bench item 5; it runs twice
 * per DM). test/db/checkInOwner.test.ts holds it equal to drizzle's row, so a column added to `owners`
 * and not to the SQL below fails there.
 */
import type Database from 'better-sqlite3';
import type { OwnerRecord } from '../../services/store/owners.js';
import type { Db } from './client.js';

interface RawOwner {
  id: string;
  timezone: string | null;
  checkInTime: string | null;
  nextCheckInAt: number | null;
  paused: number;
  pausedUntil: number | null;
  pausedReason: 'owner' | 'silence' | null;
  dmChannelId: string | null;
  dmsReachable: number;
  dmsNoticePending: number;
  autoShare: number;
  lastActivityAt: number | null;
  createdAt: number;
}

type Sqlite = Db['$client'];

// Unquoted names, so it never shares a compiled statement with drizzle's.
const OWNER_SQL = `SELECT id, timezone, check_in_time AS checkInTime, next_check_in_at AS nextCheckInAt, paused,
  paused_until AS pausedUntil, paused_reason AS pausedReason, dm_channel_id AS dmChannelId,
  dms_reachable AS dmsReachable, dms_notice_pending AS dmsNoticePending, auto_share AS autoShare,
  last_activity_at AS lastActivityAt, created_at AS createdAt
 FROM owners WHERE id = ?`;

const statements = new WeakMap<Sqlite, Database.Statement<[string], RawOwner>>();

function statementOf(sqlite: Sqlite): Database.Statement<[string], RawOwner> {
  let statement = statements.get(sqlite);
  if (statement === undefined) {
    statement = sqlite.prepare<[string], RawOwner>(OWNER_SQL);
    statements.set(sqlite, statement);
  }
  return statement;
}

const dateOrNull = (ms: number | null): Date | null => (ms === null ? null : new Date(ms));

/** One owner, read and mapped by hand (undefined: no such owner). */
export function readOwnerForCheckIn(db: Db, ownerId: string): OwnerRecord | undefined {
  const raw = statementOf(db.$client).get(ownerId);
  if (raw === undefined) return undefined;
  return {
    id: raw.id,
    timezone: raw.timezone,
    checkInTime: raw.checkInTime,
    nextCheckInAt: dateOrNull(raw.nextCheckInAt),
    paused: raw.paused !== 0,
    pausedUntil: dateOrNull(raw.pausedUntil),
    pausedReason: raw.pausedReason,
    dmChannelId: raw.dmChannelId,
    dmsReachable: raw.dmsReachable !== 0,
    dmsNoticePending: raw.dmsNoticePending !== 0,
    autoShare: raw.autoShare !== 0,
    lastActivityAt: dateOrNull(raw.lastActivityAt),
    createdAt: new Date(raw.createdAt),
  };
}
