/**
 * The record half of the check-in tick: what each send did, stored in batches. See the crash policy in
 * checkInRun.ts.
 */
import { plannedNext } from '../domain/checkInSchedule.js';
import type { CheckInRunDeps, SendPlan } from './checkInClaims.js';
import { DeliveryError, type DmResult } from './ports.js';
import type { NextCheckIn, SentRecord } from './store/checkIns.js';
import type { StoreTx } from './store/store.js';

export type SendResult =
  { readonly ok: true; readonly result: DmResult } | { readonly ok: false; readonly error: unknown };

export interface Outcome {
  readonly plan: SendPlan;
  readonly result: SendResult;
  readonly at: Date;
}

function errorText(error: unknown): string {
  return (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(0, 500);
}

/**
 * Stores what a batch of sends did, and hands each owner's schedule back unless their settings changed
 * meanwhile (then next_check_in_at no longer holds the claim's lease). The fence: when a claim is no
 * longer this run's (its lease ran out and another process took it over, or gave it up), nothing is
 * recorded for it; resolves to those outcomes.
 */
async function recordOutcomes(tx: StoreTx, batch: readonly Outcome[]): Promise<Outcome[]> {
  const sent: SentRecord[] = [];
  const leases = new Map<string, Date>();
  for (const { plan, result, at } of batch) {
    const { ownerId, localDate, token } = plan;
    if (result.ok) {
      const { messageId, dmChannelId } = result.result;
      sent.push({ ownerId, localDate, token, at, messageId, dmChannelId });
      continue;
    }
    const closed = result.error instanceof DeliveryError && result.error.reason === 'dms_closed';
    const error = closed ? 'dms_closed' : errorText(result.error);
    const lease = await tx.checkIns.recordFailed({ ownerId, localDate, token, error, dmsClosed: closed });
    if (lease !== undefined) leases.set(ownerId, lease);
  }
  for (const [ownerId, lease] of await tx.checkIns.recordSent(sent)) leases.set(ownerId, lease);
  const owners = await tx.checkIns.readOwners([...leases.keys()]);
  const schedule: NextCheckIn[] = [];
  const lost: Outcome[] = [];
  for (const outcome of batch) {
    const { ownerId } = outcome.plan;
    const lease = leases.get(ownerId);
    if (lease === undefined) {
      lost.push(outcome);
      continue;
    }
    const owner = owners.get(ownerId);
    if (owner?.nextCheckInAt?.getTime() === lease.getTime()) {
      schedule.push({ ownerId, next: plannedNext(owner, outcome.at), ifStill: lease });
    }
  }
  await tx.checkIns.setNextCheckIns(schedule);
  return lost;
}

/**
 * Stores send results in batches: one write transaction per `recordChunk` results or per
 * `recordWindowMs`, whichever comes first, and whatever is left at the end of the run.
 * Safe because a result not stored yet is exactly the crash case the policy covers: the claim stays
 * 'claimed' with its lease (renewed by the run's heartbeat until the recorder is drained) and, should the
 * process die, is re-sent once with the same nonce, which Discord deduplicates.
 */
export class OutcomeRecorder {
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
      const fenced = await this.deps.store.transaction((tx) => recordOutcomes(tx, batch));
      for (const { plan } of fenced) {
        this.deps.logger.warn(
          { ownerId: plan.ownerId, localDate: plan.localDate },
          'check-in result not recorded: its claim was taken over (lease ran out)',
        );
      }
    } catch (error) {
      // The claims stay 'claimed': once their lease runs out, the next look re-sends them with the same nonce.
      for (const { plan } of batch) {
        this.deps.logger.error(
          { err: error, ownerId: plan.ownerId, localDate: plan.localDate },
          'recording a check-in failed',
        );
      }
    }
  }
}
