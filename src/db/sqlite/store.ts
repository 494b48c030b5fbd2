/** The Store port on SQLite (better-sqlite3 through drizzle): the embedded default. */
import { resolve } from 'node:path';
import type { Store, StoreAreas, StoreTx } from '../../services/store/store.js';
import type { Db } from './client.js';
import { sqliteCats } from './cats.js';
import { sqliteHouseholds } from './households.js';
import { sqliteMyData } from './myData.js';
import { sqliteOutbox } from './outbox.js';
import { sqliteCommunity } from './community.js';
import { sqliteCheckIns } from './checkIns.js';
import { sqliteOwners } from './owners.js';
import { sqliteSessions } from './sessions.js';
import { sqliteSessionTimers } from './sessionTimers.js';
import { ConnectionLock, runNow, type Runner } from './runner.js';

function areas(db: Db, run: Runner): StoreAreas {
  return {
    owners: sqliteOwners(db, run),
    cats: sqliteCats(db, run),
    households: sqliteHouseholds(db, run),
    sessions: sqliteSessions(db, run),
    myData: sqliteMyData(db, run),
    outbox: sqliteOutbox(db, run),
    community: sqliteCommunity(db, run),
    checkIns: sqliteCheckIns(db, run),
    sessionTimers: sqliteSessionTimers(db, run),
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

/**
 * Transaction control, compiled once per connection: the fan-out takes a savepoint per due owner, and
 * building it as a drizzle query each time cost 2.7 µs against 0.5 µs prepared.
 */
function controlStatements(db: Db) {
  const prepare = (text: string) => db.$client.prepare(text);
  return {
    begin: prepare('BEGIN IMMEDIATE'),
    commit: prepare('COMMIT'),
    rollback: prepare('ROLLBACK'),
    // One name for all: nested savepoints of one name work (RELEASE and ROLLBACK TO act on the innermost).
    savepoint: prepare('SAVEPOINT store_sp'),
    release: prepare('RELEASE store_sp'),
    rollbackTo: prepare('ROLLBACK TO store_sp'),
    ping: prepare('SELECT 1'),
  };
}

const controls = new WeakMap<Db, ReturnType<typeof controlStatements>>();

function controlOf(db: Db): ReturnType<typeof controlStatements> {
  let control = controls.get(db);
  if (!control) {
    control = controlStatements(db);
    controls.set(db, control);
  }
  return control;
}

/** A Store over one better-sqlite3 connection (opened and migrated by createDatabase). */
export function createSqliteStore(db: Db): Store {
  const lock = lockOf(db);
  const fileLock = fileLockOf(db);
  const control = controlOf(db);
  const tx: StoreTx = {
    ...areas(db, runNow),
    async savepoint(fn) {
      control.savepoint.run();
      try {
        const result = await fn(tx);
        control.release.run();
        return result;
      } catch (error) {
        control.rollbackTo.run();
        control.release.run();
        throw error;
      }
    },
  };
  return {
    ...areas(db, lock.run),
    ping: () =>
      lock.run(() => {
        control.ping.get();
      }),
    transaction: (fn) => {
      const body = async () => {
        control.begin.run();
        try {
          const result = await fn(tx);
          control.commit.run();
          return result;
        } catch (error) {
          if (db.$client.inTransaction) control.rollback.run();
          throw error;
        }
      };
      return lock.exclusive(fileLock === undefined ? body : () => fileLock.exclusive(body));
    },
  };
}
