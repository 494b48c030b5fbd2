/**
 * The tick that sends the daily check-ins that are due (the owners' settings are in checkInSettings.ts).
 *
 * Exactly once per owner and local day: the tick claims (owner, local date) in check_in_sends with
 * INSERT … ON CONFLICT DO NOTHING in the same write transaction that moves next_check_in_at forward,
 * before anything is sent. A second tick, a restart or a second process finds either the owner no
 * longer due or the claim taken, and sends nothing.
 *
 * Crash policy (a claim taken, its send never recorded):
 * - While sending, next_check_in_at holds a short lease (claim + staleClaimMinutes) instead of the
 *   next day's time; recording the outcome hands back the real next time. So an interrupted send
 *   makes the owner due again a couple of minutes later, through the same indexed query.
 * - Then a claim still 'claimed' and at most resendWithinMinutes old is re-sent ONCE, with the SAME
 *   nonce (derived from owner + local date). If the first send did reach Discord, enforce_nonce makes
 *   Discord return that message instead of posting a second one.
 * - A claim older than that (the bot was down longer than Discord's nonce memory) or already retried
 *   is marked 'failed' and not sent: at most one visible message per day beats a possible duplicate.
 *
 * What to do with each due owner is decided by the pure decideCheckIn (domain/checkInDecision.ts);
 * this module reads its inputs, applies it through the store, sends, and records the outcomes.
 * No network I/O happens inside a transaction.
 */
import { CHECK_IN_POLICY, checkInNonce, type CheckInKind } from '../domain/checkInPolicy.js';
import { decideCheckIn, type AbandonReason, type BeforeSteps } from '../domain/checkInDecision.js';
import { plannedNext } from '../domain/checkInSchedule.js';
import type { LocalDate } from '../domain/schedule.js';
import { stageInfo } from '../domain/stages.js';
import {
  AUTO_PAUSE_TEXT,
  CHECK_IN_OPENERS,
  NUDGE_LINES,
  checkInHint,
  nextTinyStep,
  pick,
  seedFrom,
} from '../domain/words.js';
import type { Deps } from './deps.js';
import { DeliveryError, type DmResult, type DmView } from './ports.js';
import type { StoreTx } from './store/store.js';

const MINUTE_MS = 60_000;

/** What the tick uses: the store, the clock, the notifier and the logger (no database handle). */
export type CheckInRunDeps = Pick<Deps, 'store' | 'clock' | 'notifier' | 'logger'>;

export interface CheckInRunSummary {
  /** Owners the due query returned. */
  due: number;
  /** DMs delivered (check-ins, nudges, auto-pause notes, re-sends). */
  sent: number;
  /** Of those, nudges. */
  nudged: number;
  /** Owners paused for silence this run (told once). */
  autoPaused: number;
  /** Sends that failed, and owners that hit an unexpected error. */
  failed: number;
  /** Missed check-ins outside the grace window: recorded as 'skipped', not sent. */
  skippedLate: number;
  /** Interrupted sends retried with their nonce. */
  resent: number;
  /** Paused or unreachable owners: rescheduled, nothing sent. */
  held: number;
  /** The day was already claimed (another tick or process, or an earlier send today). */
  alreadyClaimed: number;
}

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
  /** …or after this long, whichever comes first (far below the claim's lease, staleClaimMinutes). */
  readonly recordWindowMs?: number;
}

const DEFAULTS = {
  batchSize: 500,
  concurrency: 8,
  maxBatches: 200,
  claimChunk: 50,
  recordChunk: 50,
  recordWindowMs: 250,
} as const;

/** Stored with a claim given up (check_in_sends.error). */
const ABANDONED: Record<AbandonReason, string> = {
  stale: 'interrupted; not re-sent (retried already, or too old for nonce deduplication)',
  held: 'interrupted; not re-sent (paused or DMs closed since)',
};

interface SendPlan {
  readonly ownerId: string;
  readonly localDate: LocalDate;
  readonly kind: CheckInKind;
  readonly dmChannelId: string | null;
  readonly message: DmView;
  readonly nonce: string;
  /** The next_check_in_at written with the claim; recording hands back the real time only if unchanged. */
  readonly lease: Date;
  readonly resend: boolean;
}

type Plan =
  | { readonly type: 'send'; readonly send: SendPlan }
  | { readonly type: 'done'; readonly outcome: 'notDue' | 'held' | 'skippedLate' | 'alreadyClaimed' };

/** Today's DM for the owner: the cats with today's tiny step (varied per cat and day), or the pause note. */
async function buildMessage(
  tx: StoreTx,
  ownerId: string,
  localDate: LocalDate,
  kind: CheckInKind,
): Promise<DmView> {
  if (kind === 'auto_pause') return { kind: 'text', text: AUTO_PAUSE_TEXT };
  const seed = seedFrom(ownerId, localDate);
  const cats = (await tx.checkIns.listCats(ownerId)).map((cat) => {
    const info = stageInfo(cat.stage);
    return {
      id: cat.id,
      name: cat.name,
      stageName: info.name,
      position: info.position,
      step: nextTinyStep(cat.stage, seedFrom(cat.id, localDate)),
    };
  });
  return {
    kind: 'checkIn',
    view: {
      ownerId,
      localDate,
      nudge: kind === 'nudge',
      opener: kind === 'nudge' ? pick(NUDGE_LINES, seed) : pick(CHECK_IN_OPENERS, seed),
      cats,
      hint: checkInHint(cats.length > 0, seed),
    },
  };
}

/** Gives up an interrupted send and ends a pause that ran out, as the decision says. */
async function applyBeforeSteps(tx: StoreTx, ownerId: string, steps: BeforeSteps): Promise<void> {
  if (steps.abandon !== null) {
    await tx.checkIns.abandonClaim(ownerId, steps.abandon.localDate, ABANDONED[steps.abandon.reason]);
  }
  if (steps.endPauseAt !== null) {
    await tx.owners.endOpenPause(ownerId, steps.endPauseAt);
    await tx.owners.update(ownerId, { paused: false, pausedUntil: null, pausedReason: null });
  }
}

/**
 * Decides, claims and reschedules one due owner. Runs inside claimOwners' write transaction (so two
 * processes serialise there). Re-reads the owner: whoever got here first already moved next_check_in_at.
 */
async function planOwner(tx: StoreTx, ownerId: string, now: Date): Promise<Plan> {
  const subject = await tx.checkIns.readSubject(ownerId);
  if (subject === undefined) return { type: 'done', outcome: 'notDue' };
  const { owner } = subject;
  const decision = decideCheckIn({ ...subject, now });
  const sendPlan = async (localDate: LocalDate, kind: CheckInKind, lease: Date, resend: boolean) => {
    const message = await buildMessage(tx, ownerId, localDate, kind);
    const send = {
      ownerId,
      localDate,
      kind,
      dmChannelId: owner.dmChannelId,
      message,
      nonce: checkInNonce(ownerId, localDate),
      lease,
      resend,
    };
    return { type: 'send', send } as const;
  };
  switch (decision.type) {
    case 'notDue':
      return { type: 'done', outcome: 'notDue' };
    case 'waitForClaim':
      // Someone may still be sending it; look again once the claim is stale.
      await tx.checkIns.setNextCheckIn(ownerId, decision.next);
      return { type: 'done', outcome: 'alreadyClaimed' };
    case 'hold':
      await applyBeforeSteps(tx, ownerId, decision);
      await tx.checkIns.setNextCheckIn(ownerId, decision.next);
      return { type: 'done', outcome: 'held' };
    case 'resend':
      await tx.checkIns.markResent(ownerId, decision.localDate);
      await tx.checkIns.setNextCheckIn(ownerId, decision.lease);
      return sendPlan(decision.localDate, decision.kind, decision.lease, true);
    case 'skipLate':
      await applyBeforeSteps(tx, ownerId, decision);
      await tx.checkIns.recordSkipped({
        ownerId,
        localDate: decision.localDate,
        at: now,
        error: `due ${decision.due.toISOString()}; outside the grace window`,
      });
      await tx.checkIns.setNextCheckIn(ownerId, decision.next);
      return { type: 'done', outcome: 'skippedLate' };
    case 'claim': {
      await applyBeforeSteps(tx, ownerId, decision);
      const { localDate, kind, lease } = decision;
      if (!(await tx.checkIns.claim({ ownerId, localDate, kind, at: now }))) {
        await tx.checkIns.setNextCheckIn(ownerId, plannedNext(decision.settings, now));
        return { type: 'done', outcome: 'alreadyClaimed' };
      }
      if (kind === 'auto_pause') {
        await tx.owners.update(ownerId, { paused: true, pausedUntil: null, pausedReason: 'silence' });
        await tx.owners.startPause(ownerId, now);
      }
      await tx.checkIns.setNextCheckIn(ownerId, lease);
      return sendPlan(localDate, kind, lease, false);
    }
  }
}

/**
 * Plans and claims a chunk of due owners in ONE write transaction: one commit (one fsync with
 * synchronous=FULL) for all their claims, still before anything is sent. Each owner runs in its own
 * savepoint, so one broken row is rolled back alone and retried later without holding up the others.
 */
async function claimOwners(
  deps: CheckInRunDeps,
  ids: readonly string[],
  summary: CheckInRunSummary,
): Promise<SendPlan[]> {
  const now = deps.clock.now();
  try {
    return await deps.store.transaction(async (tx) => {
      const plans: SendPlan[] = [];
      for (const ownerId of ids) {
        let plan: Plan;
        try {
          plan = await tx.savepoint((inner) => planOwner(inner, ownerId, now));
        } catch (error) {
          summary.failed++;
          deps.logger.error({ err: error, ownerId }, 'check-in planning failed');
          // Move on, so one broken row does not hold the queue or fail every minute.
          const retryAt = new Date(now.getTime() + CHECK_IN_POLICY.retryAfterErrorMinutes * MINUTE_MS);
          await tx.checkIns.setNextCheckIn(ownerId, retryAt);
          continue;
        }
        if (plan.type === 'done') {
          if (plan.outcome !== 'notDue') summary[plan.outcome]++;
          continue;
        }
        if (plan.send.kind === 'auto_pause') summary.autoPaused++;
        if (plan.send.resend) summary.resent++;
        plans.push(plan.send);
      }
      return plans;
    });
  } catch (error) {
    // Nothing of this chunk was claimed (the transaction rolled back): nothing is sent, the owners stay due.
    summary.failed += ids.length;
    deps.logger.error({ err: error, owners: ids.length }, 'check-in claims failed');
    return [];
  }
}

type SendResult =
  { readonly ok: true; readonly result: DmResult } | { readonly ok: false; readonly error: unknown };

interface Outcome {
  readonly plan: SendPlan;
  readonly result: SendResult;
  readonly at: Date;
}

function errorText(error: unknown): string {
  return (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(0, 500);
}

/** Stores what one send did, and hands the schedule back unless settings changed meanwhile. */
async function recordOutcome(tx: StoreTx, { plan, result, at }: Outcome): Promise<void> {
  const { ownerId, localDate } = plan;
  if (result.ok) {
    const { messageId, dmChannelId } = result.result;
    await tx.checkIns.recordSent({ ownerId, localDate, at, messageId, dmChannelId });
  } else {
    const closed = result.error instanceof DeliveryError && result.error.reason === 'dms_closed';
    const error = closed ? 'dms_closed' : errorText(result.error);
    await tx.checkIns.recordFailed({ ownerId, localDate, error, dmsClosed: closed });
  }
  const owner = await tx.checkIns.readOwner(ownerId);
  if (owner?.nextCheckInAt?.getTime() === plan.lease.getTime()) {
    await tx.checkIns.setNextCheckIn(ownerId, plannedNext(owner, at));
  }
}

/**
 * Stores send results in batches: one write transaction per `recordChunk` results or per
 * `recordWindowMs`, whichever comes first, and whatever is left at the end of the run.
 * Safe because a result not stored yet is exactly the crash case the policy above covers: the claim
 * stays 'claimed' with its lease and is re-sent once with the same nonce, which Discord deduplicates.
 */
class OutcomeRecorder {
  private pending: Outcome[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly flushing = new Set<Promise<void>>();

  constructor(
    private readonly deps: CheckInRunDeps,
    private readonly chunk: number,
    private readonly windowMs: number,
  ) {}

  add(outcome: Outcome): void {
    this.pending.push(outcome);
    if (this.pending.length >= this.chunk) this.flush();
    else if (this.timer === undefined) {
      this.timer = setTimeout(() => {
        this.flush();
      }, this.windowMs);
      // Never what keeps the process alive: the run's own end flushes whatever is left.
      this.timer.unref();
    }
  }

  /** Starts storing what is pending (it never rejects: failures are logged). */
  flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    const done = this.store(batch).finally(() => this.flushing.delete(done));
    this.flushing.add(done);
  }

  /** Stores whatever is pending and waits for every batch still being stored. */
  async drain(): Promise<void> {
    this.flush();
    await Promise.all(this.flushing);
  }

  private async store(batch: readonly Outcome[]): Promise<void> {
    try {
      await this.deps.store.transaction(async (tx) => {
        for (const outcome of batch) await recordOutcome(tx, outcome);
      });
    } catch (error) {
      // The claims stay 'claimed' with their lease: the next tick re-sends them with the same nonce.
      for (const { plan } of batch) {
        this.deps.logger.error(
          { err: error, ownerId: plan.ownerId, localDate: plan.localDate },
          'recording a check-in failed',
        );
      }
    }
  }
}

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
        claiming = claimOwners(deps, chunk, summary).then((plans) => {
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
  try {
    for (let batch = 0; batch < settings.maxBatches; batch++) {
      const found = await deps.store.checkIns.dueOwnerIds(deps.clock.now(), settings.batchSize);
      const fresh = found.filter((id) => !seen.has(id));
      if (fresh.length === 0) break;
      for (const id of fresh) seen.add(id);
      summary.due += fresh.length;
      await sendToDue(deps, fresh, settings, recorder, summary);
      if (found.length < settings.batchSize) break;
    }
  } finally {
    await recorder.drain();
  }
  deps.logger.debug({ checkIns: summary }, 'check-in run');
  return summary;
}
