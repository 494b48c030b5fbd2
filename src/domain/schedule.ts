/**
 * Local dates and times in an owner's IANA time zone. Pure: every instant comes in as an argument.
 * Functions that take a zone throw a RangeError for an invalid one; validate user input first with
 * `normaliseTimeZone`.
 */

/** A calendar date in some zone, 'YYYY-MM-DD'. */
export type LocalDate = string;

/** A wall-clock time of day, 24 h. */
export interface TimeOfDay {
  hour: number;
  minute: number;
}

/** A wall-clock reading of an instant in a zone; weekday 0 = Sunday. */
export interface LocalTime extends TimeOfDay {
  date: LocalDate;
  weekday: number;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/**
 * ICU (Node 20) lists CLDR's canonical names, several of which IANA has since renamed. Owners know
 * the new names (and autocomplete shows them), so we store and offer those; Intl accepts both.
 */
export const ZONE_RENAMES: ReadonlyMap<string, string> = new Map([
  ['Africa/Asmera', 'Africa/Asmara'],
  ['America/Buenos_Aires', 'America/Argentina/Buenos_Aires'],
  ['America/Catamarca', 'America/Argentina/Catamarca'],
  ['America/Cordoba', 'America/Argentina/Cordoba'],
  ['America/Jujuy', 'America/Argentina/Jujuy'],
  ['America/Mendoza', 'America/Argentina/Mendoza'],
  ['America/Coral_Harbour', 'America/Atikokan'],
  ['America/Godthab', 'America/Nuuk'],
  ['America/Indianapolis', 'America/Indiana/Indianapolis'],
  ['America/Louisville', 'America/Kentucky/Louisville'],
  ['Asia/Calcutta', 'Asia/Kolkata'],
  ['Asia/Katmandu', 'Asia/Kathmandu'],
  ['Asia/Rangoon', 'Asia/Yangon'],
  ['Asia/Saigon', 'Asia/Ho_Chi_Minh'],
  ['Atlantic/Faeroe', 'Atlantic/Faroe'],
  ['Europe/Kiev', 'Europe/Kyiv'],
  ['Pacific/Enderbury', 'Pacific/Kanton'],
  ['Pacific/Ponape', 'Pacific/Pohnpei'],
  ['Pacific/Truk', 'Pacific/Chuuk'],
]);

// Keyed by the zone string as given; an owner's zone is looked up on every tick, so build each once.
const formatters = new Map<string, Intl.DateTimeFormat>();

// Newer V8 accepts UTC offsets as zones; they are not IANA names and never follow DST, so refuse them
// everywhere rather than only on some Node versions.
const OFFSET_ZONE = /^[+\-\u2212]/;

function formatterFor(tz: string): Intl.DateTimeFormat {
  let formatter = formatters.get(tz);
  if (formatter === undefined) {
    if (OFFSET_ZONE.test(tz)) throw new RangeError(`Invalid time zone: ${tz}`);
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(tz, formatter);
  }
  return formatter;
}

// `format` is about 3x faster than `formatToParts`; matching digit runs keeps this independent of
// the separators a given ICU version puts between them (en-US order: month, day, year).
const FORMATTED = /(\d+)\D+(\d+)\D+(\d+)\D+(\d+)\D+(\d+)\D+(\d+)/;

/** Wall-clock fields of an instant in tz, as milliseconds of a UTC timestamp with the same fields. */
function wallClockMs(instantMs: number, tz: string): number {
  const match = FORMATTED.exec(formatterFor(tz).format(instantMs));
  if (match === null) throw new RangeError(`Unexpected date format for ${tz}`);
  const [, month, day, year, hour, minute, second] = match.map(Number);
  return Date.UTC(year ?? 0, (month ?? 1) - 1, day ?? 1, (hour ?? 0) % 24, minute ?? 0, second ?? 0);
}

/** Offset of tz from UTC at an instant, in ms (Berlin in summer: +7_200_000). */
function offsetMs(instantMs: number, tz: string): number {
  // Intl drops milliseconds, so compare against the instant truncated to the second.
  const wholeSecond = Math.floor(instantMs / 1000) * 1000;
  return wallClockMs(wholeSecond, tz) - wholeSecond;
}

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseLocalDate(date: LocalDate): { year: number; month: number; day: number } {
  const match = LOCAL_DATE.exec(date);
  if (match === null) throw new RangeError(`Not a YYYY-MM-DD date: ${date}`);
  const [, year, month, day] = match.map(Number);
  const parsed = { year: year ?? 0, month: month ?? 0, day: day ?? 0 };
  const probe = new Date(Date.UTC(parsed.year, parsed.month - 1, parsed.day));
  if (probe.getUTCMonth() !== parsed.month - 1 || probe.getUTCDate() !== parsed.day) {
    throw new RangeError(`No such date: ${date}`);
  }
  return parsed;
}

function localDateMs(date: LocalDate): number {
  const { year, month, day } = parseLocalDate(date);
  return Date.UTC(year, month - 1, day);
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

function formatUtcDate(ms: number): LocalDate {
  const d = new Date(ms);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** True when tz is an IANA zone name Intl knows (any case); offsets like '+05:30' are refused. */
export function isValidTimeZone(tz: string): boolean {
  if (tz === '') return false;
  try {
    formatterFor(tz);
    return true;
  } catch {
    return false;
  }
}

let canonicalByLowercase: Map<string, string> | undefined;

function canonicalNames(): Map<string, string> {
  if (canonicalByLowercase === undefined) {
    canonicalByLowercase = new Map();
    for (const name of listTimeZones()) canonicalByLowercase.set(name.toLowerCase(), name);
    for (const [legacy, modern] of ZONE_RENAMES) {
      if (canonicalByLowercase.has(modern.toLowerCase()))
        canonicalByLowercase.set(legacy.toLowerCase(), modern);
    }
  }
  return canonicalByLowercase;
}

let zoneList: readonly string[] | undefined;

/** Every zone an owner can pick, under its current IANA name, sorted, with 'UTC'. */
export function listTimeZones(): readonly string[] {
  if (zoneList === undefined) {
    const names = new Set<string>(['UTC']);
    for (const name of Intl.supportedValuesOf('timeZone')) {
      const modern = ZONE_RENAMES.get(name);
      // An older ICU may not know a new name yet; then the old one is what works.
      names.add(modern !== undefined && isValidTimeZone(modern) ? modern : name);
    }
    zoneList = Object.freeze([...names].sort());
  }
  return zoneList;
}

/** Canonical form of a user-typed zone ('europe/berlin' → 'Europe/Berlin'), or null. */
export function normaliseTimeZone(input: string): string | null {
  const cleaned = input
    .trim()
    .replace(/\s*\/\s*/g, '/')
    .replace(/\s+/g, '_');
  if (cleaned === '') return null;
  const known = canonicalNames().get(cleaned.toLowerCase());
  if (known !== undefined) return known;
  // Links Intl understands but does not list (US/Eastern, Etc/GMT+5, GMT): keep what Intl resolves.
  if (!isValidTimeZone(cleaned)) return null;
  const resolved = formatterFor(cleaned).resolvedOptions().timeZone;
  return ZONE_RENAMES.get(resolved) ?? resolved;
}

const TIME_OF_DAY = /^(\d{1,2})(?:\s*[:.h]\s*(\d{2}))?\s*(?:([ap])\.?\s*m\.?)?$/i;

/**
 * A time of day typed by an owner: '19:30', '7:05', '07.05', '7h05', '7:30 pm', '7pm'; a bare hour
 * needs am/pm, since '7' alone could mean either.
 */
export function parseTimeOfDay(input: string): TimeOfDay | null {
  const match = TIME_OF_DAY.exec(input.trim());
  if (match === null) return null;
  const [, hourText, minuteText, meridiem] = match;
  if (minuteText === undefined && meridiem === undefined) return null;
  let hour = Number(hourText);
  const minute = minuteText === undefined ? 0 : Number(minuteText);
  if (minute > 59) return null;
  if (meridiem === undefined) {
    if (hour > 23) return null;
  } else {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (meridiem.toLowerCase() === 'p' ? 12 : 0);
  }
  return { hour, minute };
}

/** The calendar date of an instant in tz. */
export function localDateOf(instant: Date, tz: string): LocalDate {
  return formatUtcDate(wallClockMs(instant.getTime(), tz));
}

/** The wall-clock date, hour, minute and weekday (0 = Sunday) of an instant in tz. */
export function localTimeOf(instant: Date, tz: string): LocalTime {
  const wall = new Date(wallClockMs(instant.getTime(), tz));
  return {
    date: formatUtcDate(wall.getTime()),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    weekday: wall.getUTCDay(),
  };
}

/** The UTC instant at which local wall-clock `date hh:mm` happens in tz. DST gap (missing time) → the first valid minute after the gap; repeated hour (fall back) → the first (earlier) occurrence. */
export function zonedInstant(date: LocalDate, hour: number, minute: number, tz: string): Date {
  if (
    !Number.isInteger(hour) ||
    !Number.isInteger(minute) ||
    hour < 0 ||
    hour > 23 ||
    minute < 0 ||
    minute > 59
  ) {
    throw new RangeError(`Not a time of day: ${hour}:${minute}`);
  }
  const wall = localDateMs(date) + hour * 3_600_000 + minute * MINUTE_MS;
  // Zones change offset at most once around any given day, so the offsets a day either side are
  // the only ones this wall time can have.
  const before = offsetMs(wall - DAY_MS, tz);
  const after = offsetMs(wall + DAY_MS, tz);
  const offsets = before === after ? [before] : [before, after];
  const candidates = offsets.map((offset) => wall - offset).filter((t) => offsetMs(t, tz) === wall - t);
  if (candidates.length > 0) return new Date(Math.min(...candidates));

  // In the gap: the transition lies between the two readings; find the first instant on the new offset.
  let lo = wall - after;
  let hi = wall - before;
  while (hi - lo > MINUTE_MS) {
    const mid = lo + Math.floor((hi - lo) / 2 / MINUTE_MS) * MINUTE_MS;
    if (offsetMs(mid, tz) === after) hi = mid;
    else lo = mid;
  }
  return new Date(hi);
}

/** Next check-in instant strictly after `after`, for a daily local time, DST-safe (recomputed from the zone, never +24h). */
export function nextCheckInAt(after: Date, time: TimeOfDay, tz: string): Date {
  const today = localDateOf(after, tz);
  // Day 0 may already be past; a zone that skipped a whole calendar day may need a third try.
  for (let days = 0; days < 3; days += 1) {
    const candidate = zonedInstant(addDays(today, days), time.hour, time.minute, tz);
    if (candidate.getTime() > after.getTime()) return candidate;
  }
  throw new RangeError(`No check-in found after ${after.toISOString()} in ${tz}`);
}

/** The date `days` calendar days after `date` (negative goes back). */
export function addDays(date: LocalDate, days: number): LocalDate {
  return formatUtcDate(localDateMs(date) + days * DAY_MS);
}

/** b - a in calendar days. */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  return Math.round((localDateMs(b) - localDateMs(a)) / DAY_MS);
}

/** ISO week key like '2026-W48' for weekly digests (in a zone). */
export function isoWeekKey(instant: Date, tz: string): string {
  const dayMs = localDateMs(localDateOf(instant, tz));
  const isoWeekday = new Date(dayMs).getUTCDay() || 7;
  // The ISO week belongs to the year that holds its Thursday.
  const thursday = new Date(dayMs + (4 - isoWeekday) * DAY_MS);
  const weekYear = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(weekYear, 0, 1)) / DAY_MS / 7) + 1;
  return `${pad(weekYear, 4)}-W${pad(week)}`;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

/** English month abbreviations, January first, as dates are shown to owners. */
export const MONTH_SHORT_NAMES = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
] as const;

/** An instant as an owner reads it in replies, e.g. 'Wed 25 Nov, 19:30'. */
export function formatLocal(instant: Date, tz: string): string {
  const wall = new Date(wallClockMs(instant.getTime(), tz));
  const weekday = WEEKDAYS[wall.getUTCDay()] ?? '';
  const month = MONTH_SHORT_NAMES[wall.getUTCMonth()] ?? '';
  return `${weekday} ${wall.getUTCDate()} ${month}, ${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}`;
}
