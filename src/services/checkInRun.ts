/**
 * The tick that sends the daily check-ins that are due (the owners' settings are in checkInSettings.ts).
 *
 * Exactly once per owner and local day: the tick claims (owner, local date) in check_in_sends with
 * INSERT … ON CONFLICT DO NOTHING in the same write transaction that moves next_check_in_at forward,
 * before anything is sent. A second tick, a restart or a second process finds either the owner no
 * longer due or the claim taken, and sends nothing.
 *
 * Crash policy (a claim taken, its send never recorded): a lease with a heartbeat and a fence.
 * - A claim is held by the run that took it: its token (one per run) and a short lease
 *   (claimLeaseSeconds, 20 s). While the run's sends and their recording are in flight, a heartbeat
 *   renews the leases of all its open claims every claimHeartbeatSeconds (5 s). next_check_in_at holds
 *   the same lease instead of the next day's time (the heartbeat moves it too), and recording the
 *   outcome hands back the real next time. So a process that dies mid-send leaves claims whose lease
 *   runs out within 20 s, and their owners are due again then, through the same indexed query; the
 *   check-in job looks every 15 s, so any process (or the same one restarted) re-sends within ~35 s.
 * - A claim whose lease ran out, still 'claimed' and at most resendWithinMinutes old, is re-sent ONCE,
 *   with the SAME nonce (derived from owner + local date), under the new run's token and lease. If the
 *   first send did reach Discord, enforce_nonce makes Discord return that message instead of posting a
 *   second one.
 * - The fence: recording a result checks the token. A sender whose claim was taken over (it was alive
 *   after all, but its heartbeat failed to keep the lease) or given up records nothing.
 * - A claim older than that (the bot was down longer than Discord's nonce memory) or already retried
 *   is marked 'failed' and not sent: at most one visible message per day beats a possible duplicate.
 *
 * What to do with each due owner is decided by the pure decideCheckIn (domain/checkInDecision.ts) and
 * applied through the store in checkInClaims.ts; this module sends, and checkInOutcomes.ts records what
 * each send did. No network I/O happens inside a transaction.
 */
import { randomUUID } from 'node:crypto';
import { CHECK_IN_POLICY } from '../domain/checkInPolicy.js';
import { leaseFrom } from '../domain/checkInDecision.js';
import { claimOwners, type CheckInRunDeps, type CheckInRunSummary, type SendPlan } from './checkInClaims.js';
import { OutcomeRecorder, type SendResult } from './checkInOutcomes.js';
import { DeliveryError } from './ports.js';

export type { CheckInRunDeps, CheckInRunSummary } from './checkInClaims.js';

export interface RunOptions {
  /** Owners fetched per due query. */
  readonly batchSize?: number;
  /**
   * DMs in flight at once. discord.js queues per route and respects the global 50/s limit; this
   * only bounds how much we hand it at a time.
   */
  readonly concurrency?: number;
  /** Upper bound on due queries per run; the next tick picks up the rest. */
  readonly maxBatches?: number;
  /**
   * Owners claimed per transaction (one commit, so one fsync, for all of them). Claims are taken
   * just ahead of the sends, so a claim waits at most one chunk of sends for its turn.
   */
  readonly claimChunk?: number;
  /** Send results stored per transaction… */
  readonly recordChunk?: number;
  /** …or after this long, whichever comes first (below the heartbeat, claimHeartbeatSeconds). */
  readonly recordWindowMs?: number;
  /** How often the run renews the leases of its open claims (tests shorten it). */
  readonly heartbeatMs?: number;
}

const DEFAULTS = {
  batchSize: 500,
  concurrency: 8,
  maxBatches: 200,
  claimChunk: 50,
  recordChunk: 50,
  recordWindowMs: 250,
  heartbeatMs: CHECK_IN_POLICY.claimHeartbeatSeconds * 1000,
} as const;

function emptySummary(): CheckInRunSummary {
  return {
    due: 0,
    sent: 0,
    nudged: 0,
    autoPaused: 0,
    failed: 0,
    skippedLate: 0,
    resent: 0,
    held: 0,
    alreadyClaimed: 0,
  };
}

async function sendPlanned(
  deps: CheckInRunDeps,
  plan: SendPlan,
  summary: CheckInRunSummary,
): Promise<SendResult> {
  try {
    const result = await deps.notifier.sendDm({
      ownerId: plan.ownerId,
      dmChannelId: plan.dmChannelId,
      message: plan.message,
      nonce: plan.nonce,
    });
    summary.sent++;
    if (plan.kind === 'nudge') summary.nudged++;
    return { ok: true, result };
  } catch (error) {
    summary.failed++;
    const closed = error instanceof DeliveryError && error.reason === 'dms_closed';
    if (!closed) {
      deps.logger.warn(
        { err: error, ownerId: plan.ownerId, localDate: plan.localDate },
        'check-in DM failed',
      );
    }
    return { ok: false, error };
  }
}

/**
 * Sends to the due owners, `concurrency` at a time. Owners are claimed `claimChunk` at a time, just
 * before the first of them is sent (a worker that finds no claimed owner left claims the next chunk;
 * the others wait for that claim rather than claim chunks of their own), so claims never wait long for
 * their send and never run far ahead of it.
 */
async function sendToDue(
  deps: CheckInRunDeps,
  ids: readonly string[],
  settings: Required<Pick<RunOptions, 'concurrency' | 'claimChunk'>>,
  recorder: OutcomeRecorder,
  summary: CheckInRunSummary,
  token: string,
): Promise<void> {
  let next = 0;
  const queue: SendPlan[] = [];
  let claiming: Promise<void> | undefined;
  const take = async (): Promise<SendPlan | undefined> => {
    for (;;) {
      const plan = queue.shift();
      if (plan !== undefined) return plan;
      if (claiming === undefined) {
        if (next >= ids.length) return undefined;
        const chunk = ids.slice(next, next + settings.claimChunk);
        next += chunk.length;
        claiming = claimOwners(deps, chunk, summary, token).then((plans) => {
          queue.push(...plans);
          claiming = undefined;
        });
      }
      await claiming;
    }
  };
  const worker = async (): Promise<void> => {
    for (let plan = await take(); plan !== undefined; plan = await take()) {
      const result = await sendPlanned(deps, plan, summary);
      recorder.add({ plan, result, at: deps.clock.now() });
    }
  };
  const workers = Math.max(1, Math.min(settings.concurrency, ids.length));
  await Promise.allSettled(Array.from({ length: workers }, worker));
}

/**
 * One tick: sends every due check-in (once per owner and local day), nudges the quiet, pauses the
 * silent, skips what is too late to matter; failures stay with their owner. Returns what happened.
 */
export async function runDueCheckIns(
  deps: CheckInRunDeps,
  options: RunOptions = {},
): Promise<CheckInRunSummary> {
  const settings = { ...DEFAULTS, ...options };
  const summary = emptySummary();
  const recorder = new OutcomeRecorder(deps, settings.recordChunk, settings.recordWindowMs);
  const seen = new Set<string>();
  // This run's claims: its token, and a heartbeat on their leases until every result is recorded.
  const token = randomUUID();
  const heartbeat = setInterval(() => {
    deps.store
      .transaction((tx) => tx.checkIns.renewClaims(token, leaseFrom(deps.clock.now())))
      .catch((error: unknown) => {
        deps.logger.warn({ err: error }, 'check-in heartbeat failed');
      });
  }, settings.heartbeatMs);
  heartbeat.unref();
  try {
    for (let batch = 0; batch < settings.maxBatches; batch++) {
      const found = await deps.store.checkIns.dueOwnerIds(deps.clock.now(), settings.batchSize);
      const fresh = found.filter((id) => !seen.has(id));
      if (fresh.length === 0) break;
      for (const id of fresh) seen.add(id);
      summary.due += fresh.length;
      await sendToDue(deps, fresh, settings, recorder, summary, token);
      if (found.length < settings.batchSize) break;
    }
  } finally {
    try {
      await recorder.drain();
    } finally {
      clearInterval(heartbeat);
    }
  }
  deps.logger.debug({ checkIns: summary }, 'check-in run');
  return summary;
}
