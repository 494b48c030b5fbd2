/**
 * The /progress chart: a cat's journey through the stages as a PNG. Pure: the same input gives the
 * same bytes, and nothing here talks to Discord.
 */
import { createCanvas, GlobalFonts, type SKRSContext2D } from '@napi-rs/canvas';
import { addDays, localDateOf, zonedInstant } from '../../domain/schedule.js';
import { STAGE_IDS, type StageId } from '../../domain/stages.js';

/** One logged session: when, its worst signal (null: nothing notable), and the stage it was at. */
export interface ChartSession {
  at: Date;
  worst: 'win' | 'mild' | 'moderate' | 'severe' | 'pain' | null;
  stage: StageId;
}

/** One move between stages. */
export interface ChartStageChange {
  at: Date;
  from: StageId | null;
  to: StageId;
  reason: 'created' | 'advance' | 'step_back' | 'manual';
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

export const CHART_WIDTH = 800;
export const CHART_HEIGHT = 350;

const DAY_MS = 86_400_000;
const MIN_SPAN_MS = 7 * DAY_MS;

/** Short enough for the axis; the full names are in the embed next to the chart. */
const STAGE_LABELS: Readonly<Record<StageId, string>> = {
  harness_scenery: 'Scenery',
  harness_drape: 'Drape',
  harness_buckle: 'Buckle',
  harness_wear: 'Wear',
  leash_drag: 'Leash drag',
  indoor_safari: 'Safari',
  first_outdoors: 'Outside',
  outdoor_explorer: 'Explorer',
};

// A dark card reads well on both Discord themes: it looks native on dark and framed on light.
const COLOURS = {
  card: '#1f2128',
  border: '#3a3d47',
  bandOdd: 'rgba(255, 255, 255, 0.035)',
  grid: 'rgba(255, 255, 255, 0.08)',
  text: '#f2f3f5',
  muted: '#a9aeb8',
  line: '#8b95ff',
  area: 'rgba(139, 149, 255, 0.14)',
  today: 'rgba(242, 243, 245, 0.45)',
  advance: '#3ddc84',
  stepBack: '#ffb13b',
  manual: '#d9dbe0',
  outline: '#1f2128',
} as const;

type Worst = ChartSession['worst'];

// Later entries are drawn on top, so the sessions that need attention are never hidden by wins.
const SEVERITY_LAYERS: readonly { worst: Worst; colour: string; label: string }[] = [
  { worst: null, colour: '#8e95a3', label: 'quiet' },
  { worst: 'win', colour: '#57f287', label: 'win' },
  { worst: 'mild', colour: '#fee75c', label: 'mild' },
  { worst: 'moderate', colour: '#ff9f43', label: 'moderate' },
  { worst: 'severe', colour: '#ff5a5f', label: 'severe' },
  { worst: 'pain', colour: '#d78bff', label: 'pain' },
];

const PLOT = { left: 112, right: CHART_WIDTH - 28, top: 72, bottom: 282 } as const;
const ROW_HEIGHT = (PLOT.bottom - PLOT.top) / STAGE_IDS.length;
const DOT_RADIUS = 4.5;

// Without any font Skia draws nothing for text anyway; skipping keeps the shapes-only chart fast.
const canDrawText = GlobalFonts.families.length > 0;

const stageIndex = new Map<StageId, number>(STAGE_IDS.map((id, index) => [id, index]));

function rowCentre(stage: StageId): number {
  return PLOT.bottom - ((stageIndex.get(stage) ?? 0) + 0.5) * ROW_HEIGHT;
}

interface TimeAxis {
  readonly start: number;
  readonly end: number;
  x(ms: number): number;
}

function timeAxisFor(input: ProgressChartInput): TimeAxis {
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
function stagePath(input: ProgressChartInput, axis: TimeAxis): { at: number; stage: StageId }[] {
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

const TICK_STEPS_DAYS = [1, 2, 7, 14, 28, 56, 91, 182, 364] as const;
const MAX_TICKS = 6;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

function tickLabel(date: string, withYear: boolean): string {
  const [year = '', month = '1', day = '1'] = date.split('-');
  const monthName = MONTHS[Number(month) - 1] ?? '';
  return withYear ? `${monthName} ${year}` : `${Number(day)} ${monthName}`;
}

/** Local midnights a whole number of days apart, at most MAX_TICKS of them. */
function dateTicks(axis: TimeAxis, tz: string): { ms: number; label: string }[] {
  const spanDays = (axis.end - axis.start) / DAY_MS;
  const step =
    TICK_STEPS_DAYS.find((days) => spanDays / days <= MAX_TICKS) ?? Math.ceil(spanDays / MAX_TICKS);
  const withYear = step >= 91;
  const ticks: { ms: number; label: string }[] = [];
  let date = addDays(localDateOf(new Date(axis.start), tz), 1);
  for (let i = 0; i <= MAX_TICKS + 1; i += 1) {
    const ms = zonedInstant(date, 0, 0, tz).getTime();
    if (ms > axis.end) break;
    ticks.push({ ms, label: tickLabel(date, withYear) });
    date = addDays(date, step);
  }
  return ticks;
}

function text(ctx: SKRSContext2D, value: string, x: number, y: number, font: string, colour: string): void {
  if (!canDrawText) return;
  ctx.font = font;
  ctx.fillStyle = colour;
  ctx.fillText(value, x, y);
}

/** Shortens owner-typed text to fit, so a long cat name never runs off the card. */
function fitted(ctx: SKRSContext2D, value: string, font: string, maxWidth: number): string {
  if (!canDrawText) return value;
  ctx.font = font;
  if (ctx.measureText(value).width <= maxWidth) return value;
  let cut = value;
  while (cut.length > 1 && ctx.measureText(`${cut}…`).width > maxWidth) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

function triangle(ctx: SKRSContext2D, x: number, y: number, size: number, up: boolean): void {
  const tip = up ? -size : size;
  ctx.moveTo(x, y + tip);
  ctx.lineTo(x + size, y - tip * 0.6);
  ctx.lineTo(x - size, y - tip * 0.6);
  ctx.closePath();
}

function drawBackground(ctx: SKRSContext2D): void {
  ctx.fillStyle = COLOURS.card;
  ctx.fillRect(0, 0, CHART_WIDTH, CHART_HEIGHT);
  ctx.strokeStyle = COLOURS.border;
  ctx.lineWidth = 2;
  ctx.strokeRect(1, 1, CHART_WIDTH - 2, CHART_HEIGHT - 2);
}

function drawHeader(ctx: SKRSContext2D, input: ProgressChartInput): void {
  const titleFont = 'bold 20px sans-serif';
  const title = fitted(ctx, `${input.catName}'s journey`, titleFont, 420);
  text(ctx, title, 24, 38, titleFont, COLOURS.text);
  const position = (stageIndex.get(input.currentStage) ?? 0) + 1;
  const sessions = input.sessions.length === 1 ? '1 session' : `${input.sessions.length} sessions`;
  const subtitle = `Stage ${position}/${STAGE_IDS.length} · ${STAGE_LABELS[input.currentStage]} · ${sessions}`;
  text(ctx, subtitle, 24, 58, '13px sans-serif', COLOURS.muted);
}

function drawStageRows(ctx: SKRSContext2D, current: StageId): void {
  STAGE_IDS.forEach((stage, index) => {
    const top = PLOT.bottom - (index + 1) * ROW_HEIGHT;
    if (index % 2 === 1) {
      ctx.fillStyle = COLOURS.bandOdd;
      ctx.fillRect(PLOT.left, top, PLOT.right - PLOT.left, ROW_HEIGHT);
    }
    if (canDrawText) {
      const isCurrent = stage === current;
      ctx.textAlign = 'right';
      ctx.textBaseline = 'middle';
      text(
        ctx,
        `${index + 1}  ${STAGE_LABELS[stage]}`,
        PLOT.left - 10,
        top + ROW_HEIGHT / 2,
        isCurrent ? 'bold 12px sans-serif' : '12px sans-serif',
        isCurrent ? COLOURS.text : COLOURS.muted,
      );
    }
  });
  ctx.textAlign = 'left';
  ctx.textBaseline = 'alphabetic';
}

function drawTimeAxis(ctx: SKRSContext2D, axis: TimeAxis, input: ProgressChartInput, tz: string): void {
  ctx.strokeStyle = COLOURS.grid;
  ctx.lineWidth = 1;
  ctx.beginPath();
  const ticks = dateTicks(axis, tz);
  for (const tick of ticks) {
    const x = Math.round(axis.x(tick.ms)) + 0.5;
    ctx.moveTo(x, PLOT.top);
    ctx.lineTo(x, PLOT.bottom + 4);
  }
  ctx.moveTo(PLOT.left, PLOT.bottom + 0.5);
  ctx.lineTo(PLOT.right, PLOT.bottom + 0.5);
  ctx.stroke();
  ctx.textAlign = 'center';
  for (const tick of ticks)
    text(ctx, tick.label, axis.x(tick.ms), PLOT.bottom + 20, '12px sans-serif', COLOURS.muted);

  // The chart runs a week ahead for young cats; mark where "now" is so the empty part reads as future.
  const now = input.now.getTime();
  if (now < axis.end - DAY_MS / 4) {
    const x = Math.round(axis.x(now)) + 0.5;
    ctx.strokeStyle = COLOURS.today;
    ctx.setLineDash([4, 4]);
    ctx.beginPath();
    ctx.moveTo(x, PLOT.top);
    ctx.lineTo(x, PLOT.bottom);
    ctx.stroke();
    ctx.setLineDash([]);
    text(ctx, 'today', x, PLOT.top - 6, '11px sans-serif', COLOURS.muted);
  }
  ctx.textAlign = 'left';
}

function drawStageLine(ctx: SKRSContext2D, axis: TimeAxis, input: ProgressChartInput): void {
  const path = stagePath(input, axis);
  const first = path[0];
  const last = path[path.length - 1];
  if (first === undefined || last === undefined) return;
  ctx.beginPath();
  ctx.moveTo(axis.x(first.at), rowCentre(first.stage));
  for (let i = 1; i < path.length; i += 1) {
    const corner = path[i];
    const previous = path[i - 1];
    if (corner === undefined || previous === undefined) continue;
    const x = axis.x(corner.at);
    ctx.lineTo(x, rowCentre(previous.stage));
    ctx.lineTo(x, rowCentre(corner.stage));
  }
  ctx.lineWidth = 3;
  ctx.lineJoin = 'round';
  ctx.strokeStyle = COLOURS.line;
  ctx.stroke();
  ctx.lineTo(axis.x(last.at), PLOT.bottom);
  ctx.lineTo(axis.x(first.at), PLOT.bottom);
  ctx.closePath();
  ctx.fillStyle = COLOURS.area;
  ctx.fill();
}

function drawSessions(ctx: SKRSContext2D, axis: TimeAxis, sessions: readonly ChartSession[]): void {
  ctx.lineWidth = 1.25;
  ctx.strokeStyle = COLOURS.outline;
  // One path per colour: a thousand dots cost six fills instead of a thousand.
  for (const layer of SEVERITY_LAYERS) {
    ctx.beginPath();
    let any = false;
    sessions.forEach((session, index) => {
      if (session.worst !== layer.worst) return;
      // Spread same-day sessions a little so they do not sit exactly on top of one another.
      const jitter = ((index * 7) % 5) - 2;
      const x = axis.x(session.at.getTime());
      const y = rowCentre(session.stage) + jitter * 2.5;
      ctx.moveTo(x + DOT_RADIUS, y);
      ctx.arc(x, y, DOT_RADIUS, 0, Math.PI * 2);
      any = true;
    });
    if (!any) continue;
    ctx.fillStyle = layer.colour;
    ctx.fill();
    ctx.stroke();
  }
}

function drawStageChanges(ctx: SKRSContext2D, axis: TimeAxis, changes: readonly ChartStageChange[]): void {
  const kinds = [
    { reason: 'advance', colour: COLOURS.advance, up: true },
    { reason: 'step_back', colour: COLOURS.stepBack, up: false },
    { reason: 'manual', colour: COLOURS.manual, up: null },
  ] as const;
  ctx.lineWidth = 1.5;
  ctx.strokeStyle = COLOURS.outline;
  for (const kind of kinds) {
    ctx.beginPath();
    for (const change of changes) {
      if (change.reason !== kind.reason) continue;
      const x = axis.x(change.at.getTime());
      const y = rowCentre(change.to);
      if (kind.up === null) {
        ctx.moveTo(x, y - 6);
        ctx.lineTo(x + 6, y);
        ctx.lineTo(x, y + 6);
        ctx.lineTo(x - 6, y);
        ctx.closePath();
      } else {
        // Sit the marker just off the line on the side it moved from, so the step stays visible.
        triangle(ctx, x, y + (kind.up ? ROW_HEIGHT * 0.5 : -ROW_HEIGHT * 0.5), 7, kind.up);
      }
    }
    ctx.fillStyle = kind.colour;
    ctx.fill();
    ctx.stroke();
  }
}

function drawEmptyHint(ctx: SKRSContext2D): void {
  ctx.textAlign = 'center';
  text(
    ctx,
    'No sessions yet: log the first one with /log',
    (PLOT.left + PLOT.right) / 2,
    PLOT.top + ROW_HEIGHT * 2.6,
    '14px sans-serif',
    COLOURS.muted,
  );
  ctx.textAlign = 'left';
}

function drawLegend(ctx: SKRSContext2D): void {
  const y = CHART_HEIGHT - 22;
  let x = PLOT.left;
  ctx.lineWidth = 1.25;
  ctx.strokeStyle = COLOURS.outline;
  ctx.font = '12px sans-serif';
  const advance = (label: string): void => {
    text(ctx, label, x, y + 4, '12px sans-serif', COLOURS.muted);
    x += (canDrawText ? ctx.measureText(label).width : 30) + 18;
  };
  for (const layer of SEVERITY_LAYERS) {
    ctx.beginPath();
    ctx.arc(x + DOT_RADIUS, y, DOT_RADIUS, 0, Math.PI * 2);
    ctx.fillStyle = layer.colour;
    ctx.fill();
    ctx.stroke();
    x += DOT_RADIUS * 2 + 6;
    advance(layer.label);
  }
  x += 6;
  for (const [colour, up, label] of [
    [COLOURS.advance, true, 'next stage'],
    [COLOURS.stepBack, false, 'step back'],
  ] as const) {
    ctx.beginPath();
    triangle(ctx, x + 6, y, 6, up);
    ctx.fillStyle = colour;
    ctx.fill();
    x += 18;
    advance(label);
  }
}

/** Draws the journey: the stage over time as a step line, sessions as dots coloured by their worst severity, stage changes marked (advance ▲ green, step back ▼ amber). */
export function renderProgressChart(input: ProgressChartInput): Buffer {
  const tz = input.timeZone ?? 'UTC';
  const canvas = createCanvas(CHART_WIDTH, CHART_HEIGHT);
  const ctx = canvas.getContext('2d');
  const axis = timeAxisFor(input);

  drawBackground(ctx);
  drawHeader(ctx, input);
  drawStageRows(ctx, input.currentStage);
  drawTimeAxis(ctx, axis, input, tz);
  drawStageLine(ctx, axis, input);
  drawSessions(ctx, axis, input.sessions);
  drawStageChanges(ctx, axis, input.stageChanges);
  if (input.sessions.length === 0) drawEmptyHint(ctx);
  drawLegend(ctx);

  return canvas.toBuffer('image/png');
}
