/**
 * Where everything on the /progress chart goes: data in, positions, rows and labels out. Pure: no
 * canvas, no pixels, so it can be tested on its own.
 */
import type { StageChangeCause } from '../../../domain/coach.js';
import { addDays, localDateOf, MONTH_SHORT_NAMES, zonedInstant } from '../../../domain/schedule.js';
import type { Severity } from '../../../domain/severity.js';
import { STAGE_IDS, type StageId } from '../../../domain/stages.js';

/** One logged session: when, its worst signal (null: nothing notable), and the stage it was at. */
export interface ChartSession {
  at: Date;
  worst: Severity | null;
  stage: StageId;
}

/** One move between stages. */
export interface ChartStageChange {
  at: Date;
  from: StageId | null;
  to: StageId;
  reason: StageChangeCause;
}

/** Everything the chart shows. `timeZone` (IANA) places the date ticks on the owner's days; default UTC. */
export interface ProgressChartInput {
  catName: string;
  now: Date;
  createdAt: Date;
  sessions: readonly ChartSession[];
  stageChanges: readonly ChartStageChange[];
  currentStage: StageId;
  timeZone?: string;
}

export type Worst = ChartSession['worst'];

/** The stage changes drawn with a marker: creation is where the line starts, not a move. */
export type MarkedReason = Exclude<ChartStageChange['reason'], 'created'>;

export const CHART_WIDTH = 800;
export const CHART_HEIGHT = 350;

const DAY_MS = 86_400_000;
const MIN_SPAN_MS = 7 * DAY_MS;

/** Short enough for the axis; the full names are in the embed next to the chart. */
export const STAGE_LABELS: Readonly<Record<StageId, string>> = {
  harness_scenery: 'Scenery',
  harness_drape: 'Drape',
  harness_buckle: 'Buckle',
  harness_wear: 'Wear',
  leash_drag: 'Leash drag',
  indoor_safari: 'Safari',
  first_outdoors: 'Outside',
  outdoor_explorer: 'Explorer',
};

/** Wins ride just above the stage line and stress just below it, so even a dense history shows its mix. */
const SEVERITY_LANES: ReadonlyMap<Worst, -1 | 0 | 1> = new Map<Worst, -1 | 0 | 1>([
  [null, 0],
  ['win', -1],
  ['mild', 0],
  ['moderate', 1],
  ['severe', 1],
  ['pain', 1],
]);
const LANE_SPACING = 7;

export const PLOT = { left: 112, right: CHART_WIDTH - 28, top: 72, bottom: 282 } as const;
export const ROW_HEIGHT = (PLOT.bottom - PLOT.top) / STAGE_IDS.length;
export const DOT_RADIUS = 4.5;

const stageIndex = new Map<StageId, number>(STAGE_IDS.map((id, index) => [id, index]));

/** The stage's place on the ladder, counted from 0. */
function stagePosition(stage: StageId): number {
  return stageIndex.get(stage) ?? 0;
}

export function rowCentre(stage: StageId): number {
  return PLOT.bottom - (stagePosition(stage) + 0.5) * ROW_HEIGHT;
}

export interface TimeAxis {
  readonly start: number;
  readonly end: number;
  x(ms: number): number;
}

/** From the earliest thing on record to now, at least a week wide; times outside it are clamped. */
export function timeAxisFor(input: ProgressChartInput): TimeAxis {
  let start = input.createdAt.getTime();
  for (const session of input.sessions) start = Math.min(start, session.at.getTime());
  for (const change of input.stageChanges) start = Math.min(start, change.at.getTime());
  const end = Math.max(input.now.getTime(), start + MIN_SPAN_MS);
  const scale = (PLOT.right - PLOT.left) / (end - start);
  return {
    start,
    end,
    x: (ms) => PLOT.left + (Math.min(Math.max(ms, start), end) - start) * scale,
  };
}

/** The stage from creation to now as [time, stage] corners of a step line. */
export function stagePath(input: ProgressChartInput, axis: TimeAxis): { at: number; stage: StageId }[] {
  const changes = [...input.stageChanges].sort((a, b) => a.at.getTime() - b.at.getTime());
  const first = changes[0];
  const initial =
    first === undefined
      ? input.currentStage
      : first.reason === 'created'
        ? first.to
        : (first.from ?? first.to);
  const path = [{ at: axis.start, stage: initial }];
  for (const change of changes) path.push({ at: change.at.getTime(), stage: change.to });
  // The stored stage is the truth if the history missed a change.
  path.push({ at: Math.min(input.now.getTime(), axis.end), stage: input.currentStage });
  return path;
}

const MAX_TICKS = 6;
const DAY_STEPS = [1, 2, 7, 14] as const;
const MONTH_STEPS = [1, 2, 3, 6, 12, 24] as const;

export interface Tick {
  readonly ms: number;
  readonly label: string;
}

/** Ticks on the owner's local midnights: every few days for young cats, on month starts after that. */
export function dateTicks(axis: TimeAxis, tz: string): Tick[] {
  const spanDays = (axis.end - axis.start) / DAY_MS;
  const firstDay = addDays(localDateOf(new Date(axis.start), tz), 1);
  const dates: string[] = [];
  const dayStep = DAY_STEPS.find((days) => spanDays / days <= MAX_TICKS);
  if (dayStep !== undefined) {
    for (let i = 0; i <= MAX_TICKS; i += 1) dates.push(addDays(firstDay, i * dayStep));
  } else {
    const monthStep = MONTH_STEPS.find((months) => spanDays / 30.4 / months <= MAX_TICKS) ?? 48;
    const [year = 0, month = 1] = firstDay.split('-').map(Number);
    // Month index counted from year 0, so stepping never has to carry into the year by hand.
    let index = year * 12 + month; // the month after the first day: its 1st is on the axis
    index += (monthStep - (index % monthStep)) % monthStep; // Jan, Apr, Jul… rather than wherever we start
    for (let i = 0; i <= MAX_TICKS; i += 1, index += monthStep) {
      dates.push(
        `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}-01`,
      );
    }
  }
  const ticks: Tick[] = [];
  for (const date of dates) {
    const ms = zonedInstant(date, 0, 0, tz).getTime();
    if (ms > axis.end) break;
    const [year = '', month = '1', day = '1'] = date.split('-');
    const monthName = MONTH_SHORT_NAMES[Number(month) - 1] ?? '';
    const label =
      dayStep !== undefined
        ? `${Number(day)} ${monthName}`
        : month === '01' || ticks.length === 0
          ? `${monthName} ${year}`
          : monthName;
    ticks.push({ ms, label });
  }
  return ticks;
}

/**
 * Where the dashed "today" line goes, or null when now is at the right edge. The chart runs a week
 * ahead for young cats; the line is what makes the empty part read as future.
 */
export function todayX(input: ProgressChartInput, axis: TimeAxis): number | null {
  const now = input.now.getTime();
  return now < axis.end - DAY_MS / 4 ? Math.round(axis.x(now)) + 0.5 : null;
}

/** The header's second line: where the cat is on the ladder and how much has been logged. */
export function subtitleFor(input: ProgressChartInput): string {
  const position = stagePosition(input.currentStage) + 1;
  const sessions = input.sessions.length === 1 ? '1 session' : `${input.sessions.length} sessions`;
  return `Stage ${position}/${STAGE_IDS.length} · ${STAGE_LABELS[input.currentStage]} · ${sessions}`;
}

export interface StageRow {
  readonly stage: StageId;
  readonly top: number;
  /** Every other row gets a faint band, so a dot can be read across to its stage. */
  readonly banded: boolean;
  readonly label: string;
  readonly isCurrent: boolean;
}

/** The eight stage rows, bottom (first stage) to top. */
export function stageRows(current: StageId): StageRow[] {
  return STAGE_IDS.map((stage, index) => ({
    stage,
    top: PLOT.bottom - (index + 1) * ROW_HEIGHT,
    banded: index % 2 === 1,
    label: `${index + 1}  ${STAGE_LABELS[stage]}`,
    isCurrent: stage === current,
  }));
}

export interface SessionDot {
  readonly worst: Worst;
  readonly x: number;
  readonly y: number;
}

/**
 * Where each session's dot goes, in time order, so where dots pile up the latest one shows, as on
 * a timeline. `dense`: more sessions than there is room for side by side at one stage, so dots touch.
 */
export function sessionDots(
  axis: TimeAxis,
  sessions: readonly ChartSession[],
): { dense: boolean; dots: SessionDot[] } {
  const dense = sessions.length > (PLOT.right - PLOT.left) / (DOT_RADIUS * 2);
  const ordered = [...sessions].sort((a, b) => a.at.getTime() - b.at.getTime());
  const dots: SessionDot[] = [];
  // A busy owner's sessions share pixels; blending the same dot twice would only darken its edge.
  const seen = new Set<string>();
  for (const session of ordered) {
    const x = Math.round(axis.x(session.at.getTime()));
    const y = Math.round(rowCentre(session.stage)) + (SEVERITY_LANES.get(session.worst) ?? 0) * LANE_SPACING;
    const key = `${x},${y},${session.worst ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    dots.push({ worst: session.worst, x, y });
  }
  return { dense, dots };
}

export interface StageMarker {
  readonly reason: MarkedReason;
  readonly x: number;
  readonly y: number;
}

/** Where each stage change's marker goes; creation gets none. */
export function stageMarkers(axis: TimeAxis, changes: readonly ChartStageChange[]): StageMarker[] {
  const markers: StageMarker[] = [];
  for (const change of changes) {
    if (change.reason === 'created') continue;
    const x = axis.x(change.at.getTime());
    const y = rowCentre(change.to);
    // Sit a triangle just off the line on the side it came from, so the step itself stays visible.
    const offset =
      change.reason === 'advance' ? ROW_HEIGHT / 2 : change.reason === 'step_back' ? -ROW_HEIGHT / 2 : 0;
    markers.push({ reason: change.reason, x, y: y + offset });
  }
  return markers;
}
