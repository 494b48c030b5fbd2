/**
 * `npm run backup -- <file> [--force]`: a consistent copy of the bot's database (DATABASE_PATH, from the
 * environment or .env, as the bot reads it), taken online with SQLite's backup API while the bot runs.
 * Refuses to overwrite an existing file unless --force; prints the copy's size and integrity check.
 * Restoring is described in README.md, "Reliability".
 */
import { existsSync, statSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { loadDatabasePath, loadDatabaseTarget, loadDotEnv } from '../src/config.js';

export interface BackupResult {
  readonly target: string;
  readonly bytes: number;
  readonly integrity: string;
}

export class BackupError extends Error {
  override readonly name = 'BackupError';
}

/** Copies `source` to `target` page by page (consistent even while the bot writes), then checks the copy. */
export async function backupDatabase(
  source: string,
  target: string,
  { force = false }: { force?: boolean } = {},
): Promise<BackupResult> {
  if (!existsSync(source)) throw new BackupError(`There is no database at ${source} (DATABASE_PATH).`);
  if (existsSync(target) && !force) {
    throw new BackupError(`${target} already exists. Choose another name, or add --force to overwrite it.`);
  }
  // Not readonly: a readonly connection cannot recover a WAL left by a killed bot. Nothing is written.
  const db = new Database(source, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    // All pages in one step, under one read transaction: a snapshot, and the bot's writes cannot make
    // a step-by-step copy restart again and again.
    await db.backup(target, { progress: () => 0x7fffffff });
  } finally {
    db.close();
  }
  const copy = new Database(target, { readonly: true, fileMustExist: true });
  try {
    const integrity = String(copy.pragma('integrity_check', { simple: true }));
    return { target, bytes: statSync(target).size, integrity };
  } finally {
    copy.close();
  }
}

async function main(argv: readonly string[]): Promise<number> {
  const force = argv.includes('--force');
  const files = argv.filter((a) => a !== '--force');
  const [target] = files;
  if (target === undefined || files.length !== 1 || target.startsWith('-')) {
    process.stderr.write('Usage: npm run backup -- <backup file> [--force]\n');
    return 2;
  }
  loadDotEnv();
  if (loadDatabaseTarget().kind === 'postgres') {
    process.stderr.write(
      'DATABASE_URL is set: the bot stores its data in PostgreSQL. Back it up with pg_dump (README, "PostgreSQL").\n',
    );
    return 2;
  }
  const source = loadDatabasePath();
  try {
    const result = await backupDatabase(source, target, { force });
    process.stdout.write(
      `Backed up ${source} to ${result.target}: ${result.bytes} bytes, integrity_check: ${result.integrity}\n`,
    );
    return result.integrity === 'ok' ? 0 : 1;
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await main(process.argv.slice(2));
}
