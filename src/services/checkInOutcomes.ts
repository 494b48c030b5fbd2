/**
 * The record half of the check-in tick: what each send did, stored in batches. See the crash policy in
 * checkInRun.ts.
 */
import { plannedNext } from '../domain/checkInSchedule.js';
import type { CheckInRunDeps, SendPlan } from './checkInClaims.js';
import { DeliveryError, type DmResult } from './ports.js';
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
