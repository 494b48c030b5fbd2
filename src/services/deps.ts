import type { Clock } from '../clock.js';
import type { Db } from '../db/client.js';
import type { Logger, Notifier } from './ports.js';

/** What every use case is given; passed in, never global. */
export interface Deps {
  readonly db: Db;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly notifier: Notifier;
}
