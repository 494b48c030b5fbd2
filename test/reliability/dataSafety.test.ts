/**
 * Data safety: online backups are consistent while another process writes; migrations are all or
 * nothing; the bot refuses a database newer than its code, and a damaged file, with a clear message.
 */
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupDatabase, BackupError } from '../../scripts/backup.js';
import {
  closeDatabase,
  createDatabase,
  DatabaseError,
  MIGRATIONS_FOLDER,
  openDatabase,
  prepareDatabase,
} from '../../src/db/sqlite/client.js';
import { startFakeDiscord, type FakeDiscord } from '@leash-coach/fake-discord';
import { ROOT, spawnBot, tempDir } from './support/childBot.js';

let dir: ReturnType<typeof tempDir>;
beforeAll(() => {
  dir = tempDir('leash-data-');
});
afterAll(() => {
  dir.remove();
});

/** A migrated database file with a few rows. */
function seeded(name: string): string {
  const path = join(dir.path, name);
  const db = createDatabase(path);
  db.$client
    .prepare("INSERT INTO owners (id, created_at) VALUES ('1', ?), ('2', ?)")
    .run(Date.now(), Date.now());
  closeDatabase(db);
  return path;
}

const run = (args: string[], env: Record<string, string>) =>
  new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { PATH: process.env.PATH, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => {
      resolve({ code, stdout, stderr });
    });
  });

describe('backup', () => {
  it('is consistent while another process keeps writing', async () => {
    const path = seeded('busy.db');
    const setup = new Database(path);
    setup.exec('CREATE TABLE ledger (id INTEGER PRIMARY KEY, amount INTEGER NOT NULL);');
    setup.exec('CREATE TABLE balance (total INTEGER NOT NULL); INSERT INTO balance VALUES (0);');
    setup.close();
    // Each transaction adds 50 rows and moves the total: a torn copy would disagree with itself.
    const writer = spawn(
      process.execPath,
      [
        '-e',
        `const D = require('better-sqlite3'); const db = new D(process.argv[1]);
         db.pragma('journal_mode = WAL'); db.pragma('busy_timeout = 5000');
         const add = db.prepare('INSERT INTO ledger (amount) VALUES (?)');
         const move = db.prepare('UPDATE balance SET total = total + ?');
         const tx = db.transaction(() => { for (let i = 1; i <= 50; i++) { add.run(i); move.run(i); } });
         const end = Date.now() + 2500; let n = 0;
         while (Date.now() < end) { tx(); n++; }
         db.close(); console.log(n);`,
        path,
      ],
      { cwd: ROOT },
    );
    const writerDone = new Promise<string>((resolve) => {
      let out = '';
      writer.stdout.on('data', (d: Buffer) => (out += d.toString()));
      writer.on('exit', () => {
        resolve(out.trim());
      });
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const copies: { total: number; sum: number; rows: number; integrity: string }[] = [];
    for (let i = 0; i < 5; i++) {
      const target = join(dir.path, `busy-copy-${i}.db`);
      const result = await backupDatabase(path, target);
      const copy = new Database(target, { readonly: true });
      const { total } = copy.prepare('SELECT total FROM balance').get() as { total: number };
      const { sum, rows } = copy
        .prepare('SELECT coalesce(sum(amount), 0) AS sum, count(*) AS rows FROM ledger')
        .get() as {
        sum: number;
        rows: number;
      };
      copy.close();
      copies.push({ total, sum, rows, integrity: result.integrity });
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    expect(Number(await writerDone)).toBeGreaterThan(10);
    for (const c of copies) {
      expect(c.integrity).toBe('ok');
      expect(c.total).toBe(c.sum);
      expect(c.rows % 50).toBe(0);
    }
    // The copies were taken during the writes, not all before or after them.
    expect(new Set(copies.map((c) => c.rows)).size).toBeGreaterThan(1);
  });

  it('refuses to overwrite without --force, and needs an existing database', async () => {
    const path = seeded('plain.db');
    const target = join(dir.path, 'plain-copy.db');
    writeFileSync(target, 'precious');
    await expect(backupDatabase(path, target)).rejects.toThrow(BackupError);
    expect(readFileSync(target, 'utf8')).toBe('precious');
    await expect(backupDatabase(join(dir.path, 'missing.db'), join(dir.path, 'x.db'))).rejects.toThrow(
      /no database/,
    );
  });

  it('npm run backup: reads DATABASE_PATH, prints size and integrity, and the copy opens as the bot’s database', async () => {
    const path = seeded('cli.db');
    const target = join(dir.path, 'cli-copy.db');
    const cli = ['--import', 'tsx', 'scripts/backup.ts'];
    const first = await run([...cli, target], { DATABASE_PATH: path });
    expect(first.stderr).toBe('');
    expect(first.stdout).toMatch(new RegExp(`${statSync(target).size} bytes, integrity_check: ok`));
    expect(first.code).toBe(0);
    const again = await run([...cli, target], { DATABASE_PATH: path });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exists.*--force/);
    const forced = await run([...cli, target, '--force'], { DATABASE_PATH: path });
    expect(forced.code).toBe(0);
    // Restoring = starting the bot on the copy: it opens, checks and migrates it like its own.
    const restored = createDatabase(target);
    expect(restored.$client.prepare('SELECT count(*) AS n FROM owners').get()).toEqual({ n: 2 });
    closeDatabase(restored);
  }, 30_000);
});

describe('migrations', () => {
  /** drizzle/ plus a migration that fails half way (its first statements would succeed). */
  function brokenMigrations(): string {
    const folder = join(dir.path, `drizzle-${Math.random().toString(36).slice(2)}`);
    cpSync(MIGRATIONS_FOLDER, folder, { recursive: true });
    const journalPath = join(folder, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as {
      entries: { idx: number; version: string; when: number; tag: string; breakpoints: boolean }[];
    };
    const last = journal.entries.at(-1);
    if (!last) throw new Error('no migrations');
    journal.entries.push({ ...last, idx: last.idx + 1, when: last.when + 1000, tag: '9999_broken' });
    writeFileSync(journalPath, JSON.stringify(journal));
    writeFileSync(
      join(folder, '9999_broken.sql'),
      [
        'CREATE TABLE `extra` (`id` integer PRIMARY KEY);',
        'ALTER TABLE `cats` ADD `extra_col` text;',
        'THIS IS NOT SQL;',
      ].join('\n--> statement-breakpoint\n'),
    );
    return folder;
  }
  const columns = (db: Database.Database, table: string) =>
    (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);

  it('a failing migration leaves the old schema, whole', () => {
    const path = seeded('migrate.db');
    const db = openDatabase(path);
    const before = columns(db.$client, 'cats');
    expect(() => {
      prepareDatabase(db, brokenMigrations());
    }).toThrow();
    expect(columns(db.$client, 'cats')).toEqual(before);
    expect(db.$client.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'extra'").get()).toEqual({
      n: 0,
    });
    // The committed migrations, and not the broken one.
    expect(db.$client.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get()).toEqual({
      n: readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER }).length,
    });
    expect(db.$client.prepare('SELECT count(*) AS n FROM owners').get()).toEqual({ n: 2 });
    closeDatabase(db);
    // And the current code still starts on it.
    closeDatabase(createDatabase(path));
  });

  it('on a new file, a failure anywhere leaves no schema at all (one transaction)', () => {
    const path = join(dir.path, 'fresh.db');
    expect(() => createDatabase(path, brokenMigrations())).toThrow();
    const db = new Database(path);
    expect(
      db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'cats'").get(),
    ).toEqual({ n: 0 });
    db.close();
  });
});

describe('refusing to start', () => {
  let fake: FakeDiscord;
  beforeAll(async () => {
    fake = await startFakeDiscord();
  });
  afterAll(async () => {
    await fake.close();
  });

  it('on a database written by a newer version: a clear message, and the bot exits 1', async () => {
    const path = seeded('newer.db');
    const db = new Database(path);
    db.prepare('INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)').run(
      'future',
      4102444800000,
    );
    db.close();
    expect(() => createDatabase(path)).toThrow(DatabaseError);
    expect(() => createDatabase(path)).toThrow(/newer version of the bot/);

    const bot = spawnBot({ fake, databasePath: path });
    const fatal = await bot.waitForLog((l) => l.msg === 'could not start');
    expect(JSON.stringify(fatal)).toMatch(/newer version of the bot/);
    expect((await bot.exited).code).toBe(1);
    expect(fake.requests).toEqual([]); // it never reached Discord
  }, 30_000);

  it('on a damaged file: PRAGMA quick_check fails with a message that says to restore a backup', () => {
    const path = seeded('damaged.db');
    // Scribble over the table pages (not the 100-byte header): the file opens, the check fails.
    const bytes = readFileSync(path);
    const pageSize = bytes.readUInt16BE(16);
    for (let page = 1; page * pageSize < bytes.length; page++) {
      bytes.fill(0xa5, page * pageSize + 8, page * pageSize + 64);
    }
    const broken = join(dir.path, 'damaged-copy.db');
    writeFileSync(broken, bytes);
    expect(existsSync(`${broken}-wal`)).toBe(false);
    let error: unknown;
    try {
      closeDatabase(createDatabase(broken));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DatabaseError);
    expect(String(error)).toMatch(/integrity check|damaged/);
    expect(String(error)).toMatch(/Restore a backup \(see README, "Reliability"\)/);
  });

  it('on a file that is not a database at all: the same kind of message', () => {
    const path = join(dir.path, 'garbage.db');
    writeFileSync(path, Buffer.alloc(8192, 0x42));
    expect(() => createDatabase(path)).toThrow(/damaged.*Restore a backup/);
  });
});
