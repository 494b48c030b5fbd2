import type { Clock } from '../clock.js';
import type { Db } from '../db/sqlite/client.js';
import type { Logger, Notifier } from './ports.js';
import type { Store } from './store/store.js';

/** What every use case is given; passed in, never global. */
export interface Deps {
  /** Being retired: services move to `store` one area at a time. */
  readonly db: Db;
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly notifier: Notifier;
}
