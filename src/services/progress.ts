import { worstSeverity, type Outcome, type StageChangeCause } from '../domain/coach.js';
import type { Severity } from '../domain/severity.js';
import { computeStreak, computeTrend, type PausedRange, type Trend } from '../domain/progress.js';
import { daysBetween, localDateOf } from '../domain/schedule.js';
import { STAGE_RULES, isStageId, nextStage, type StageId } from '../domain/stages.js';
import { sessionLengthHint, trendText } from '../domain/words.js';
import { resolveCat } from './cats.js';
import type { Deps } from './deps.js';
import { LIMITS } from './limits.js';
import { catNextStep } from './nextStep.js';
import { ownerTimezone } from './owners.js';
import { stageRef, type StageRef } from './sessions.js';

export interface RecentSession {
  readonly at: Date;
  readonly localDate: string;
  readonly minutes: number | null;
  readonly worst: Severity | null;
  readonly outcome: Outcome;
  readonly summary: string;
  /** Who logged it (households: the owner or a co-owner). */
  readonly loggedBy: string;
}

export interface ProgressView {
  readonly catId: number;
  readonly catName: string;
  /** Households: the cat's owner when it is shared with the one looking (the owner alone answers an offer). */
  readonly sharedBy: string | null;
  /** More than one person has logged for this cat: each recent session says who. */
  readonly showAuthors: boolean;
  readonly timezone: string;
  readonly stage: StageRef;
  readonly nextStage: StageRef | null;
  readonly daysAtStage: number;
  readonly goodDays: number;
  readonly goodDaysNeeded: number | null;
  readonly offerPending: boolean;
  readonly streak: number;
  readonly trend: Trend;
  readonly trendText: string;
  readonly totalSessions: number;
  readonly recent: readonly RecentSession[];
  readonly nextStep: string;
  readonly lengthHint: string;
  readonly chart: {
    readonly createdAt: Date;
    readonly now: Date;
    readonly sessions: readonly { at: Date; worst: Severity | null; stage: StageId }[];
    readonly stageChanges: readonly {
      at: Date;
      from: StageId | null;
      to: StageId;
      reason: StageChangeCause;
    }[];
  };
}

/**
 * Where a cat stands: stage, days there, evidence toward the next, streak, trend, recent sessions, chart data.
 * A shared cat reads the same for its owner and its co-owners: its days are its owner's (time zone, pauses).
 */
export async function getProgress(
  deps: Pick<Deps, 'store' | 'clock'>,
  input: { ownerId: string; cat?: string | null | undefined },
): Promise<ProgressView> {
  const now = deps.clock.now();
  const { store } = deps;
  const cat = await resolveCat(store, input.ownerId, input.cat);
  const tz = ownerTimezone(await store.owners.find(cat.ownerId));
  const today = localDateOf(now, tz);
  const stage = cat.stage;
  const next = nextStage(stage);

  const [all, recentRows, changes, pauseRows] = await Promise.all([
    store.sessions.timeline(cat.id),
    store.sessions.recent(cat.id, 10),
    store.cats.listStageChanges(cat.id),
    store.owners.listPauses(cat.ownerId),
  ]);
  const pausedRanges: PausedRange[] = pauseRows.map((p) => ({
    from: localDateOf(p.startedAt, tz),
    to: p.endedAt === null ? null : localDateOf(p.endedAt, tz),
  }));

  // The trend counts only stress that is not expected at the stage it was logged in.
  const counted = [...recentRows]
    .reverse()
    .map((r) => worstSeverity(r.recognised.filter((i) => !i.expected)));
  const trend = computeTrend(counted);

  const authorOf = (s: { readonly loggedBy: string | null }) => s.loggedBy ?? cat.ownerId;

  return {
    catId: cat.id,
    catName: cat.name,
    sharedBy: cat.ownerId === input.ownerId ? null : cat.ownerId,
    showAuthors: new Set(all.map(authorOf)).size > 1,
    timezone: tz,
    stage: stageRef(stage),
    nextStage: next === null ? null : stageRef(next),
    daysAtStage: Math.max(0, daysBetween(localDateOf(cat.stageSince, tz), today)),
    goodDays: cat.goodDays,
    goodDaysNeeded: STAGE_RULES[stage].goodDaysNeeded,
    offerPending: cat.offerPending,
    streak: computeStreak(new Set(all.map((s) => s.localDate)), today, pausedRanges),
    trend,
    trendText: trendText(trend),
    totalSessions: all.length,
    recent: recentRows.slice(0, LIMITS.recentSessions).map((r) => ({
      at: r.at,
      localDate: r.localDate,
      minutes: r.minutes,
      // Recomputed, so sessions stored before expected signals stopped being graded read the same as new ones.
      worst: worstSeverity(r.recognised.filter((i) => !i.expected)),
      outcome: r.outcome,
      summary: r.recognised.length > 0 ? r.recognised.map((i) => i.label).join(', ') : (r.note ?? r.rawText),
      loggedBy: authorOf(r),
    })),
    // The same step the last /log reply and the check-in give: advice after stress, the vet after possible pain.
    nextStep: catNextStep(cat, recentRows[0], today),
    lengthHint: sessionLengthHint(stage),
    chart: {
      createdAt: cat.createdAt,
      now,
      sessions: all.map((s) => ({ at: s.at, worst: s.worst, stage: isStageId(s.stage) ? s.stage : stage })),
      stageChanges: changes.map((c) => ({
        at: c.at,
        from: c.fromStage !== null && isStageId(c.fromStage) ? c.fromStage : null,
        to: isStageId(c.toStage) ? c.toStage : stage,
        reason: c.reason,
      })),
    },
  };
}
