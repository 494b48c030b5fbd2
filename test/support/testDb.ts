import { createDatabase, type Db } from '../../src/db/sqlite/client.js';

/** A fresh in-memory SQLite with the real committed migrations. */
export function createTestDb(): Db {
  return createDatabase(':memory:');
}
