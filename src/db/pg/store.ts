/**
 * The Store port on PostgreSQL (node-postgres pool through drizzle): several processes on one database.
 *
 * Outside a transaction every call takes a connection from the pool for one statement (or its own short
 * transaction). `transaction` takes one connection for the whole callback (BEGIN … COMMIT, READ COMMITTED);
 * inside it the areas lock what a read-modify-write depends on (owners.ensure the owner's row, the cats
 * area the cats it reads), and `savepoint` is a nested transaction (SAVEPOINT … RELEASE).
 */
import { sql } from 'drizzle-orm';
import type { Store, StoreAreas, StoreTx } from '../../services/store/store.js';
import type { PgDb, PgQueryable, PgTx } from './client.js';
import { pgCats } from './cats.js';
import { pgCheckIns } from './checkIns.js';
import { pgCommunity } from './community.js';
import { pgHouseholds } from './households.js';
import { isRetryable } from './errors.js';
import { pgMyData } from './myData.js';
import { pgOutbox } from './outbox.js';
import { pgOwners } from './owners.js';
import { pgSessions } from './sessions.js';
import { pgSessionTimers } from './sessionTimers.js';

/** One module per area; `inTx`: bound to a transaction's connection. */
function areas(db: PgQueryable, inTx: boolean): StoreAreas {
  return {
    owners: pgOwners(db, inTx),
    cats: pgCats(db, inTx),
    households: pgHouseholds(db),
    checkIns: pgCheckIns(db, inTx),
    sessions: pgSessions(db),
    myData: pgMyData(db, inTx),
    outbox: pgOutbox(db),
    community: pgCommunity(db),
    sessionTimers: pgSessionTimers(db),
  };
}

function txAreas(tx: PgTx): StoreTx {
  return {
    ...areas(tx, true),
    savepoint: (fn) => tx.transaction((inner) => fn(txAreas(inner))),
  };
}

/**
 * A deadlock or serialization failure aborts one of the transactions involved; the callback does no
 * network I/O (see the port), so running it again is safe and the caller never sees the collision.
 */
const MAX_ATTEMPTS = 3;

/** A Store over a pool (opened and migrated by createPgDatabase). */
export function createPgStore(db: PgDb): Store {
  return {
    ...areas(db, false),
    async ping() {
      await db.execute(sql`SELECT 1`);
    },
    async transaction(fn) {
      for (let attempt = 1; ; attempt++) {
        try {
          return await db.transaction((tx) => fn(txAreas(tx)));
        } catch (error) {
          if (attempt >= MAX_ATTEMPTS || !isRetryable(error)) throw error;
        }
      }
    },
  };
}
