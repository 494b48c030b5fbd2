/**
 * The claim half of the check-in tick: for each due owner, read what the decision needs, decide
 * (domain/checkInDecision.ts) and apply the decision through the store, a chunk of owners per
 * transaction. See the crash policy in checkInRun.ts.
 */
import { CHECK_IN_POLICY, checkInNonce, type CheckInKind } from '../domain/checkInPolicy.js';
import { decideCheckIn, type AbandonReason, type BeforeSteps } from '../domain/checkInDecision.js';
import { plannedNext } from '../domain/checkInSchedule.js';
import type { LocalDate } from '../domain/schedule.js';
import { stageInfo } from '../domain/stages.js';
import { CHECK_IN_OPENERS, NUDGE_LINES, pick, seedFrom } from '../domain/words.js';
import type { Deps } from './deps.js';
import { catNextStep } from './nextStep.js';
import type { CheckInCat, DmView } from './ports.js';
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

/** Stored with a claim given up (check_in_sends.error). */
const ABANDONED: Record<AbandonReason, string> = {
  stale: 'interrupted; not re-sent (retried already, or too old for nonce deduplication)',
  held: 'interrupted; not re-sent (paused or DMs closed since)',
};

export interface SendPlan {
  readonly ownerId: string;
  readonly localDate: LocalDate;
  readonly kind: CheckInKind;
  readonly dmChannelId: string | null;
  readonly message: DmView;
  readonly nonce: string;
  /**
   * The run's claim token (the fence): recording succeeds only while the claim still holds it. The
   * claim's lease, and the owner's next_check_in_at with it, are renewed by the run's heartbeat;
   * recording hands back the real next time only if next_check_in_at still holds the claim's lease.
   */
  readonly token: string;
  /** The lease written with the claim (the heartbeat moves it on). */
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
  if (kind === 'auto_pause') return { kind: 'autoPause' };
  const seed = seedFrom(ownerId, localDate);
  const cats: CheckInCat[] = [];
  for (const cat of await tx.checkIns.listCats(ownerId)) {
    const info = stageInfo(cat.stage);
    // The latest session decides the step: advice after stress, the vet after possible pain (until a new log).
    const [latest] = await tx.sessions.recent(cat.id, 1);
    cats.push({
      id: cat.id,
      name: cat.name,
      stageName: info.name,
      position: info.position,
      step: catNextStep(cat, latest, localDate),
      ...(cat.ownerId === ownerId ? {} : { shared: true }),
    });
  }
  return {
    kind: 'checkIn',
    view: {
      ownerId,
      localDate,
      nudge: kind === 'nudge',
      opener: kind === 'nudge' ? pick(NUDGE_LINES, seed) : pick(CHECK_IN_OPENERS, seed),
      cats,
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
async function planOwner(tx: StoreTx, ownerId: string, now: Date, token: string): Promise<Plan> {
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
      token,
      lease,
      resend,
    };
    return { type: 'send', send } as const;
  };
  switch (decision.type) {
    case 'notDue':
      return { type: 'done', outcome: 'notDue' };
    case 'waitForClaim':
      // Its sender is alive (its heartbeat renews the lease); look again when the lease ends.
      await tx.checkIns.setNextCheckIn(ownerId, decision.next);
      return { type: 'done', outcome: 'alreadyClaimed' };
    case 'hold':
      await applyBeforeSteps(tx, ownerId, decision);
      await tx.checkIns.setNextCheckIn(ownerId, decision.next);
      return { type: 'done', outcome: 'held' };
    case 'resend':
      // Taken over: the sender that held it before (if alive after all) is fenced off.
      await tx.checkIns.markResent(ownerId, decision.localDate, { token, leaseUntil: decision.lease });
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
      if (!(await tx.checkIns.claim({ ownerId, localDate, kind, at: now }, { token, leaseUntil: lease }))) {
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
export async function claimOwners(
  deps: CheckInRunDeps,
  ids: readonly string[],
  summary: CheckInRunSummary,
  token: string,
): Promise<SendPlan[]> {
  const now = deps.clock.now();
  try {
    return await deps.store.transaction(async (tx) => {
      const plans: SendPlan[] = [];
      for (const ownerId of ids) {
        let plan: Plan;
        try {
          plan = await tx.savepoint((inner) => planOwner(inner, ownerId, now, token));
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
