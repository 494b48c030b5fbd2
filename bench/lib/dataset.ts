/**
 * The bench databases: real SQLite files with the real migrations, filled with raw prepared statements
 * in one transaction, and cached in bench/.data keyed by a hash of the migrations and this generator.
 */
import { createHash } from 'node:crypto';
import {
  closeSync,
  copyFileSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { closeDatabase, createDatabase, MIGRATIONS_FOLDER } from '../../src/db/sqlite/client.js';
import { worstSeverity } from '../../src/domain/coach.js';
import { nextCheckInAt } from '../../src/domain/schedule.js';
import { parseLog } from '../../src/domain/signals.js';
import { STAGE_IDS, type StageId } from '../../src/domain/stages.js';
import { pickFrom, prng } from './stats.js';
import { makeTexts } from './texts.js';

export const DATA_DIR = fileURLToPath(new URL('../.data', import.meta.url));
export const WORK_DIR = join(DATA_DIR, 'work');

/** "Now" inside the generated data; the items' clocks start here. */
export const DATASET_NOW = new Date('2026-11-25T09:00:00Z');

export const SIZES = { owners: 10_000, cats: 20_000, sessions: 1_000_000, bigCatSessions: 1_000 };
export const OWNERS_1M = 1_000_000;

const DAY = 86_400_000;

/** 18-digit snowflake-shaped ids, so Discord-side code sees realistic user ids. */
export const ownerId = (i: number): string => `31${String(i).padStart(16, '0')}`;

export const CAT_NAMES = [
  'Miso',
  'Luna',
  'Pixel',
  'Mochi',
  'Tofu',
  'Nori',
  'Olive',
  'Ziggy',
  'Pepper',
  'Biscuit',
  'Clementine',
  'Gizmo',
  'Juniper',
  'Mango',
  'Noodle',
  'Pumpkin',
  'Sushi',
  'Waffles',
  'Yuki',
  'Felix',
];
export const ZONES = [
  'UTC',
  'Europe/Berlin',
  'Europe/London',
  'Europe/Paris',
  'Europe/Madrid',
  'Europe/Warsaw',
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
  'America/Sao_Paulo',
  'America/Toronto',
  'America/Mexico_City',
  'Asia/Tokyo',
  'Asia/Seoul',
  'Asia/Kolkata',
  'Asia/Singapore',
  'Asia/Shanghai',
  'Asia/Dubai',
  'Asia/Kathmandu',
  'Australia/Sydney',
  'Australia/Adelaide',
  'Pacific/Auckland',
  'Pacific/Chatham',
  'Africa/Johannesburg',
  'Africa/Lagos',
  'Europe/Helsinki',
  'America/St_Johns',
  'Asia/Jakarta',
  'Europe/Istanbul',
];

/** The servers owners use the bot in; owner `i` uses guildOf(i) (an owner_guilds row exists). */
export const GUILD_COUNT = 50;
export const guildOf = (i: number): string => `13${String(i % GUILD_COUNT).padStart(16, '0')}`;

/** The two cats of owner `i`: distinct names. */
export function catNamesOf(i: number): [string, string] {
  const a = CAT_NAMES[i % CAT_NAMES.length] ?? 'Miso';
  const b = CAT_NAMES[(i + 7) % CAT_NAMES.length] ?? 'Luna';
  return [a, b];
}

/** Owner 0's first cat: the one with 1,000 sessions (item 2). */
export const BIG_CAT = { ownerIndex: 0, name: catNamesOf(0)[0], catId: 1 };

function datasetHash(): string {
  const hash = createHash('sha256');
  for (const name of readdirSync(MIGRATIONS_FOLDER).sort()) {
    if (name.endsWith('.sql')) hash.update(readFileSync(join(MIGRATIONS_FOLDER, name)));
  }
  hash.update(readFileSync(join(MIGRATIONS_FOLDER, 'meta', '_journal.json')));
  hash.update(readFileSync(fileURLToPath(import.meta.url)));
  return hash.digest('hex').slice(0, 12);
}

/** Builds `build(tmpPath)` into DATA_DIR/<prefix>-<hash>.db unless cached; removes stale versions. */
function cached(prefix: string, build: (path: string) => void): { path: string; fresh: boolean; ms: number } {
  mkdirSync(DATA_DIR, { recursive: true });
  const name = `${prefix}-${datasetHash()}.db`;
  const path = join(DATA_DIR, name);
  for (const old of readdirSync(DATA_DIR)) {
    if (old.startsWith(`${prefix}-`) && old !== name) rmSync(join(DATA_DIR, old), { force: true });
  }
  if (existsSync(path)) return { path, fresh: false, ms: 0 };
  const started = performance.now();
  const tmp = `${path}.tmp`;
  for (const suffix of ['', '-wal', '-shm']) rmSync(tmp + suffix, { force: true });
  build(tmp);
  renameSync(tmp, path);
  return { path, fresh: true, ms: performance.now() - started };
}

/** Applies the real migrations, then hands a raw connection tuned for one big bulk load. */
function migratedRaw(path: string): Database.Database {
  closeDatabase(createDatabase(path));
  const raw = new Database(path);
  raw.pragma('journal_mode = DELETE'); // one self-contained file, safe to copy
  raw.pragma('synchronous = OFF');
  raw.pragma('foreign_keys = OFF'); // rows go in parent-after-child order; the generator keeps them consistent
  raw.pragma('cache_size = -200000');
  return raw;
}

function outcomeOf(worst: string | null): string {
  switch (worst) {
    case 'pain':
      return 'pain';
    case 'severe':
      return 'stop';
    case 'moderate':
    case 'mild':
      return 'neutral';
    default:
      return 'good';
  }
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** 10k owners, 20k cats, 1M sessions (one cat with 1,000), stage changes: items 1, 2, 7 and 8. */
export function ensureCoachDataset(): { path: string; fresh: boolean; ms: number } {
  return cached('coach', (path) => {
    const raw = migratedRaw(path);
    const random = prng(42);
    const pool = makeTexts(600, 11).map((text) => {
      const items = parseLog(text, 'indoor_safari').items.map((i) => ({
        id: i.id,
        label: i.label,
        severity: i.severity,
        expected: i.expected,
        text: i.text,
      }));
      const worst = worstSeverity(items);
      return { text, recognised: JSON.stringify(items), worst, outcome: outcomeOf(worst) };
    });
    const now = DATASET_NOW.getTime();
    const insertOwner = raw.prepare(
      `INSERT INTO owners (id, timezone, check_in_time, next_check_in_at, last_activity_at, created_at)
       VALUES (?, ?, NULL, NULL, ?, ?)`,
    );
    const insertOwnerGuild = raw.prepare(
      `INSERT INTO owner_guilds (owner_id, guild_id, last_seen_at) VALUES (?, ?, ?)`,
    );
    const insertCat = raw.prepare(
      `INSERT INTO cats (id, owner_id, name, name_key, stage, stage_since, good_days, last_good_date,
         moderate_run, step_backs, offer_pending, milestones, last_session_at, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, '[]', ?, ?)`,
    );
    const insertSession = raw.prepare(
      `INSERT INTO sessions (cat_id, at, local_date, minutes, raw_text, recognised, note, stage, worst, outcome)
       VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?, ?)`,
    );
    const insertChange = raw.prepare(
      `INSERT INTO stage_changes (cat_id, at, from_stage, to_stage, reason) VALUES (?, ?, ?, ?, ?)`,
    );

    /** Sessions of one cat, oldest first, `gapMs` apart, ending a day before now; returns the first. */
    const addSessions = (catId: number, count: number, gapMs: number, stageAt: (k: number) => StageId) => {
      const first = now - DAY - (count - 1) * gapMs;
      for (let k = 0; k < count; k++) {
        const at = first + k * gapMs + Math.floor(random() * 3_600_000);
        const s = pickFrom(pool, random);
        const minutes = random() < 0.7 ? 2 + Math.floor(random() * 12) : null;
        insertSession.run(
          catId,
          at,
          isoDate(at),
          minutes,
          s.text,
          s.recognised,
          stageAt(k),
          s.worst,
          s.outcome,
        );
      }
      return first;
    };

    raw.transaction(() => {
      const otherCats = SIZES.cats - 1;
      const otherSessions = SIZES.sessions - SIZES.bigCatSessions;
      let catId = 0;
      for (let i = 0; i < SIZES.owners; i++) {
        const created = now - 400 * DAY - Math.floor(random() * 200 * DAY);
        const lastActive = now - Math.floor(random() * 3 * DAY);
        insertOwner.run(ownerId(i), pickFrom(ZONES, random), lastActive, created);
        insertOwnerGuild.run(ownerId(i), guildOf(i), lastActive);
        for (const name of catNamesOf(i)) {
          catId++;
          if (catId === BIG_CAT.catId) {
            // 1,000 sessions over 500 days, through six stages with one step back.
            const path: StageId[] = [...STAGE_IDS.slice(0, 5), STAGE_IDS[3], STAGE_IDS[4]];
            const per = Math.ceil(SIZES.bigCatSessions / path.length);
            const stageAt = (k: number): StageId =>
              path[Math.min(path.length - 1, Math.floor(k / per))] ?? 'harness_scenery';
            const gap = DAY / 2;
            const first = addSessions(catId, SIZES.bigCatSessions, gap, stageAt);
            const stage = stageAt(SIZES.bigCatSessions - 1);
            insertCat.run(
              catId,
              ownerId(i),
              name,
              name.toLowerCase(),
              stage,
              now - 40 * DAY,
              3,
              isoDate(now - DAY),
              now - DAY,
              first - DAY,
            );
            insertChange.run(catId, first - DAY, null, path[0], 'created');
            for (let p = 1; p < path.length; p++) {
              const back =
                STAGE_IDS.indexOf(path[p] ?? 'harness_scenery') <
                STAGE_IDS.indexOf(path[p - 1] ?? 'harness_scenery');
              insertChange.run(
                catId,
                first + p * per * gap,
                path[p - 1],
                path[p],
                back ? 'step_back' : 'advance',
              );
            }
            continue;
          }
          const k = catId - 2; // index among the other cats
          const count =
            Math.floor(((k + 1) * otherSessions) / otherCats) - Math.floor((k * otherSessions) / otherCats);
          const stage = pickFrom(STAGE_IDS.slice(0, 7), random);
          const gap = DAY + Math.floor(random() * DAY);
          const first = addSessions(catId, count, gap, () => stage);
          const goodDays = Math.floor(random() * 3);
          insertCat.run(
            catId,
            ownerId(i),
            name,
            name.toLowerCase(),
            stage,
            first - DAY,
            goodDays,
            isoDate(now - DAY),
            now - DAY,
            first - DAY,
          );
          insertChange.run(catId, first - DAY, null, stage, 'created');
        }
      }
    })();
    raw.exec('ANALYZE');
    raw.close();
  });
}

/** The instant the 1M-owner table is scheduled after: every next_check_in_at lies in the 24 h after it. */
export const DUE_BASE = new Date('2026-11-25T09:00:30Z');

/** 1M owners with check-in times and zones, next_check_in_at filled as the bot would (item 4). */
export function ensureOwnersDataset(): { path: string; fresh: boolean; ms: number } {
  return cached('owners1m', (path) => {
    const raw = migratedRaw(path);
    const random = prng(4242);
    const memo = new Map<string, number>();
    const insert = raw.prepare(
      `INSERT INTO owners (id, timezone, check_in_time, next_check_in_at, paused, last_activity_at, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    const created = DUE_BASE.getTime() - 30 * DAY;
    raw.transaction(() => {
      for (let i = 0; i < OWNERS_1M; i++) {
        const tz = pickFrom(ZONES, random);
        if (random() < 0.1) {
          // Never set up check-ins.
          insert.run(ownerId(i), tz, null, null, 0, created, created);
          continue;
        }
        const hour = Math.floor(random() * 24);
        const minute = Math.floor(random() * 60);
        const time = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
        const paused = random() < 0.03;
        const key = `${tz}|${time}`;
        let next = memo.get(key);
        if (next === undefined) {
          next = nextCheckInAt(DUE_BASE, { hour, minute }, tz).getTime();
          memo.set(key, next);
        }
        insert.run(ownerId(i), tz, time, paused ? null : next, paused ? 1 : 0, created, created);
      }
    })();
    raw.exec('ANALYZE');
    raw.close();
  });
}

/**
 * Reads the file once so it sits in the OS page cache, as a running bot's database does. A fresh copy
 * (possibly a reflink sharing the original's blocks) would otherwise make every first page touch a disk read.
 */
export function warmPageCache(path: string): void {
  const fd = openSync(path, 'r');
  const buffer = Buffer.allocUnsafe(8 << 20);
  try {
    while (readSync(fd, buffer, 0, buffer.length, null) > 0) {
      // reading is the point
    }
  } finally {
    closeSync(fd);
  }
}

/** A private copy of a cached database for an item that writes to it. */
export function workCopy(source: string, name: string): string {
  mkdirSync(WORK_DIR, { recursive: true });
  const target = join(WORK_DIR, `${name}.db`);
  for (const suffix of ['', '-wal', '-shm']) rmSync(target + suffix, { force: true });
  copyFileSync(source, target);
  // Flush the copy now: otherwise the bot's first checkpoint fsync pays for hundreds of MB of dirty pages.
  const fd = openSync(target, 'r+');
  fsyncSync(fd);
  closeSync(fd);
  warmPageCache(target);
  return target;
}

export function removeWorkDir(): void {
  rmSync(WORK_DIR, { recursive: true, force: true });
}
