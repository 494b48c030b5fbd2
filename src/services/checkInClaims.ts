/**
 * The claim half of the check-in tick: for each due owner, read what the decision needs, decide
 * (domain/checkInDecision.ts) and apply the decision through the store, a chunk of owners per
 * transaction. See the crash policy in checkInRun.ts.
 */
import { CHECK_IN_POLICY, checkInNonce, type CheckInKind } from '../domain/checkInPolicy.js';
import {
  decideCheckIn,
  type AbandonReason,
  type BeforeSteps,
  type CheckInDecision,
} from '../domain/checkInDecision.js';
import { plannedNext, type CheckInSettings } from '../domain/checkInSchedule.js';
import type { LocalDate } from '../domain/schedule.js';
import { stageInfo } from '../domain/stages.js';
import { CHECK_IN_OPENERS, NUDGE_LINES, pick, seedFrom } from '../domain/words.js';
import type { Deps } from './deps.js';
import { catNextStep } from './nextStep.js';
import type { CheckInCat, DmView } from './ports.js';
import type { CheckInCatWithLatest, CheckInSubject, HeldClaim, NextCheckIn } from './store/checkIns.js';
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
  /**
   * Owners the due query returned who were no longer this run's to decide: another process (or a
   * session being logged) held them, another run had just moved them on, or they were gone.
   */
  elsewhere: number;
}

export function emptySummary(): CheckInRunSummary {
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
    elsewhere: 0,
  };
}

/** What a chunk's claim transaction counted, added to the run's summary once it committed. */
type ChunkCounts = Pick<
  CheckInRunSummary,
  'failed' | 'skippedLate' | 'resent' | 'held' | 'alreadyClaimed' | 'elsewhere' | 'autoPaused'
>;

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

/** Today's DM for the owner: the cats with today's tiny step (varied per cat and day), or the pause note. */
function buildMessage(
  ownerId: string,
  localDate: LocalDate,
  kind: CheckInKind,
  catsOf: ReadonlyMap<string, readonly CheckInCatWithLatest[]>,
): DmView {
  if (kind === 'auto_pause') return { kind: 'autoPause' };
  const seed = seedFrom(ownerId, localDate);
  // The latest session decides the step: advice after stress, the vet after possible pain (until a new log).
  const cats: CheckInCat[] = (catsOf.get(ownerId) ?? []).map(({ cat, latest }) => {
    const info = stageInfo(cat.stage);
    return {
      id: cat.id,
      name: cat.name,
      stageName: info.name,
      position: info.position,
      step: catNextStep(cat, latest, localDate),
      ...(cat.ownerId === ownerId ? {} : { shared: true }),
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

const hasBeforeSteps = (steps: BeforeSteps): boolean => steps.abandon !== null || steps.endPauseAt !== null;

/**
 * The writes of one owner's decision that only some owners need (giving up a claim, ending a pause, a
 * re-send, a late day skipped, pausing the silent), in a savepoint of their own: one broken row is rolled
 * back alone. The common case, a plain claim, writes nothing here: claimOwners claims those for the whole
 * chunk at once. Resolves to whether the owner's silence pause was claimed here (auto_pause only).
 */
async function applyOwnWrites(
  tx: StoreTx,
  ownerId: string,
  decision: CheckInDecision,
  now: Date,
  token: string,
): Promise<boolean> {
  switch (decision.type) {
    case 'notDue':
    case 'waitForClaim':
      return false;
    case 'hold':
      if (hasBeforeSteps(decision)) await tx.savepoint((inner) => applyBeforeSteps(inner, ownerId, decision));
      return false;
    case 'resend':
      // Taken over: the sender that held it before (if alive after all) is fenced off.
      await tx.savepoint((inner) =>
        inner.checkIns.markResent(ownerId, decision.localDate, { token, leaseUntil: decision.lease }),
      );
      return false;
    case 'skipLate':
      await tx.savepoint(async (inner) => {
        await applyBeforeSteps(inner, ownerId, decision);
        await inner.checkIns.recordSkipped({
          ownerId,
          localDate: decision.localDate,
          at: now,
          error: `due ${decision.due.toISOString()}; outside the grace window`,
        });
      });
      return false;
    case 'claim': {
      if (decision.kind !== 'auto_pause') {
        if (hasBeforeSteps(decision))
          await tx.savepoint((inner) => applyBeforeSteps(inner, ownerId, decision));
        return false;
      }
      // The silence pause: claimed here with its writes, so the pause and its note stand or fall together.
      const { localDate, kind, lease } = decision;
      return tx.savepoint(async (inner) => {
        await applyBeforeSteps(inner, ownerId, decision);
        const claim = { ownerId, localDate, kind, at: now, leaseUntil: lease };
        if (!(await inner.checkIns.claim([claim], token)).has(ownerId)) return false;
        await inner.owners.update(ownerId, { paused: true, pausedUntil: null, pausedReason: 'silence' });
        await inner.owners.startPause(ownerId, now);
        return true;
      });
    }
  }
}

/**
 * Plans and claims a chunk of due owners in ONE write transaction, still before anything is sent: one
 * commit (one fsync with synchronous=FULL) for all their claims, and on PostgreSQL a few statements for
 * the chunk (the subjects, the claims, the schedules, the cats: one each) instead of several per owner.
 * What only some owners need (a pause ending, a claim given up or re-sent, a late day) runs per owner in
 * a savepoint, so one broken row is rolled back alone and retried later without holding up the others.
 */
export async function claimOwners(
  deps: CheckInRunDeps,
  ids: readonly string[],
  summary: CheckInRunSummary,
  token: string,
): Promise<SendPlan[]> {
  const now = deps.clock.now();
  const retryAt = new Date(now.getTime() + CHECK_IN_POLICY.retryAfterErrorMinutes * MINUTE_MS);
  try {
    // The callback may run again (PostgreSQL retries a deadlock), so it counts and collects failures as
    // data; they reach the summary and the log only once it committed.
    const { plans, counts, failures } = await deps.store.transaction(async (tx) => {
      const counts: ChunkCounts = {
        failed: 0,
        skippedLate: 0,
        resent: 0,
        held: 0,
        alreadyClaimed: 0,
        elsewhere: 0,
        autoPaused: 0,
      };
      const failures: { ownerId: string; error: unknown }[] = [];
      const schedule: NextCheckIn[] = [];
      const sends: Omit<SendPlan, 'message'>[] = [];
      /** Plain claims, taken for the whole chunk at once below. */
      const pending: { subject: CheckInSubject; claim: HeldClaim; settings: CheckInSettings }[] = [];
      const send = (
        subject: CheckInSubject,
        d: { localDate: LocalDate; kind: CheckInKind; lease: Date },
        resend: boolean,
      ): void => {
        const ownerId = subject.owner.id;
        schedule.push({ ownerId, next: d.lease });
        sends.push({
          ownerId,
          localDate: d.localDate,
          kind: d.kind,
          dmChannelId: subject.owner.dmChannelId,
          nonce: checkInNonce(ownerId, d.localDate),
          token,
          lease: d.lease,
          resend,
        });
      };
      const subjects = await tx.checkIns.readSubjects(ids);
      for (const ownerId of ids) {
        // Left out: no such owner, or another transaction holds them (they stay due).
        const subject = subjects.get(ownerId);
        if (subject === undefined) {
          counts.elsewhere++;
          continue;
        }
        let decision: CheckInDecision;
        let pausedHere: boolean;
        try {
          decision = decideCheckIn({ ...subject, now });
          pausedHere = await applyOwnWrites(tx, ownerId, decision, now, token);
        } catch (error) {
          counts.failed++;
          failures.push({ ownerId, error });
          // Move on, so one broken row does not hold the queue or fail every minute.
          schedule.push({ ownerId, next: retryAt });
          continue;
        }
        switch (decision.type) {
          case 'notDue':
            counts.elsewhere++;
            break;
          case 'waitForClaim':
            // Its sender is alive (its heartbeat renews the lease); look again when the lease ends.
            schedule.push({ ownerId, next: decision.next });
            counts.alreadyClaimed++;
            break;
          case 'hold':
            schedule.push({ ownerId, next: decision.next });
            counts.held++;
            break;
          case 'skipLate':
            schedule.push({ ownerId, next: decision.next });
            counts.skippedLate++;
            break;
          case 'resend':
            counts.resent++;
            send(subject, decision, true);
            break;
          case 'claim': {
            const { localDate, kind, lease, settings } = decision;
            if (kind !== 'auto_pause') {
              pending.push({
                subject,
                claim: { ownerId, localDate, kind, at: now, leaseUntil: lease },
                settings,
              });
            } else if (pausedHere) {
              counts.autoPaused++;
              send(subject, decision, false);
            } else {
              schedule.push({ ownerId, next: plannedNext(settings, now) });
              counts.alreadyClaimed++;
            }
            break;
          }
        }
      }
      const claimed = await tx.checkIns.claim(
        pending.map((p) => p.claim),
        token,
      );
      for (const { subject, claim, settings } of pending) {
        if (claimed.has(claim.ownerId)) {
          send(subject, { localDate: claim.localDate, kind: claim.kind, lease: claim.leaseUntil }, false);
        } else {
          schedule.push({ ownerId: claim.ownerId, next: plannedNext(settings, now) });
          counts.alreadyClaimed++;
        }
      }
      await tx.checkIns.setNextCheckIns(schedule);
      const catsOf = await tx.checkIns.catsForCheckIn(
        sends.filter((s) => s.kind !== 'auto_pause').map((s) => s.ownerId),
      );
      const plans = sends.map((s) => ({
        ...s,
        message: buildMessage(s.ownerId, s.localDate, s.kind, catsOf),
      }));
      return { plans, counts, failures };
    });
    for (const { ownerId, error } of failures) {
      deps.logger.error({ err: error, ownerId }, 'check-in planning failed');
    }
    for (const key of Object.keys(counts) as (keyof ChunkCounts)[]) summary[key] += counts[key];
    return plans;
  } catch (error) {
    // Nothing of this chunk was claimed (the transaction rolled back): nothing is sent, the owners stay due.
    summary.failed += ids.length;
    deps.logger.error({ err: error, owners: ids.length }, 'check-in claims failed');
    return [];
  }
}
