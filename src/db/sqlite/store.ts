/** The Store port on SQLite (better-sqlite3 through drizzle): the embedded default. */
import { resolve } from 'node:path';
import { sql } from 'drizzle-orm';
import type { Store, StoreAreas, StoreTx } from '../../services/store/store.js';
import type { Db } from './client.js';
import { sqliteCats } from './cats.js';
import { sqliteCheckIns } from './checkIns.js';
import { sqliteOwners } from './owners.js';
import { ConnectionLock, runNow, type Runner } from './runner.js';

function areas(db: Db, run: Runner): StoreAreas {
  return {
    owners: sqliteOwners(db, run),
    cats: sqliteCats(db, run),
    checkIns: sqliteCheckIns(db, run),
  };
}

/** One lock per connection, however many Stores share it (tests run two "processes" on one file). */
const locks = new WeakMap<Db, ConnectionLock>();

function lockOf(db: Db): ConnectionLock {
  let lock = locks.get(db);
  if (!lock) {
    lock = new ConnectionLock();
    locks.set(db, lock);
  }
  return lock;
}

/**
 * Write transactions of ALL connections to one file in this process take turns here. An async
 * transaction holds SQLite's write lock across awaits; a second connection of the same process asking for
 * it would wait in SQLite's busy handler, which blocks the thread, so the holder could never finish
 * (a 5 s stall, then SQLITE_BUSY). Other processes are still handled by busy_timeout, as before.
 */
const fileLocks = new Map<string, ConnectionLock>();

function fileLockOf(db: Db): ConnectionLock | undefined {
  const name = db.$client.name;
  if (name === '' || name === ':memory:') return undefined;
  const key = resolve(name);
  let lock = fileLocks.get(key);
  if (!lock) {
    lock = new ConnectionLock();
    fileLocks.set(key, lock);
  }
  return lock;
}

/** A Store over one better-sqlite3 connection (opened and migrated by createDatabase). */
export function createSqliteStore(db: Db): Store {
  const lock = lockOf(db);
  const fileLock = fileLockOf(db);
  let savepoints = 0;
  const tx: StoreTx = {
    ...areas(db, runNow),
    async savepoint(fn) {
      const name = sql.raw(`sp${String(++savepoints)}`);
      db.run(sql`SAVEPOINT ${name}`);
      try {
        const result = await fn(tx);
        db.run(sql`RELEASE ${name}`);
        return result;
      } catch (error) {
        db.run(sql`ROLLBACK TO ${name}`);
        db.run(sql`RELEASE ${name}`);
        throw error;
      }
    },
  };
  return {
    ...areas(db, lock.run),
    transaction: (fn) => {
      const body = async () => {
        db.run(sql`BEGIN IMMEDIATE`);
        try {
          const result = await fn(tx);
          db.run(sql`COMMIT`);
          return result;
        } catch (error) {
          if (db.$client.inTransaction) db.run(sql`ROLLBACK`);
          throw error;
        }
      };
      return lock.exclusive(fileLock === undefined ? body : () => fileLock.exclusive(body));
    },
  };
}
