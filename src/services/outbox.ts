/**
 * The outbox worker: delivers the effects that sessions and stage decisions stored beside themselves
 * (stage-up and milestone posts), so the owner's reply never waits for them and a crash between the reply
 * and the post loses nothing.
 *
 * Delivery rules:
 * - An item is claimed atomically with a fresh token (the fence) and a short lease, renewed by a heartbeat
 *   while it is being delivered. A process that dies leaves a lease that runs out within `leaseMs`; the
 *   next run anywhere claims the item again.
 * - Every write after the claim checks the token: a worker whose lease was taken over records nothing.
 * - At most once per post: the handler claims each post before making it and sends it with a nonce derived
 *   from that claim, so a retry within Discord's nonce memory shows the post once (see community/announce).
 * - A handler that fails is retried later, up to `maxAttempts` claims, then the item is marked failed.
 */
import { randomUUID } from 'node:crypto';
import type { Deps } from './deps.js';
import type { ClaimedOutboxItem, OutboxKind } from './store/outbox.js';

export const OUTBOX_POLICY = {
  /** How long a claim holds without a heartbeat: the longest a dead process delays an item. */
  leaseMs: 15_000,
  heartbeatMs: 5_000,
  /** Claims per item before it is given up (posting twice is worse than missing one celebration). */
  maxAttempts: 3,
  /** After a failed try, wait this long before the next. */
  retryAfterMs: 30_000,
  /** Items claimed per round. */
  batch: 20,
  /** Finished items are kept this long (to look into a failure), then deleted. */
  keepFinishedMs: 7 * 86_400_000,
} as const;

/** What delivers each kind of item; resolves when it is done, rejects to be retried. */
export type OutboxHandlers = Readonly<Record<OutboxKind, (item: ClaimedOutboxItem) => Promise<unknown>>>;

export interface OutboxRunSummary {
  delivered: number;
  retried: number;
  failed: number;
  /** Items whose claim another worker took over while this one delivered them. */
  lost: number;
}

/** Deletes finished items older than the policy keeps; resolves to how many. */
export function pruneOutbox(deps: Pick<Deps, 'store' | 'clock'>): Promise<number> {
  return deps.store.outbox.prune(new Date(deps.clock.now().getTime() - OUTBOX_POLICY.keepFinishedMs));
}

type OutboxDeps = Pick<Deps, 'store' | 'clock' | 'logger'>;

function errorText(error: unknown): string {
  return (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(0, 500);
}

async function deliverOne(
  deps: OutboxDeps,
  handlers: OutboxHandlers,
  item: ClaimedOutboxItem,
  summary: OutboxRunSummary,
): Promise<void> {
  const { store, clock, logger } = deps;
  try {
    await handlers[item.kind](item);
    if (await store.outbox.finish(item.id, item.claimToken, { status: 'done', at: clock.now() }))
      summary.delivered++;
    else summary.lost++;
  } catch (error) {
    const text = errorText(error);
    logger.warn(
      { err: error, outboxId: item.id, kind: item.kind, attempt: item.attempts },
      'outbox delivery failed',
    );
    if (item.attempts >= OUTBOX_POLICY.maxAttempts) {
      await store.outbox.finish(item.id, item.claimToken, { status: 'failed', at: clock.now(), error: text });
      summary.failed++;
    } else {
      const retryAt = new Date(clock.now().getTime() + OUTBOX_POLICY.retryAfterMs);
      await store.outbox.retryLater(item.id, item.claimToken, retryAt, text);
      summary.retried++;
    }
  }
}

/** One round: claims what is pending, delivers it with a heartbeat on the lease, until nothing is left. */
export async function deliverOutbox(deps: OutboxDeps, handlers: OutboxHandlers): Promise<OutboxRunSummary> {
  const summary: OutboxRunSummary = { delivered: 0, retried: 0, failed: 0, lost: 0 };
  for (;;) {
    const token = randomUUID();
    const leaseUntil = () => new Date(deps.clock.now().getTime() + OUTBOX_POLICY.leaseMs);
    const items = await deps.store.outbox.claim(deps.clock.now(), leaseUntil(), token, OUTBOX_POLICY.batch);
    if (items.length === 0) break;
    const heartbeat = setInterval(() => {
      deps.store.outbox.renew(token, leaseUntil()).catch((error: unknown) => {
        deps.logger.warn({ err: error }, 'outbox heartbeat failed');
      });
    }, OUTBOX_POLICY.heartbeatMs);
    heartbeat.unref();
    try {
      await Promise.all(items.map((item) => deliverOne(deps, handlers, item, summary)));
    } finally {
      clearInterval(heartbeat);
    }
    if (items.length < OUTBOX_POLICY.batch) break;
  }
  return summary;
}

/**
 * A worker that runs one round at a time: a kick while a round runs asks for one more round after it,
 * so an item enqueued meanwhile is not left for the next scheduled run.
 */
export function createOutboxWorker(deps: OutboxDeps, handlers: OutboxHandlers) {
  // `requests` counts kicks: a kick during a round is seen as a change once the round ends.
  const state: { running: Promise<OutboxRunSummary> | null; requests: number } = {
    running: null,
    requests: 0,
  };

  async function loop(): Promise<OutboxRunSummary> {
    const total: OutboxRunSummary = { delivered: 0, retried: 0, failed: 0, lost: 0 };
    let seen: number;
    do {
      seen = state.requests;
      const round = await deliverOutbox(deps, handlers);
      total.delivered += round.delivered;
      total.retried += round.retried;
      total.failed += round.failed;
      total.lost += round.lost;
    } while (state.requests !== seen);
    return total;
  }

  function run(): Promise<OutboxRunSummary> {
    state.requests++;
    if (state.running) return state.running;
    const round = loop().finally(() => {
      state.running = null;
    });
    state.running = round;
    return round;
  }

  return {
    run,
    /** Starts a round now without waiting for it (after a reply); failures are logged, never thrown. */
    kick(): void {
      run().catch((error: unknown) => {
        deps.logger.error({ err: error }, 'outbox run failed');
      });
    },
  };
}

export type OutboxWorker = ReturnType<typeof createOutboxWorker>;
