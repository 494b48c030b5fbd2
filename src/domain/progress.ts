import { addDays, type LocalDate } from './schedule.js';
import { SEVERITY_RANK, type Severity } from './severity.js';

/** A closed or open range of local dates during which check-ins were paused. */
export interface PausedRange {
  readonly from: LocalDate;
  /** Inclusive; null while the pause goes on. */
  readonly to: LocalDate | null;
}

function isPaused(date: LocalDate, pauses: readonly PausedRange[]): boolean {
  return pauses.some((p) => date >= p.from && (p.to === null || date <= p.to));
}

/**
 * Consecutive local days with logged practice, counted back from today. Today without a session does
 * not break it yet (the day is not over); paused days freeze it instead of breaking it.
 */
export function computeStreak(
  practiceDates: ReadonlySet<LocalDate>,
  today: LocalDate,
  pauses: readonly PausedRange[] = [],
): number {
  let streak = 0;
  let day = practiceDates.has(today) ? today : addDays(today, -1);
  // Bounded: a streak can never be longer than the number of practice days plus paused days we skip.
  for (let guard = 0; guard < 20_000; guard++) {
    if (practiceDates.has(day)) streak++;
    else if (!isPaused(day, pauses)) break;
    day = addDays(day, -1);
  }
  return streak;
}

export type Trend = 'calmer' | 'steady' | 'more_stress' | 'too_early';

/** Half a grade on average, so alternating calm and mild sessions read as steady, not as a trend. */
const TREND_MARGIN = 0.5;

/**
 * Compares the stress of the most recent sessions with the ones before them.
 * `worst` is each session's worst counted severity, oldest first.
 */
export function computeTrend(worst: readonly (Severity | null)[], window = 5): Trend {
  if (worst.length < 4) return 'too_early';
  const size = Math.min(window, Math.floor(worst.length / 2));
  const score = (list: readonly (Severity | null)[]) =>
    list.reduce((sum, s) => sum + (s === null ? 0 : SEVERITY_RANK[s]), 0) / list.length;
  const recent = score(worst.slice(-size));
  const before = score(worst.slice(-2 * size, -size));
  if (recent < before - TREND_MARGIN) return 'calmer';
  if (recent > before + TREND_MARGIN) return 'more_stress';
  return 'steady';
}
