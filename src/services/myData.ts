import { isStageId, stageInfo } from '../domain/stages.js';
import type { Deps } from './deps.js';
import type { SessionRecord } from './store/sessions.js';
import type { SessionTimerRecord } from './store/sessionTimers.js';

/** Bumped whenever the export's shape changes, so tools reading old files can tell. */
export const EXPORT_SCHEMA_VERSION = 4;

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
  /** The owner's session timer: the running one, or the last one that fired (since version 3). */
  readonly sessionTimer: Record<string, unknown> | null;
  /** Households (since version 4): the cats shared with them (now, or before: removedAt), and whose they are. */
  readonly coOwnerships: readonly Record<string, unknown>[];
  /** Households: the sessions they logged for cats shared with them (those cats are not theirs). */
  readonly sessionsLoggedForSharedCats: readonly Record<string, unknown>[];
}

/** Everything stored about an owner, as plain JSON-ready data. */
export async function exportOwnerData(
  deps: Pick<Deps, 'store' | 'clock'>,
  ownerId: string,
): Promise<OwnerExport> {
  const data = await deps.store.myData.snapshot(ownerId);
  const owner = data.owner;
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
    cats: data.cats.map(({ nameKey: _nameKey, ownerId: _ownerId, ...cat }) => ({
      ...cat,
      sessions: data.sessions.filter((s) => s.catId === cat.id).map(({ catId: _catId, ...s }) => s),
      stageHistory: data.stageChanges.filter((c) => c.catId === cat.id).map(({ catId: _catId, ...c }) => c),
      sharedWith: data.catCoOwners
        .filter((c) => c.catId === cat.id)
        .map(({ catId: _catId, noticePending: _notice, ...c }) => c),
    })),
    pauses: data.pauses.map((p) => ({ ...p })),
    skippedDays: data.skippedDays,
    checkIns: data.checkIns,
    sharedWins: data.sharedWins,
    servers: data.servers,
    serverSettingsChanged: data.serverSettingsChanged,
    sessionTimer: timerExport(data.sessionTimer),
    coOwnerships: data.coOwnerships.map(({ userId: _userId, noticePending: _notice, ...c }) => c),
    sessionsLoggedForSharedCats: data.sessionsLoggedForOthers.map((s) => ({ ...s })),
  };
}

/** The owner's timer as exported: what it was for and how it went (not how to reach Discord with it). */
function timerExport(timer: SessionTimerRecord | undefined): Record<string, unknown> | null {
  if (timer === undefined) return null;
  return {
    catId: timer.catId,
    minutes: timer.minutes,
    startedAt: timer.startedAt,
    endsAt: timer.endsAt,
    status: timer.status,
    deliveredVia: timer.deliveredVia,
    doneAt: timer.doneAt,
  };
}

export interface DeletePreview {
  /** Their own cats that are shared with someone: deleting removes them for those people too. */
  readonly sharedCats: readonly string[];
  /** Cats shared with them: the sessions they logged there go, the cats stay with their owners. */
  readonly catsSharedWithThem: number;
}

/** What /mydata delete's confirmation says about households, before anything is deleted. */
export async function previewDeleteOwner(deps: Pick<Deps, 'store'>, userId: string): Promise<DeletePreview> {
  const [cats, coOwners] = await Promise.all([
    deps.store.cats.listAccessible(userId),
    deps.store.households.listCoOwnersOfOwner(userId),
  ]);
  const sharedIds = new Set(coOwners.map((c) => c.catId));
  return {
    sharedCats: cats.filter((c) => c.ownerId === userId && sharedIds.has(c.id)).map((c) => c.name),
    catsSharedWithThem: cats.filter((c) => c.ownerId !== userId).length,
  };
}

export interface DeleteSummary {
  readonly cats: number;
  readonly sessions: number;
  /** Posts in servers' wins channels that credited the owner (forgotten here; see deleteOwnerEverywhere). */
  readonly sharedPosts: number;
}

/** Deletes everything about an owner; afterwards the bot knows nothing of them. */
export function deleteOwnerData(deps: Pick<Deps, 'store'>, ownerId: string): Promise<DeleteSummary> {
  return deps.store.myData.erase(ownerId);
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
  deps: Pick<Deps, 'store' | 'notifier' | 'logger'>,
  ownerId: string,
): Promise<DeleteEverywhereSummary> {
  const posts = await deps.store.myData.postsCrediting(ownerId);
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
  return { ...(await deleteOwnerData(deps, ownerId)), postsRemoved, postsLeft };
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

/** One session as a CSV row; `by` adds who logged it (households). */
function csvRow(s: SessionRecord, by?: string): (string | number | null)[] {
  const row = [
    s.at.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    s.localDate,
    isStageId(s.stage) ? stageInfo(s.stage).name : s.stage,
    s.minutes,
    s.recognised
      .map((i) => `${i.label} (${i.severity}${i.expected ? ', expected at this stage' : ''})`)
      .join('; '),
    s.outcome,
    s.note,
  ];
  return by === undefined ? row : [...row, by];
}

/**
 * A CSV of each cat's sessions, for a vet or a behaviourist; UTF-8 with a BOM so spreadsheets read names
 * right. Households: a cat of theirs that someone else logged for gets a "logged by" column, and a cat
 * shared with them gets a file of the sessions they logged for it (the rest are its owner's data).
 */
export async function exportSessionsCsv(deps: Pick<Deps, 'store'>, ownerId: string): Promise<SessionsCsv[]> {
  const data = await deps.store.myData.snapshot(ownerId);
  const used = new Set<string>();
  // Oldest first, as a timeline reads.
  const byTime = (a: SessionRecord, b: SessionRecord) => a.at.getTime() - b.at.getTime() || a.id - b.id;
  const file = (catId: number, catName: string, lines: (string | number | null)[][], suffix = '') => {
    let filename = csvFileName(catName).replace(/-sessions\.csv$/, `${suffix}-sessions.csv`);
    // Two cats can clean up to the same file name ("Mimi" and "Mimì").
    if (used.has(filename)) filename = filename.replace(/-sessions\.csv$/, `-${String(catId)}-sessions.csv`);
    used.add(filename);
    return {
      catName,
      filename,
      csv: '\uFEFF' + lines.map((cells) => cells.map(csvCell).join(',')).join('\r\n') + '\r\n',
    };
  };
  const own = data.cats.map((cat) => {
    const rows = data.sessions.filter((s) => s.catId === cat.id).sort(byTime);
    const shared = rows.some((s) => s.loggedBy !== null && s.loggedBy !== ownerId);
    const by = (s: SessionRecord) =>
      s.loggedBy === null || s.loggedBy === ownerId ? 'you' : `co-owner ${s.loggedBy}`;
    const lines = shared
      ? [[...CSV_HEADER, 'logged by'], ...rows.map((s) => csvRow(s, by(s)))]
      : [CSV_HEADER, ...rows.map((s) => csvRow(s))];
    return file(cat.id, cat.name, lines);
  });
  const sharedCats = new Map(data.coOwnerships.map((c) => [c.catId, c.catName]));
  const loggedFor = [...new Set(data.sessionsLoggedForOthers.map((s) => s.catId))];
  const others = loggedFor.map((catId) => {
    const rows = data.sessionsLoggedForOthers.filter((s) => s.catId === catId).sort(byTime);
    return file(
      catId,
      sharedCats.get(catId) ?? `cat ${String(catId)}`,
      [CSV_HEADER, ...rows.map((s) => csvRow(s))],
      '-shared',
    );
  });
  return [...own, ...others];
}
