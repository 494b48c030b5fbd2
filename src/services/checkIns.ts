/**
 * Daily check-ins by DM: the owner's settings (/checkin set, pause, resume, status, "Skipped today")
 * and the tick that sends what is due.
 *
 * Exactly once per owner and local day: the tick claims (owner, local date) in check_in_sends with
 * INSERT … ON CONFLICT DO NOTHING in the same IMMEDIATE transaction that moves next_check_in_at
 * forward, before anything is sent. A second tick, a restart or a second process finds either the
 * owner no longer due or the claim taken, and sends nothing.
 *
 * Crash policy (a claim taken, its send never recorded):
 * - While sending, next_check_in_at holds a short lease (claim + staleClaimMinutes) instead of the
 *   next day's time; recording the outcome hands back the real next time. So an interrupted send
 *   makes the owner due again a couple of minutes later, through the same indexed query.
 * - Then a claim still 'claimed' and at most resendWithinMinutes old is re-sent ONCE, with the SAME
 *   nonce (derived from owner + local date). If the first send did reach Discord, enforce_nonce makes
 *   Discord return that message instead of posting a second one.
 * - A claim older than that (the bot was down longer than Discord's nonce memory) or already retried
 *   is marked 'failed' and not sent: at most one visible message per day beats a possible duplicate.
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { Db, Queryable } from '../db/sqlite/client.js';
import { checkInSends, owners, pauses, skips } from '../db/sqlite/schema.js';
import {
  CHECK_IN_POLICY,
  checkInKind,
  checkInNonce,
  quietDays,
  staleClaimAction,
  timeliness,
  type CheckInKind,
} from '../domain/checkInPolicy.js';
import {
  addDays,
  formatLocal,
  isValidTimeZone,
  localDateOf,
  localTimeOf,
  nextCheckInAt,
  normaliseTimeZone,
  parseTimeOfDay,
  zonedInstant,
  type LocalDate,
  type TimeOfDay,
} from '../domain/schedule.js';
import {
  AUTO_PAUSE_TEXT,
  CHECK_IN_OPENERS,
  NUDGE_LINES,
  checkInConfirmText,
  checkInHint,
  nextTinyStep,
  pausedLine,
  pick,
  resumedLine,
  seedFrom,
  skipTodayLine,
} from '../domain/words.js';
import { stageInfo } from '../domain/stages.js';
import { catStage, ensureOwner, findOwner, touchActivity, type OwnerRow } from './legacyDb.js';
import type { Deps } from './deps.js';
import { UserFacingError } from './errors.js';
import { LIMITS } from './limits.js';
import { ownerTimezone } from './owners.js';
import { DeliveryError, type DmResult, type DmView } from './ports.js';

const MINUTE_MS = 60_000;

/** Marks a claim whose one re-send has been attempted (stored in check_in_sends.error). */
const RESENT_MARK = 'interrupted; re-sent once with the same nonce';

// ---------------------------------------------------------------------------------------------
// Settings

export interface SetCheckInView {
  /** 'HH:MM', 24 h. */
  readonly time: string;
  /** Canonical IANA name. */
  readonly timezone: string;
  readonly nextAt: Date;
  /** The next check-in in the owner's local time, e.g. 'Wed 25 Nov, 19:30'. */
  readonly nextLocal: string;
  /** True when this also ended a pause. */
  readonly resumed: boolean;
}

export interface CheckInStatusView {
  readonly enabled: boolean;
  readonly time: string | null;
  readonly timezone: string | null;
  readonly nextAt: Date | null;
  readonly nextLocal: string | null;
  readonly paused: boolean;
  readonly pausedReason: 'owner' | 'silence' | null;
  readonly pausedUntil: Date | null;
  readonly pausedUntilLocal: string | null;
  readonly dmsReachable: boolean;
}

export interface PauseView {
  readonly until: Date | null;
  readonly untilLocal: string | null;
  readonly text: string;
}

export interface ResumeView extends CheckInStatusView {
  readonly text: string;
}

export interface SkipView {
  readonly localDate: LocalDate;
  readonly alreadySkipped: boolean;
  readonly text: string;
}

function formatTime(time: TimeOfDay): string {
  return `${String(time.hour).padStart(2, '0')}:${String(time.minute).padStart(2, '0')}`;
}

function parseTimeInput(input: string): TimeOfDay {
  const time = parseTimeOfDay(input);
  if (time === null) {
    throw new UserFacingError(
      'invalid_time',
      'I could not read that time. Use 24-hour HH:MM, like 07:30 or 19:00.',
    );
  }
  return time;
}

function parseZoneInput(input: string): string {
  const zone = normaliseTimeZone(input);
  if (zone === null) {
    throw new UserFacingError(
      'invalid_timezone',
      'I do not know that time zone. Pick one from the list as you type: a name like Europe/Berlin or America/New_York.',
    );
  }
  return zone;
}

interface OwnerSchedule {
  readonly time: TimeOfDay;
  readonly tz: string;
}

/** The owner's stored check-in time and zone, or null when check-ins were never set up (or are unusable). */
function scheduleOf(owner: Pick<OwnerRow, 'checkInTime' | 'timezone'>): OwnerSchedule | null {
  if (owner.checkInTime === null || owner.timezone === null) return null;
  const time = parseTimeOfDay(owner.checkInTime);
  if (time === null || !isValidTimeZone(owner.timezone)) return null;
  return { time, tz: owner.timezone };
}

function requireSchedule(owner: OwnerRow | undefined): { owner: OwnerRow; schedule: OwnerSchedule } {
  const schedule = owner === undefined ? null : scheduleOf(owner);
  if (owner === undefined || schedule === null) {
    throw new UserFacingError(
      'not_set_up',
      'You have no daily check-in yet. Set one with `/checkin set time:19:00 timezone:Europe/Berlin`.',
    );
  }
  return { owner, schedule };
}

/** The first check-in at or after a pause's end. */
function firstAfterPause(until: Date, now: Date, schedule: OwnerSchedule): Date {
  const after = until.getTime() > now.getTime() ? new Date(until.getTime() - 1) : now;
  return nextCheckInAt(after, schedule.time, schedule.tz);
}

/** Where next_check_in_at belongs for the owner's current settings (null: nothing to wake up for). */
function plannedNext(owner: OwnerRow, now: Date): Date | null {
  const schedule = scheduleOf(owner);
  if (schedule === null) return null;
  if (owner.paused)
    return owner.pausedUntil === null ? null : firstAfterPause(owner.pausedUntil, now, schedule);
  return nextCheckInAt(now, schedule.time, schedule.tz);
}

/** Closes the owner's open pause row (if any) at `at`, so the streak freezes exactly over the pause. */
function endOpenPause(db: Queryable, ownerId: string, at: Date): void {
  db.update(pauses)
    .set({ endedAt: at })
    .where(and(eq(pauses.ownerId, ownerId), isNull(pauses.endedAt)))
    .run();
}

function isPausedAt(owner: OwnerRow, now: Date): boolean {
  return owner.paused && (owner.pausedUntil === null || owner.pausedUntil.getTime() > now.getTime());
}

function statusOf(owner: OwnerRow | undefined, now: Date): CheckInStatusView {
  const schedule = owner === undefined ? null : scheduleOf(owner);
  if (owner === undefined || schedule === null) {
    return {
      enabled: false,
      time: null,
      timezone: owner?.timezone ?? null,
      nextAt: null,
      nextLocal: null,
      paused: false,
      pausedReason: null,
      pausedUntil: null,
      pausedUntilLocal: null,
      dmsReachable: owner?.dmsReachable ?? true,
    };
  }
  const paused = isPausedAt(owner, now);
  const stored = owner.nextCheckInAt;
  let nextAt: Date | null;
  if (paused) nextAt = owner.pausedUntil === null ? null : firstAfterPause(owner.pausedUntil, now, schedule);
  else nextAt = stored !== null && stored.getTime() > now.getTime() ? stored : plannedNext(owner, now);
  const pausedUntil = paused ? owner.pausedUntil : null;
  return {
    enabled: true,
    time: formatTime(schedule.time),
    timezone: schedule.tz,
    nextAt,
    nextLocal: nextAt === null ? null : formatLocal(nextAt, schedule.tz),
    paused,
    pausedReason: paused ? owner.pausedReason : null,
    pausedUntil,
    pausedUntilLocal: pausedUntil === null ? null : formatLocal(pausedUntil, schedule.tz),
    dmsReachable: owner.dmsReachable,
  };
}

/**
 * /checkin set: validates and stores the time ('HH:MM') and canonical zone, schedules the next check-in
 * strictly after now, ends any pause and gives closed DMs a new try. Follow with confirmCheckInDm.
 */
export function setCheckIn(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: { ownerId: string; time: string; timezone: string },
): SetCheckInView {
  const time = parseTimeInput(input.time);
  const timezone = parseZoneInput(input.timezone);
  const now = deps.clock.now();
  const nextAt = nextCheckInAt(now, time, timezone);
  return deps.db.transaction(
    (tx) => {
      const owner = ensureOwner(tx, input.ownerId, now);
      const resumed = owner.paused;
      if (resumed) endOpenPause(tx, owner.id, now);
      tx.update(owners)
        .set({
          timezone,
          checkInTime: formatTime(time),
          nextCheckInAt: nextAt,
          paused: false,
          pausedUntil: null,
          pausedReason: null,
          dmsReachable: true,
          dmsNoticePending: false,
        })
        .where(eq(owners.id, owner.id))
        .run();
      // Setting up (or changing) check-ins counts as showing up: quiet days start from here.
      touchActivity(tx, owner.id, now);
      return {
        time: formatTime(time),
        timezone,
        nextAt,
        nextLocal: formatLocal(nextAt, timezone),
        resumed,
      };
    },
    { behavior: 'immediate' },
  );
}

/**
 * Sends the short "all set" DM after /checkin set (or resume), so closed DMs are found at once.
 * Resolves to whether it arrived. Closed DMs mark the owner unreachable (check-ins stop trying) with
 * no notice pending: the caller tells the owner right away from the result, so the next command does not
 * say it again.
 */
export async function confirmCheckInDm(
  deps: Pick<Deps, 'db' | 'notifier' | 'logger'>,
  ownerId: string,
): Promise<boolean> {
  const owner = findOwner(deps.db, ownerId);
  const schedule = owner === undefined ? null : scheduleOf(owner);
  if (owner === undefined || schedule === null) return false;
  try {
    const result = await deps.notifier.sendDm({
      ownerId,
      dmChannelId: owner.dmChannelId,
      message: { kind: 'text', text: checkInConfirmText(formatTime(schedule.time), schedule.tz) },
    });
    deps.db
      .update(owners)
      .set({ dmChannelId: result.dmChannelId, dmsReachable: true })
      .where(eq(owners.id, ownerId))
      .run();
    return true;
  } catch (error) {
    if (error instanceof DeliveryError && error.reason === 'dms_closed') {
      deps.db
        .update(owners)
        .set({ dmsReachable: false, dmsNoticePending: false })
        .where(eq(owners.id, ownerId))
        .run();
    } else {
      deps.logger.warn({ err: error, ownerId }, 'check-in confirmation DM failed');
    }
    return false;
  }
}

/** /checkin pause: for 1–60 days, or until resumed (days omitted). Recorded in `pauses` so streaks freeze. */
export function pauseCheckIns(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: { ownerId: string; days?: number | null | undefined },
): PauseView {
  const days = input.days ?? null;
  if (days !== null && (!Number.isInteger(days) || days < 1 || days > LIMITS.maxPauseDays)) {
    throw new UserFacingError(
      'invalid_days',
      `Pause for a whole number of days from 1 to ${LIMITS.maxPauseDays}, or leave \`days\` out to pause until you resume.`,
    );
  }
  const now = deps.clock.now();
  return deps.db.transaction(
    (tx) => {
      const { owner, schedule } = requireSchedule(findOwner(tx, input.ownerId));
      let until: Date | null = null;
      if (days !== null) {
        const local = localTimeOf(now, schedule.tz);
        until = zonedInstant(addDays(local.date, days), local.hour, local.minute, schedule.tz);
      }
      if (!isPausedAt(owner, now)) {
        // A timed pause that ran out but was not yet noticed by the tick ends where it was meant to.
        if (owner.paused && owner.pausedUntil !== null) endOpenPause(tx, owner.id, owner.pausedUntil);
        tx.insert(pauses).values({ ownerId: owner.id, startedAt: now }).run();
      }
      const next = until === null ? null : firstAfterPause(until, now, schedule);
      tx.update(owners)
        .set({ paused: true, pausedUntil: until, pausedReason: 'owner', nextCheckInAt: next })
        .where(eq(owners.id, owner.id))
        .run();
      const untilLocal = until === null ? null : formatLocal(until, schedule.tz);
      return { until, untilLocal, text: pausedLine(untilLocal) };
    },
    { behavior: 'immediate' },
  );
}

/** /checkin resume: ends a pause, gives closed DMs a new try and schedules the next check-in. */
export function resumeCheckIns(deps: Pick<Deps, 'db' | 'clock'>, input: { ownerId: string }): ResumeView {
  const now = deps.clock.now();
  return deps.db.transaction(
    (tx) => {
      const { owner, schedule } = requireSchedule(findOwner(tx, input.ownerId));
      if (owner.paused) endOpenPause(tx, owner.id, now);
      const next = nextCheckInAt(now, schedule.time, schedule.tz);
      const updated = tx
        .update(owners)
        .set({
          paused: false,
          pausedUntil: null,
          pausedReason: null,
          dmsReachable: true,
          dmsNoticePending: false,
          nextCheckInAt: next,
        })
        .where(eq(owners.id, owner.id))
        .returning()
        .get();
      const status = statusOf(updated, now);
      return { ...status, text: resumedLine(status.nextLocal) };
    },
    { behavior: 'immediate' },
  );
}

/** /checkin status: next check-in in local time, paused or not, DMs reachable or not. */
export function checkInStatus(deps: Pick<Deps, 'db' | 'clock'>, ownerId: string): CheckInStatusView {
  return statusOf(findOwner(deps.db, ownerId), deps.clock.now());
}

/** "Skipped today": activity (quiet days restart), not practice (the streak does not count it). */
export function skipToday(deps: Pick<Deps, 'db' | 'clock'>, input: { ownerId: string }): SkipView {
  const now = deps.clock.now();
  return deps.db.transaction((tx) => {
    const owner = ensureOwner(tx, input.ownerId, now);
    const localDate = localDateOf(now, ownerTimezone(owner));
    const inserted = tx
      .insert(skips)
      .values({ ownerId: owner.id, localDate, at: now })
      .onConflictDoNothing()
      .returning({ ownerId: skips.ownerId })
      .all();
    touchActivity(tx, owner.id, now);
    return {
      localDate,
      alreadySkipped: inserted.length === 0,
      text: skipTodayLine(seedFrom(owner.id, localDate)),
    };
  });
}

// ---------------------------------------------------------------------------------------------
// The tick

export interface CheckInRunSummary {
  /** Owners the due query returned. */
  due: number;
  /** DMs delivered (check-ins, nudges, auto-pause notes, re-sends). */
  sent: number;
  /** Of those, nudges. */
  nudged: number;
  /** Owners paused for silence this run (told once). */
  autoPaused: number;
  /** Sends that failed, and owners that hit an unexpected error. */
  failed: number;
  /** Missed check-ins outside the grace window: recorded as 'skipped', not sent. */
  skippedLate: number;
  /** Interrupted sends retried with their nonce. */
  resent: number;
  /** Paused or unreachable owners: rescheduled, nothing sent. */
  held: number;
  /** The day was already claimed (another tick or process, or an earlier send today). */
  alreadyClaimed: number;
}

export interface RunOptions {
  /** Owners fetched per due query. */
  readonly batchSize?: number;
  /**
   * DMs in flight at once. discord.js queues per route and respects the global 50/s limit; this
   * only bounds how much we hand it at a time.
   */
  readonly concurrency?: number;
  /** Upper bound on due queries per run; the next tick picks up the rest. */
  readonly maxBatches?: number;
  /**
   * Owners claimed per transaction (one commit, so one fsync, for all of them). Claims are taken
   * just ahead of the sends, so a claim waits at most one chunk of sends for its turn.
   */
  readonly claimChunk?: number;
  /** Send results stored per transaction… */
  readonly recordChunk?: number;
  /** …or after this long, whichever comes first (far below the claim's lease, staleClaimMinutes). */
  readonly recordWindowMs?: number;
}

const DEFAULTS = {
  batchSize: 500,
  concurrency: 8,
  maxBatches: 200,
  claimChunk: 50,
  recordChunk: 50,
  recordWindowMs: 250,
} as const;

// ---------------------------------------------------------------------------------------------
// Hot statements: compiled once per connection. The tick runs these for every due owner, where
// drizzle's query building and row mapping cost more than SQLite itself (bench items 4 and 5).
// The SQL texts use unquoted names, so they never share a compiled statement with drizzle's.

type Sqlite = Db['$client'];

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

interface RawClaim {
  localDate: LocalDate;
  kind: 'checkin' | 'nudge' | 'auto_pause' | 'confirm';
  claimedAt: number;
  error: string | null;
}

function hotStatementsOf(sqlite: Sqlite) {
  return {
    due: sqlite
      .prepare<[number, number], string>(
        'SELECT id FROM owners WHERE next_check_in_at <= ? ORDER BY next_check_in_at LIMIT ?',
      )
      .pluck(),
    owner: sqlite.prepare<[string], RawOwner>(
      `SELECT id, timezone, check_in_time AS checkInTime, next_check_in_at AS nextCheckInAt, paused,
        paused_until AS pausedUntil, paused_reason AS pausedReason, dm_channel_id AS dmChannelId,
        dms_reachable AS dmsReachable, dms_notice_pending AS dmsNoticePending, auto_share AS autoShare,
        last_activity_at AS lastActivityAt, created_at AS createdAt
       FROM owners WHERE id = ?`,
    ),
    openClaim: sqlite.prepare<[string], RawClaim>(
      `SELECT local_date AS localDate, kind, claimed_at AS claimedAt, error FROM check_in_sends
       WHERE owner_id = ? AND status = 'claimed' ORDER BY local_date DESC LIMIT 1`,
    ),
    lastPauseEnd: sqlite
      .prepare<[string], number | null>('SELECT max(ended_at) FROM pauses WHERE owner_id = ?')
      .pluck(),
    claim: sqlite.prepare<[string, string, string, number]>(
      `INSERT INTO check_in_sends (owner_id, local_date, kind, claimed_at, status)
       VALUES (?, ?, ?, ?, 'claimed') ON CONFLICT DO NOTHING`,
    ),
    setNext: sqlite.prepare<[number | null, string]>('UPDATE owners SET next_check_in_at = ? WHERE id = ?'),
    cats: sqlite.prepare<[string], { id: number; name: string; stage: string }>(
      'SELECT id, name, stage FROM cats WHERE owner_id = ? ORDER BY created_at, id',
    ),
    sent: sqlite.prepare<[number, string, string, string]>(
      `UPDATE check_in_sends SET status = 'sent', sent_at = ?, message_id = ?
       WHERE owner_id = ? AND local_date = ?`,
    ),
    failed: sqlite.prepare<[string, string, string]>(
      "UPDATE check_in_sends SET status = 'failed', error = ? WHERE owner_id = ? AND local_date = ?",
    ),
    dmChannel: sqlite.prepare<[string, string]>('UPDATE owners SET dm_channel_id = ? WHERE id = ?'),
    unreachable: sqlite.prepare<[string]>(
      'UPDATE owners SET dms_reachable = 0, dms_notice_pending = 1 WHERE id = ?',
    ),
  };
}

type HotStatements = ReturnType<typeof hotStatementsOf>;

const hotStatementCache = new WeakMap<Sqlite, HotStatements>();

function hotStatements(db: Db): HotStatements {
  let statements = hotStatementCache.get(db.$client);
  if (statements === undefined) {
    statements = hotStatementsOf(db.$client);
    hotStatementCache.set(db.$client, statements);
  }
  return statements;
}

const dateOrNull = (ms: number | null): Date | null => (ms === null ? null : new Date(ms));

function readOwner(s: HotStatements, ownerId: string): OwnerRow | undefined {
  const raw = s.owner.get(ownerId);
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

/**
 * The owner row as the check-in fan-out reads it (hand-mapped SQL, for speed), exported so a test can
 * hold it equal to drizzle's row: a column added to `owners` and not to the SQL above fails there.
 */
export function readOwnerForCheckIn(db: Db, ownerId: string): OwnerRow | undefined {
  return readOwner(hotStatements(db), ownerId);
}

function setNextFast(s: HotStatements, ownerId: string, next: Date | null): void {
  s.setNext.run(next === null ? null : next.getTime(), ownerId);
}

/**
 * The scheduler's only query: owners due by `now`, oldest first, on owners_next_check_in_idx
 * (a range scan of the index, ~0.1 ms however many owners there are). Ids only, no row mapping.
 */
export function dueOwnerIds(db: Db, now: Date, limit: number): string[] {
  // pluck is set on every call: it is per statement, and cheap.
  return hotStatements(db).due.pluck(true).all(now.getTime(), limit);
}

interface SendPlan {
  readonly type: 'send';
  readonly ownerId: string;
  readonly localDate: LocalDate;
  readonly kind: CheckInKind;
  readonly dmChannelId: string | null;
  readonly message: DmView;
  readonly nonce: string;
  /** The next_check_in_at written with the claim; recording hands back the real time only if unchanged. */
  readonly lease: Date;
  readonly resend: boolean;
}

type Plan =
  | SendPlan
  | { readonly type: 'done'; readonly outcome: 'notDue' | 'held' | 'skippedLate' | 'alreadyClaimed' };

function toKind(kind: 'checkin' | 'nudge' | 'auto_pause' | 'confirm'): CheckInKind {
  return kind === 'confirm' ? 'checkin' : kind;
}

/** Today's DM for the owner: the cats with today's tiny step (varied per cat and day), or the pause note. */
function buildMessage(s: HotStatements, ownerId: string, localDate: LocalDate, kind: CheckInKind): DmView {
  if (kind === 'auto_pause') return { kind: 'text', text: AUTO_PAUSE_TEXT };
  const seed = seedFrom(ownerId, localDate);
  const cats = s.cats.all(ownerId).map((row) => {
    const stage = catStage(row);
    const info = stageInfo(stage);
    return {
      id: row.id,
      name: row.name,
      stageName: info.name,
      position: info.position,
      step: nextTinyStep(stage, seedFrom(row.id, localDate)),
    };
  });
  return {
    kind: 'checkIn',
    view: {
      ownerId,
      localDate,
      nudge: kind === 'nudge',
      opener: kind === 'nudge' ? pick(NUDGE_LINES, seed) : pick(CHECK_IN_OPENERS, seed),
      cats,
      hint: checkInHint(cats.length > 0, seed),
    },
  };
}

/** Quiet days count from the latest of: a session or skip (or setup), the end of a pause, the first visit. */
function activityBaseline(s: HotStatements, owner: OwnerRow): Date {
  const lastPauseEnd = s.lastPauseEnd.get(owner.id) ?? null;
  const candidates = [owner.createdAt.getTime(), owner.lastActivityAt?.getTime() ?? null, lastPauseEnd];
  return new Date(Math.max(...candidates.filter((t): t is number => t !== null)));
}

function leaseFrom(now: Date): Date {
  return new Date(now.getTime() + CHECK_IN_POLICY.staleClaimMinutes * MINUTE_MS);
}

function sendPlan(
  owner: OwnerRow,
  localDate: LocalDate,
  kind: CheckInKind,
  message: DmView,
  lease: Date,
  resend: boolean,
): SendPlan {
  return {
    type: 'send',
    ownerId: owner.id,
    localDate,
    kind,
    dmChannelId: owner.dmChannelId,
    message,
    nonce: checkInNonce(owner.id, localDate),
    lease,
    resend,
  };
}

/**
 * Decides, claims and reschedules one due owner. Runs inside claimOwners' IMMEDIATE transaction (so
 * two processes serialise there). Re-reads the owner: whoever got here first already moved
 * next_check_in_at. The common path uses the hot statements; the rare ones (interrupted sends, pauses,
 * late days) use drizzle on the same connection.
 */
function planOwner(db: Db, s: HotStatements, ownerId: string, now: Date): Plan {
  let owner = readOwner(s, ownerId);
  if (owner?.nextCheckInAt == null || owner.nextCheckInAt.getTime() > now.getTime()) {
    return { type: 'done', outcome: 'notDue' };
  }
  const schedule = scheduleOf(owner);
  if (schedule === null) {
    setNextFast(s, ownerId, null);
    return { type: 'done', outcome: 'held' };
  }
  const { tz } = schedule;

  // An earlier send that never recorded its outcome (see the crash policy at the top).
  const open = s.openClaim.get(ownerId);
  if (open) {
    const claimKey = and(eq(checkInSends.ownerId, ownerId), eq(checkInSends.localDate, open.localDate));
    const action = staleClaimAction(new Date(open.claimedAt), now, open.error === RESENT_MARK);
    if (action === 'wait') {
      // Someone may still be sending it; look again once the claim is stale.
      setNextFast(s, ownerId, leaseFrom(new Date(open.claimedAt)));
      return { type: 'done', outcome: 'alreadyClaimed' };
    }
    const kind = toKind(open.kind);
    const mayResend = owner.dmsReachable && (!owner.paused || kind === 'auto_pause');
    if (action === 'resend' && mayResend) {
      db.update(checkInSends).set({ error: RESENT_MARK }).where(claimKey).run();
      const lease = leaseFrom(now);
      setNextFast(s, ownerId, lease);
      const message = buildMessage(s, ownerId, open.localDate, kind);
      return sendPlan(owner, open.localDate, kind, message, lease, true);
    }
    db.update(checkInSends)
      .set({
        status: 'failed',
        error:
          action === 'abandon'
            ? 'interrupted; not re-sent (retried already, or too old for nonce deduplication)'
            : 'interrupted; not re-sent (paused or DMs closed since)',
      })
      .where(claimKey)
      .run();
    // Then carry on: this owner may also be due for a later day.
  }

  const due = owner.nextCheckInAt;
  if (owner.paused) {
    if (owner.pausedUntil === null || owner.pausedUntil.getTime() > now.getTime()) {
      setNextFast(s, ownerId, plannedNext(owner, now));
      return { type: 'done', outcome: 'held' };
    }
    endOpenPause(db, ownerId, owner.pausedUntil);
    db.update(owners)
      .set({ paused: false, pausedUntil: null, pausedReason: null })
      .where(eq(owners.id, ownerId))
      .run();
    owner = { ...owner, paused: false, pausedUntil: null, pausedReason: null };
  }
  if (!owner.dmsReachable) {
    setNextFast(s, ownerId, plannedNext(owner, now));
    return { type: 'done', outcome: 'held' };
  }

  const localDate = localDateOf(due, tz);
  if (timeliness(due, localDate, now, tz) === 'too_late') {
    db.insert(checkInSends)
      .values({
        ownerId,
        localDate,
        kind: 'checkin',
        claimedAt: now,
        status: 'skipped',
        error: `due ${due.toISOString()}; outside the grace window`,
      })
      .onConflictDoNothing()
      .run();
    setNextFast(s, ownerId, plannedNext(owner, now));
    return { type: 'done', outcome: 'skippedLate' };
  }

  const quiet = quietDays(localDateOf(activityBaseline(s, owner), tz), localDate);
  const kind = checkInKind(quiet);
  if (s.claim.run(ownerId, localDate, kind, now.getTime()).changes === 0) {
    setNextFast(s, ownerId, plannedNext(owner, now));
    return { type: 'done', outcome: 'alreadyClaimed' };
  }
  if (kind === 'auto_pause') {
    db.update(owners)
      .set({ paused: true, pausedUntil: null, pausedReason: 'silence' })
      .where(eq(owners.id, ownerId))
      .run();
    db.insert(pauses).values({ ownerId, startedAt: now }).run();
  }
  const lease = leaseFrom(now);
  setNextFast(s, ownerId, lease);
  return sendPlan(owner, localDate, kind, buildMessage(s, ownerId, localDate, kind), lease, false);
}

/**
 * Plans and claims a chunk of due owners in ONE IMMEDIATE transaction: one commit (one fsync with
 * synchronous=FULL) for all their claims, still before anything is sent. Each owner runs in its own
 * savepoint, so one broken row is rolled back alone and retried later without holding up the others.
 */
function claimOwners(deps: Deps, ids: readonly string[], summary: CheckInRunSummary): SendPlan[] {
  const now = deps.clock.now();
  const s = hotStatements(deps.db);
  const sqlite = deps.db.$client;
  const planOne = sqlite.transaction((ownerId: string) => planOwner(deps.db, s, ownerId, now));
  const plans: SendPlan[] = [];
  const claimAll = sqlite.transaction(() => {
    plans.length = 0;
    for (const ownerId of ids) {
      let plan: Plan;
      try {
        plan = planOne(ownerId);
      } catch (error) {
        summary.failed++;
        deps.logger.error({ err: error, ownerId }, 'check-in planning failed');
        // Move on, so one broken row does not hold the queue or fail every minute.
        setNextFast(s, ownerId, new Date(now.getTime() + CHECK_IN_POLICY.retryAfterErrorMinutes * MINUTE_MS));
        continue;
      }
      if (plan.type === 'done') {
        if (plan.outcome !== 'notDue') summary[plan.outcome]++;
        continue;
      }
      if (plan.kind === 'auto_pause') summary.autoPaused++;
      if (plan.resend) summary.resent++;
      plans.push(plan);
    }
  });
  try {
    claimAll.immediate();
  } catch (error) {
    // Nothing of this chunk was claimed (the transaction rolled back): nothing is sent, the owners stay due.
    summary.failed += ids.length;
    deps.logger.error({ err: error, owners: ids.length }, 'check-in claims failed');
    return [];
  }
  return plans;
}

type SendResult =
  { readonly ok: true; readonly result: DmResult } | { readonly ok: false; readonly error: unknown };

interface Outcome {
  readonly plan: SendPlan;
  readonly result: SendResult;
  readonly at: Date;
}

function errorText(error: unknown): string {
  return (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(0, 500);
}

/** Stores what one send did, and hands the schedule back unless settings changed meanwhile. */
function recordOutcome(s: HotStatements, { plan, result, at }: Outcome): void {
  if (result.ok) {
    s.sent.run(at.getTime(), result.result.messageId, plan.ownerId, plan.localDate);
    s.dmChannel.run(result.result.dmChannelId, plan.ownerId);
  } else {
    const closed = result.error instanceof DeliveryError && result.error.reason === 'dms_closed';
    s.failed.run(closed ? 'dms_closed' : errorText(result.error), plan.ownerId, plan.localDate);
    if (closed) s.unreachable.run(plan.ownerId);
  }
  const owner = readOwner(s, plan.ownerId);
  if (owner?.nextCheckInAt?.getTime() === plan.lease.getTime()) {
    setNextFast(s, plan.ownerId, plannedNext(owner, at));
  }
}

/**
 * Stores send results in batches: one IMMEDIATE transaction per `recordChunk` results or per
 * `recordWindowMs`, whichever comes first, and whatever is left at the end of the run.
 * Safe because a result not stored yet is exactly the crash case the policy above covers: the claim
 * stays 'claimed' with its lease and is re-sent once with the same nonce, which Discord deduplicates.
 */
class OutcomeRecorder {
  private pending: Outcome[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly deps: Deps,
    private readonly chunk: number,
    private readonly windowMs: number,
  ) {}

  add(outcome: Outcome): void {
    this.pending.push(outcome);
    if (this.pending.length >= this.chunk) this.flush();
    else if (this.timer === undefined) {
      this.timer = setTimeout(() => {
        this.flush();
      }, this.windowMs);
      // Never what keeps the process alive: the run's own end flushes whatever is left.
      this.timer.unref();
    }
  }

  flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    const s = hotStatements(this.deps.db);
    try {
      this.deps.db.$client
        .transaction(() => {
          for (const outcome of batch) recordOutcome(s, outcome);
        })
        .immediate();
    } catch (error) {
      // The claims stay 'claimed' with their lease: the next tick re-sends them with the same nonce.
      for (const { plan } of batch) {
        this.deps.logger.error(
          { err: error, ownerId: plan.ownerId, localDate: plan.localDate },
          'recording a check-in failed',
        );
      }
    }
  }
}

function emptySummary(): CheckInRunSummary {
  return {
    due: 0,
    sent: 0,
    nudged: 0,
    autoPaused: 0,
    failed: 0,
    skippedLate: 0,
    resent: 0,
    held: 0,
    alreadyClaimed: 0,
  };
}

async function sendPlanned(deps: Deps, plan: SendPlan, summary: CheckInRunSummary): Promise<SendResult> {
  try {
    const result = await deps.notifier.sendDm({
      ownerId: plan.ownerId,
      dmChannelId: plan.dmChannelId,
      message: plan.message,
      nonce: plan.nonce,
    });
    summary.sent++;
    if (plan.kind === 'nudge') summary.nudged++;
    return { ok: true, result };
  } catch (error) {
    summary.failed++;
    const closed = error instanceof DeliveryError && error.reason === 'dms_closed';
    if (!closed) {
      deps.logger.warn(
        { err: error, ownerId: plan.ownerId, localDate: plan.localDate },
        'check-in DM failed',
      );
    }
    return { ok: false, error };
  }
}

/**
 * Sends to the due owners, `concurrency` at a time. Owners are claimed `claimChunk` at a time, just
 * before the first of them is sent (a worker that finds no claimed owner left claims the next chunk),
 * so claims never wait long for their send and never run far ahead of it.
 */
async function sendToDue(
  deps: Deps,
  ids: readonly string[],
  settings: Required<Pick<RunOptions, 'concurrency' | 'claimChunk'>>,
  recorder: OutcomeRecorder,
  summary: CheckInRunSummary,
): Promise<void> {
  let next = 0;
  const queue: SendPlan[] = [];
  const take = (): SendPlan | undefined => {
    while (queue.length === 0 && next < ids.length) {
      const chunk = ids.slice(next, next + settings.claimChunk);
      next += chunk.length;
      queue.push(...claimOwners(deps, chunk, summary));
    }
    return queue.shift();
  };
  const worker = async (): Promise<void> => {
    for (let plan = take(); plan !== undefined; plan = take()) {
      const result = await sendPlanned(deps, plan, summary);
      recorder.add({ plan, result, at: deps.clock.now() });
    }
  };
  const workers = Math.max(1, Math.min(settings.concurrency, ids.length));
  await Promise.allSettled(Array.from({ length: workers }, worker));
}

/**
 * One tick: sends every due check-in (once per owner and local day), nudges the quiet, pauses the
 * silent, skips what is too late to matter; failures stay with their owner. Returns what happened.
 */
export async function runDueCheckIns(deps: Deps, options: RunOptions = {}): Promise<CheckInRunSummary> {
  const settings = { ...DEFAULTS, ...options };
  const summary = emptySummary();
  const recorder = new OutcomeRecorder(deps, settings.recordChunk, settings.recordWindowMs);
  const seen = new Set<string>();
  try {
    for (let batch = 0; batch < settings.maxBatches; batch++) {
      const found = dueOwnerIds(deps.db, deps.clock.now(), settings.batchSize);
      const fresh = found.filter((id) => !seen.has(id));
      if (fresh.length === 0) break;
      for (const id of fresh) seen.add(id);
      summary.due += fresh.length;
      await sendToDue(deps, fresh, settings, recorder, summary);
      if (found.length < settings.batchSize) break;
    }
  } finally {
    recorder.flush();
  }
  deps.logger.debug({ checkIns: summary }, 'check-in run');
  return summary;
}
