/**
 * The storage port: everything the services read or write goes through a Store. It is declared here, on
 * the services' side, and implemented in src/db/ (SQLite, the embedded default; PostgreSQL at scale).
 *
 * Every method is async and speaks in plain records, so a service never sees SQL, a driver or a schema.
 * A read-modify-write runs in `transaction`: all of it commits or none of it does. Inside the callback use
 * only the `tx` handle, and do no network I/O there (a transaction holds its connection, and on SQLite the
 * whole database, until the callback settles).
 *
 * Concurrency: transactions behave as if they ran one after another for what they read through `tx` to
 * change it. SQLite gets that by running one write transaction at a time. PostgreSQL (READ COMMITTED,
 * several processes) gets it from row locks held until the transaction ends: `tx.owners.ensure` locks the
 * owner's row, and the cats area's reads in a transaction lock the cats they return. Lock the owner
 * before their cats (ensure first); `owners.find` never locks. `tx.checkIns.readSubject` skips an owner
 * another transaction holds (see checkIns.ts). A transaction PostgreSQL aborts for a deadlock or a
 * serialization failure runs its callback again (it does no I/O, so that is safe).
 */
import type { CatsStore } from './cats.js';
import type { MyDataStore } from './myData.js';
import type { OutboxStore } from './outbox.js';
import type { CommunityStore } from './community.js';
import type { CheckInsStore } from './checkIns.js';
import type { HouseholdsStore } from './households.js';
import type { OwnersStore } from './owners.js';
import type { SessionsStore } from './sessions.js';
import type { SessionTimersStore } from './sessionTimers.js';

/** One area of the data per property; each is implemented by one module in src/db/<driver>/. */
export interface StoreAreas {
  readonly owners: OwnersStore;
  readonly cats: CatsStore;
  readonly households: HouseholdsStore;
  readonly sessions: SessionsStore;
  readonly myData: MyDataStore;
  readonly outbox: OutboxStore;
  readonly community: CommunityStore;
  readonly checkIns: CheckInsStore;
  readonly sessionTimers: SessionTimersStore;
}

export interface TransactionOptions {
  /**
   * 'write' (the default) takes the write lock at the start (SQLite: BEGIN IMMEDIATE), so two writers
   * never both read the old value and a busy database answers at once instead of failing at COMMIT.
   */
  readonly mode?: 'write';
}

/** The areas inside a transaction, plus nested units of work that can fail alone. */
export interface StoreTx extends StoreAreas {
  /** Runs `fn` in a savepoint: if it throws, its writes are undone and the transaction goes on. */
  savepoint<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
}

export interface Store extends StoreAreas {
  /** Resolves when the database answers a trivial query (health checks); rejects otherwise. */
  ping(): Promise<void>;
  /** Runs `fn` in one transaction; commits when it resolves, rolls back when it rejects. */
  transaction<T>(fn: (tx: StoreTx) => Promise<T>, options?: TransactionOptions): Promise<T>;
}
