import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  checkIntegrityInBackground,
  closeDatabase,
  createDatabase,
  DatabaseError,
  shouldDeferIntegrityCheck,
} from '../../src/db/sqlite/client.js';

const dir = mkdtempSync(join(tmpdir(), 'coach-integrity-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function seededFile(name: string): string {
  const path = join(dir, name);
  const db = createDatabase(path);
  const insert = db.$client.prepare('INSERT INTO owners (id, created_at) VALUES (?, ?)');
  db.$client.transaction(() => {
    for (let i = 0; i < 2000; i++) insert.run(`owner-${i}-${'x'.repeat(200)}`, i);
  })();
  closeDatabase(db);
  return path;
}

describe('start-up integrity check', () => {
  it('small files, new files and memory are checked before start', () => {
    const path = seededFile('small.db');
    expect(shouldDeferIntegrityCheck(path)).toBe(false);
    expect(shouldDeferIntegrityCheck(join(dir, 'missing.db'))).toBe(false);
    expect(shouldDeferIntegrityCheck(':memory:')).toBe(false);
  });

  it('a large file after a clean shutdown is checked in the background; after a crash, before start', () => {
    const path = seededFile('large.db');
    expect(shouldDeferIntegrityCheck(path, 1024)).toBe(true);
    writeFileSync(`${path}-wal`, Buffer.alloc(4096, 1)); // left over by a crash
    expect(shouldDeferIntegrityCheck(path, 1024)).toBe(false);
    rmSync(`${path}-wal`);
  });

  it('the background check passes on an intact file', async () => {
    await expect(checkIntegrityInBackground(seededFile('intact.db'))).resolves.toBeUndefined();
  });

  it('the background check fails on a damaged file with the restore-a-backup message', async () => {
    const bytes = readFileSync(seededFile('to-damage.db'));
    const pageSize = bytes.readUInt16BE(16);
    for (let page = 1; page * pageSize < bytes.length; page++)
      bytes.fill(0xa5, page * pageSize + 8, page * pageSize + 64);
    const broken = join(dir, 'damaged.db');
    writeFileSync(broken, bytes);
    const failure = checkIntegrityInBackground(broken);
    await expect(failure).rejects.toBeInstanceOf(DatabaseError);
    await expect(failure).rejects.toThrow(/Restore a backup/);
  });

  it('the background check stops when asked (shutdown before it is done)', async () => {
    const controller = new AbortController();
    const check = checkIntegrityInBackground(seededFile('stopped.db'), controller.signal);
    controller.abort();
    await expect(check).rejects.toThrow(/stopped before it finished/);
  });

  it('a deferred start skips the inline check but still migrates', () => {
    const path = join(dir, 'deferred.db');
    const db = createDatabase(path, undefined, { integrityCheck: 'deferred' });
    expect(db.$client.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'owners'").get()).toEqual(
      { n: 1 },
    );
    closeDatabase(db);
  });
});
