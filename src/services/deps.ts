import type { Clock } from '../clock.js';
import type { Logger, Notifier } from './ports.js';
import type { Store } from './store/store.js';

/** What every use case is given; passed in, never global. */
export interface Deps {
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly notifier: Notifier;
}
