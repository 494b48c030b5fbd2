/**
 * /session start: a short-session timer. Starting one stores it (one per owner; a new one replaces the
 * old); when it is due, whichever process claims it tells the owner to stop, on a high note.
 *
 * Delivery rules:
 * - A due timer is claimed atomically with a fresh token (the fence) and a lease renewed by a heartbeat
 *   while it is being sent, as the outbox does; a process that dies leaves a lease that runs out, and the
 *   next run anywhere (the same process restarted included) claims the timer again.
 * - The first try answers on the owner's own interaction (a follow-up only they see) while Discord still
 *   takes it; after that (or when the follow-up fails: the interaction expired) a DM, whose nonce is the
 *   timer's own, so a DM repeated after a crash shows once.
 * - Closed DMs are recorded on the timer and it stops there; a DM that fails for a passing reason is
 *   tried again later, up to `maxAttempts` claims.
 */
import { randomUUID } from 'node:crypto';
import { STAGE_RULES, stageInfo } from '../domain/stages.js';
import { resolveCat } from './cats.js';
import type { Deps } from './deps.js';
import { UserFacingError } from './errors.js';
import { LIMITS } from './limits.js';
import { DeliveryError, type SessionTimerDoneView } from './ports.js';
import { stageRef, type StageRef } from './sessions.js';
import type { ClaimedSessionTimer } from './store/sessionTimers.js';

export const SESSION_TIMER_POLICY = {
  /** How long a claim holds without a heartbeat: the longest a dead process delays a timer. */
  leaseMs: 20_000,
  heartbeatMs: 5_000,
  /** Claims per timer before it is given up. */
  maxAttempts: 3,
  /** After a DM failed for a passing reason, wait this long before the next try. */
  retryAfterMs: 30_000,
  /** Timers claimed per round. */
  batch: 20,
  /** A message sent later than this after the timer ended says that it is late. */
  lateAfterMs: 2 * 60_000,
} as const;

export interface StartSessionTimerInput {
  readonly ownerId: string;
  readonly cat?: string | null | undefined;
  /** Null or undefined: the stage's suggested session length. */
  readonly minutes?: number | null | undefined;
  /**
   * How to answer again on the interaction that started it, and for how long from now that works; null:
   * a DM will say when the time is up.
   */
  readonly followUp: { readonly replyHandle: string; readonly usableForMs: number } | null;
}

export interface SessionTimerStartView {
  readonly catId: number;
  readonly catName: string;
  readonly stage: StageRef;
  /** The aim of a session at this stage, in a line. */
  readonly goal: string;
  readonly minutes: number;
  /** Whether `minutes` is the stage's suggested length (none was given). */
  readonly suggested: boolean;
  readonly endsAt: Date;
  /** The timer this one replaced, when it was still running. */
  readonly replaced: { readonly catName: string; readonly endsAt: Date } | null;
}

function checkMinutes(minutes: number): number {
  if (!Number.isInteger(minutes) || minutes < LIMITS.minMinutes || minutes > LIMITS.maxTimerMinutes) {
    throw new UserFacingError({
      code: 'invalid_minutes',
      data: { min: LIMITS.minMinutes, max: LIMITS.maxTimerMinutes, from: 'option' },
    });
  }
  return minutes;
}

/** Starts the owner's session timer for a cat (resolved as /log does), replacing the one they had. */
export async function startSessionTimer(
  deps: Pick<Deps, 'store' | 'clock'>,
  input: StartSessionTimerInput,
): Promise<SessionTimerStartView> {
  const given = input.minutes ?? null;
  if (given !== null) checkMinutes(given);
  const now = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    // The owner's row first: it serialises two starts by one owner (and locks before the cats).
    await tx.owners.ensure(input.ownerId, now);
    const cat = await resolveCat(tx, input.ownerId, input.cat);
    const minutes = given ?? STAGE_RULES[cat.stage].sessionMinutes;
    const endsAt = new Date(now.getTime() + minutes * 60_000);
    const { replaced } = await tx.sessionTimers.start({
      ownerId: input.ownerId,
      catId: cat.id,
      minutes,
      startedAt: now,
      endsAt,
      replyHandle: input.followUp?.replyHandle ?? null,
      followUpUntil: input.followUp ? new Date(now.getTime() + input.followUp.usableForMs) : null,
    });
    const replacedCat =
      replaced?.status === 'running'
        ? replaced.catId === cat.id
          ? cat
          : await tx.cats.find(replaced.catId)
        : undefined;
    return {
      catId: cat.id,
      catName: cat.name,
      stage: stageRef(cat.stage),
      goal: stageInfo(cat.stage).sessionGoal,
      minutes,
      suggested: given === null,
      endsAt,
      replaced: replaced && replacedCat ? { catName: replacedCat.name, endsAt: replaced.endsAt } : null,
    };
  });
}

/** The DM nonce of a timer: its id is new for every timer, so a repeat of this DM is this DM. ≤ 25 chars. */
export function sessionTimerNonce(timerId: number): string {
  return `session-timer-${String(timerId)}`;
}

export interface SessionTimerRunSummary {
  /** Timers claimed in this run. */
  due: number;
  followUps: number;
  dms: number;
  dmsClosed: number;
  retried: number;
  failed: number;
  /** Timers whose claim another process took over, or that were replaced or deleted meanwhile. */
  lost: number;
}

type TimerDeps = Pick<Deps, 'store' | 'clock' | 'logger' | 'notifier'>;

function errorText(error: unknown): string {
  return (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(0, 500);
}

/** Whether this try may answer on the owner's interaction: the first try, while Discord still takes it. */
function mayFollowUp(
  timer: ClaimedSessionTimer,
  now: Date,
): timer is ClaimedSessionTimer & { replyHandle: string } {
  return (
    timer.attempts === 1 &&
    timer.replyHandle !== null &&
    timer.followUpUntil !== null &&
    now.getTime() < timer.followUpUntil.getTime()
  );
}

async function fireOne(deps: TimerDeps, timer: ClaimedSessionTimer, summary: SessionTimerRunSummary) {
  const { store, clock, logger, notifier } = deps;
  const finish = async (outcome: Parameters<typeof store.sessionTimers.finish>[2]) => {
    if (!(await store.sessionTimers.finish(timer.id, timer.claimToken, outcome))) summary.lost++;
  };
  if (timer.attempts > SESSION_TIMER_POLICY.maxAttempts) {
    // Only tries that died before recording anything get here (a crash, the database failing).
    summary.failed++;
    await finish({ status: 'failed', at: clock.now(), error: 'gave up: no try recorded an outcome' });
    return;
  }
  // Removing the cat, or the owner's data, deletes the timer with it; one caught in between is dropped.
  const cat = await store.cats.find(timer.catId);
  if (cat?.ownerId !== timer.ownerId) {
    summary.lost++;
    await store.sessionTimers.finish(timer.id, timer.claimToken, {
      status: 'failed',
      at: clock.now(),
      error: 'cat_gone',
    });
    return;
  }
  const now = clock.now();
  const view: SessionTimerDoneView = {
    ownerId: timer.ownerId,
    catId: cat.id,
    catName: cat.name,
    minutes: timer.minutes,
    endsAt: timer.endsAt,
    late: now.getTime() - timer.endsAt.getTime() > SESSION_TIMER_POLICY.lateAfterMs,
  };
  if (mayFollowUp(timer, now)) {
    try {
      await notifier.followUp({
        replyHandle: timer.replyHandle,
        message: { kind: 'sessionTimerDone', view },
      });
      summary.followUps++;
      await finish({ status: 'done', at: clock.now(), via: 'follow_up' });
      return;
    } catch (error) {
      const reason = error instanceof DeliveryError ? error.reason : 'other';
      logger.info({ err: error, timerId: timer.id, reason }, 'session timer follow-up failed; sending a DM');
    }
  }
  const owner = await store.owners.find(timer.ownerId);
  try {
    const sent = await notifier.sendDm({
      ownerId: timer.ownerId,
      dmChannelId: owner?.dmChannelId ?? null,
      message: { kind: 'sessionTimerDone', view },
      nonce: sessionTimerNonce(timer.id),
    });
    summary.dms++;
    await finish({ status: 'done', at: clock.now(), via: 'dm' });
    if (owner && owner.dmChannelId !== sent.dmChannelId) {
      await store.owners.update(timer.ownerId, { dmChannelId: sent.dmChannelId });
    }
  } catch (error) {
    if (error instanceof DeliveryError && error.reason === 'dms_closed') {
      // Recorded, and that is the end of it: no retries against closed DMs.
      summary.dmsClosed++;
      await finish({ status: 'dms_closed', at: clock.now(), error: 'dms_closed' });
      return;
    }
    const text = errorText(error);
    logger.warn({ err: error, timerId: timer.id, attempt: timer.attempts }, 'session timer DM failed');
    const passing = error instanceof DeliveryError && error.reason === 'transient';
    if (passing && timer.attempts < SESSION_TIMER_POLICY.maxAttempts) {
      const retryAt = new Date(clock.now().getTime() + SESSION_TIMER_POLICY.retryAfterMs);
      if (await store.sessionTimers.retryLater(timer.id, timer.claimToken, retryAt, text)) summary.retried++;
      else summary.lost++;
    } else {
      summary.failed++;
      await finish({ status: 'failed', at: clock.now(), error: text });
    }
  }
}

/** One run: claims the due timers, fires each with a heartbeat on the lease, until none is left. */
export async function runDueSessionTimers(
  deps: TimerDeps,
  options: { readonly heartbeatMs?: number } = {},
): Promise<SessionTimerRunSummary> {
  const summary: SessionTimerRunSummary = {
    due: 0,
    followUps: 0,
    dms: 0,
    dmsClosed: 0,
    retried: 0,
    failed: 0,
    lost: 0,
  };
  const { store, clock, logger } = deps;
  for (;;) {
    const token = randomUUID();
    const leaseUntil = () => new Date(clock.now().getTime() + SESSION_TIMER_POLICY.leaseMs);
    const timers = await store.sessionTimers.claimDue(
      clock.now(),
      leaseUntil(),
      token,
      SESSION_TIMER_POLICY.batch,
    );
    if (timers.length === 0) break;
    summary.due += timers.length;
    const heartbeat = setInterval(() => {
      store.sessionTimers.renew(token, leaseUntil()).catch((error: unknown) => {
        logger.warn({ err: error }, 'session timer heartbeat failed');
      });
    }, options.heartbeatMs ?? SESSION_TIMER_POLICY.heartbeatMs);
    heartbeat.unref();
    try {
      // One owner's failure never holds up another's (each is settled on its own).
      const results = await Promise.allSettled(timers.map((timer) => fireOne(deps, timer, summary)));
      for (const [i, result] of results.entries()) {
        if (result.status === 'rejected') {
          summary.failed++;
          logger.error({ err: result.reason, timerId: timers[i]?.id }, 'firing a session timer failed');
        }
      }
    } finally {
      clearInterval(heartbeat);
    }
    if (timers.length < SESSION_TIMER_POLICY.batch) break;
  }
  return summary;
}
