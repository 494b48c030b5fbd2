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
 *   So claims run ahead of their sends only a little: at most claimAhead owners and claimAheadMs (30 s)
 *   of waiting. A claim is then sent within ~30 s of being taken, and after a crash it is looked at
 *   again within lease + tick (~35 s): ~65 s in all, far inside resendWithinMinutes (5 min).
 *
 * What to do with each due owner is decided by the pure decideCheckIn (domain/checkInDecision.ts) and
 * applied through the store in checkInClaims.ts; this module sends, and checkInOutcomes.ts records what
 * each send did. No network I/O happens inside a transaction.
 */
import { randomUUID } from 'node:crypto';
import { CHECK_IN_POLICY } from '../domain/checkInPolicy.js';
import { leaseFrom } from '../domain/checkInDecision.js';
import {
  claimOwners,
  emptySummary,
  type CheckInRunDeps,
  type CheckInRunSummary,
  type SendPlan,
} from './checkInClaims.js';
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
  /** Owners claimed per transaction (one commit, so one fsync, for all of them). */
  readonly claimChunk?: number;
  /** Claimed owners waiting for a sender, at most (the claimer waits below it)… */
  readonly claimAhead?: number;
  /** …and the oldest of them waiting at most this long before the claimer waits. */
  readonly claimAheadMs?: number;
  /** Send results stored per transaction… */
  readonly recordChunk?: number;
  /** …or after this long, whichever comes first (below the heartbeat, claimHeartbeatSeconds). */
  readonly recordWindowMs?: number;
  /** How often the run renews the leases of its open claims (tests shorten it). */
  readonly heartbeatMs?: number;
}

const DEFAULTS = {
  batchSize: 1_000,
  concurrency: 8,
  maxBatches: 200,
  claimChunk: 200,
  claimAhead: 5_000,
  claimAheadMs: 30_000,
  recordChunk: 50,
  recordWindowMs: 250,
  heartbeatMs: CHECK_IN_POLICY.claimHeartbeatSeconds * 1000,
} as const;

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

/** A claimed owner waiting for a sender, and when it was claimed (the clock's ms). */
interface Queued {
  readonly plan: SendPlan;
  readonly claimedAt: number;
}

/** Wakes whoever waits for the next change of the queue (a claim added, a claim taken, the end). */
class Signal {
  private waiting: (() => void)[] = [];
  wait(): Promise<void> {
    return new Promise((resolve) => this.waiting.push(resolve));
  }
  fire(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const resolve of waiting) resolve();
  }
}

/**
 * The fan-out: one claimer and `concurrency` senders. The claimer reads due owners a batch at a time and
 * claims them `claimChunk` at a time (claimOwners: one transaction per chunk), ahead of the senders, so a
 * spike of due owners is claimed in seconds whatever the sends cost. It stays at most `claimAhead` owners
 * and `claimAheadMs` ahead: a claim is sent well within Discord's nonce memory even when sends are paced
 * by the rate limit (a claim older than resendWithinMinutes is not re-sent after a crash). The run's
 * heartbeat keeps every claim it holds, queued or in flight.
 */
async function fanOut(
  deps: CheckInRunDeps,
  settings: Required<RunOptions>,
  recorder: OutcomeRecorder,
  summary: CheckInRunSummary,
  token: string,
): Promise<void> {
  const queue: Queued[] = [];
  const changed = new Signal();
  let claiming = true;
  const behind = (): boolean => {
    const oldest = queue[0];
    if (oldest === undefined) return false;
    const age = deps.clock.now().getTime() - oldest.claimedAt;
    return queue.length >= settings.claimAhead || age >= settings.claimAheadMs;
  };
  const claimer = async (): Promise<void> => {
    const seen = new Set<string>();
    try {
      for (let batch = 0; batch < settings.maxBatches; batch++) {
        const found = await deps.store.checkIns.dueOwnerIds(deps.clock.now(), settings.batchSize);
        const fresh = found.filter((id) => !seen.has(id));
        if (fresh.length === 0) break;
        for (const id of fresh) seen.add(id);
        summary.due += fresh.length;
        // Processes reading the same due owners spread out by themselves: a chunk another one is claiming
        // reads as locked (skipped), so each moves on to the next.
        for (let next = 0; next < fresh.length; next += settings.claimChunk) {
          while (behind()) await changed.wait();
          const chunk = fresh.slice(next, next + settings.claimChunk);
          const plans = await claimOwners(deps, chunk, summary, token);
          const claimedAt = deps.clock.now().getTime();
          for (const plan of plans) queue.push({ plan, claimedAt });
          changed.fire();
        }
        if (found.length < settings.batchSize) break;
      }
    } finally {
      claiming = false;
      changed.fire();
    }
  };
  const sender = async (): Promise<void> => {
    for (;;) {
      const item = queue.shift();
      if (item === undefined) {
        if (!claiming) return;
        await changed.wait();
        continue;
      }
      changed.fire();
      const result = await sendPlanned(deps, item.plan, summary);
      recorder.add({ plan: item.plan, result, at: deps.clock.now() });
    }
  };
  const senders = Array.from({ length: Math.max(1, settings.concurrency) }, sender);
  await Promise.allSettled([claimer(), ...senders]);
}

/** Runs the tasks given to it one at a time, in the order given (a failed one does not stop the next). */
function oneAtATime(): <T>(task: () => Promise<T>) => Promise<T> {
  let last: Promise<unknown> = Promise.resolve();
  return (task) => {
    const run = last.then(task, task);
    last = run.catch(() => undefined);
    return run;
  };
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
  // The heartbeat and the recording both write many of this run's claims and their owners in one
  // statement each: on PostgreSQL two such statements lock their rows in no common order, and at the same
  // time they deadlock (one is aborted after a second; a recording that lost three times left its claims
  // open, to be re-sent later). So this run's writes to its own claims take turns.
  const ownClaims = oneAtATime();
  const recorder = new OutcomeRecorder(deps, settings.recordChunk, settings.recordWindowMs, ownClaims);
  // This run's claims: its token, and a heartbeat on their leases until every result is recorded.
  const token = randomUUID();
  let beating = false;
  const heartbeat = setInterval(() => {
    // A beat still waiting (a slow database) is enough: beats never pile up on the pool.
    if (beating) return;
    beating = true;
    ownClaims(() =>
      deps.store.transaction((tx) => tx.checkIns.renewClaims(token, leaseFrom(deps.clock.now()))),
    )
      .catch((error: unknown) => {
        deps.logger.warn({ err: error }, 'check-in heartbeat failed');
      })
      .finally(() => {
        beating = false;
      });
  }, settings.heartbeatMs);
  heartbeat.unref();
  try {
    await fanOut(deps, settings, recorder, summary, token);
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
