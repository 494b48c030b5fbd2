import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Runs one synchronous better-sqlite3 call as a promise. The Store's methods are async (the port is
 * shared with PostgreSQL), but SQLite answers synchronously, so a call outside a transaction costs no
 * extra turn of the event loop unless a transaction is open.
 */
export type Runner = <T>(work: () => T) => Promise<T>;

function settle<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

/**
 * One connection, one transaction at a time: an async transaction keeps its BEGIN open across awaits, so
 * anything else on the connection (another transaction, or a single statement that would otherwise join
 * the open transaction and be rolled back with it) waits for it. Waiters are served in arrival order.
 */
export class ConnectionLock {
  private held = false;
  private readonly waiting: (() => void)[] = [];
  /** Marks the async context of the transaction that holds the lock, to catch a deadlock by misuse. */
  private readonly owner = new AsyncLocalStorage<ConnectionLock>();

  /** Runs one statement (or a few, synchronously) outside any transaction. */
  readonly run: Runner = <T>(work: () => T): Promise<T> => {
    if (!this.held) return settle(work);
    this.assertNotInside();
    return this.acquire().then(() => {
      try {
        return work();
      } finally {
        this.release();
      }
    });
  };

  /** Runs `work` holding the lock for its whole (async) duration. */
  async exclusive<T>(work: () => Promise<T>): Promise<T> {
    if (this.held) {
      this.assertNotInside();
      await this.acquire();
    } else {
      this.held = true;
    }
    try {
      return await this.owner.run(this, work);
    } finally {
      this.release();
    }
  }

  private assertNotInside(): void {
    if (this.owner.getStore() === this) {
      throw new Error(
        'The store was used directly inside one of its own transactions; use the `tx` handle given to the callback.',
      );
    }
  }

  private acquire(): Promise<void> {
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Hands the lock straight to the next waiter, so nobody can slip in between. */
  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else {
      this.held = false;
      // While any AsyncLocalStorage is enabled, Node runs a hook for every promise in the process
      // (discord.js makes many per request): ~10 % of the bot's CPU in the check-in fan-out (bench item 5,
      // 639 → 813 DMs/s). So it is on only while a transaction holds the lock; run() enables it again.
      this.owner.disable();
    }
  }
}

/** Inside a transaction the lock is already held: run at once. */
export const runNow: Runner = settle;
