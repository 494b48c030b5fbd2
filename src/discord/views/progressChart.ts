/**
 * The /progress chart: a cat's journey through the stages as a PNG. Pure: the same input gives the
 * same bytes, and nothing here talks to Discord.
 */
import { createRequire } from 'node:module';
import { crc32, deflateSync } from 'node:zlib';
import type * as Canvas from '@napi-rs/canvas';
import { addDays, isValidTimeZone, localDateOf, zonedInstant } from '../../domain/schedule.js';
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

/** Wins ride just above the stage line and stress just below it, so even a dense history shows its mix. */
const SEVERITY_LAYERS: readonly { worst: Worst; colour: string; label: string; lane: -1 | 0 | 1 }[] = [
  { worst: null, colour: '#8e95a3', label: 'neutral', lane: 0 },
  { worst: 'win', colour: '#57f287', label: 'win', lane: -1 },
  { worst: 'mild', colour: '#fee75c', label: 'mild', lane: 0 },
  { worst: 'moderate', colour: '#ff9f43', label: 'moderate', lane: 1 },
  { worst: 'severe', colour: '#ff5a5f', label: 'severe', lane: 1 },
  { worst: 'pain', colour: '#d78bff', label: 'pain', lane: 1 },
];
const LANE_SPACING = 7;

const PLOT = { left: 112, right: CHART_WIDTH - 28, top: 72, bottom: 282 } as const;
const ROW_HEIGHT = (PLOT.bottom - PLOT.top) / STAGE_IDS.length;
const DOT_RADIUS = 4.5;

type SKRSContext2D = Canvas.SKRSContext2D;

let canvasModule: typeof Canvas | undefined;

/**
 * @napi-rs/canvas (Skia) is loaded at the first chart, not at start: it costs the process ~15–25 MB
 * of RSS (bench item 7), and a bot that draws no chart needs none of it. `require` keeps this
 * synchronous, so the views stay synchronous.
 */
function canvas(): typeof Canvas {
  canvasModule ??= createRequire(import.meta.url)('@napi-rs/canvas') as typeof Canvas;
  return canvasModule;
}

let fontsFound: boolean | undefined;

/** Without any font Skia draws nothing for text anyway; skipping keeps the shapes-only chart fast. */
function canDrawText(): boolean {
  fontsFound ??= canvas().GlobalFonts.families.length > 0;
  return fontsFound;
}

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

const MAX_TICKS = 6;
const DAY_STEPS = [1, 2, 7, 14] as const;
const MONTH_STEPS = [1, 2, 3, 6, 12, 24] as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

interface Tick {
  readonly ms: number;
  readonly label: string;
}

/** Ticks on the owner's local midnights: every few days for young cats, on month starts after that. */
function dateTicks(axis: TimeAxis, tz: string): Tick[] {
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
    const monthName = MONTHS[Number(month) - 1] ?? '';
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

function text(ctx: SKRSContext2D, value: string, x: number, y: number, font: string, colour: string): void {
  if (!canDrawText()) return;
  ctx.font = font;
  ctx.fillStyle = colour;
  ctx.fillText(value, x, y);
}

/** Shortens owner-typed text to fit, so a long cat name never runs off the card. */
function fitted(ctx: SKRSContext2D, value: string, font: string, maxWidth: number): string {
  if (!canDrawText()) return value;
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
    if (canDrawText()) {
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
    ctx.textAlign = 'left';
    // Inside the plot's top row, which only an outdoor explorer reaches; above it would meet the subtitle.
    text(ctx, 'today', x + 5, PLOT.top + 12, '11px sans-serif', COLOURS.muted);
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

/** A small pre-drawn picture: its visible pixels as offsets from the centre, with straight RGBA. */
interface Sprite {
  readonly dx: Int8Array;
  readonly dy: Int8Array;
  readonly rgba: Uint8Array;
}

function makeSprite(size: number, draw: (ctx: SKRSContext2D, centre: number) => void): Sprite {
  const ctx = canvas().createCanvas(size, size).getContext('2d');
  draw(ctx, size / 2);
  const data = ctx.getImageData(0, 0, size, size).data;
  const dx: number[] = [];
  const dy: number[] = [];
  const rgba: number[] = [];
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      const at = (y * size + x) * 4;
      const pixel = data.subarray(at, at + 4);
      if (pixel[3] === 0) continue;
      dx.push(x - size / 2);
      dy.push(y - size / 2);
      rgba.push(...pixel);
    }
  }
  return { dx: Int8Array.from(dx), dy: Int8Array.from(dy), rgba: Uint8Array.from(rgba) };
}

function outlined(ctx: SKRSContext2D, colour: string, lineWidth: number): void {
  ctx.fillStyle = colour;
  ctx.fill();
  ctx.lineWidth = lineWidth;
  ctx.strokeStyle = COLOURS.outline;
  ctx.stroke();
}

const MARKER_SIZE = 7;

function makeSprites() {
  const dotSprites = new Map<Worst, Sprite>(
    SEVERITY_LAYERS.map((layer) => [
      layer.worst,
      makeSprite(12, (ctx, c) => {
        ctx.beginPath();
        ctx.arc(c, c, DOT_RADIUS, 0, Math.PI * 2);
        outlined(ctx, layer.colour, 1.25);
      }),
    ]),
  );

  /** Outlines on dots a pixel apart stack into a hatch; dense histories get plain dots that merge into bands. */
  const denseDotSprites = new Map<Worst, Sprite>(
    SEVERITY_LAYERS.map((layer) => [
      layer.worst,
      makeSprite(12, (ctx, c) => {
        ctx.beginPath();
        ctx.arc(c, c, DOT_RADIUS - 0.5, 0, Math.PI * 2);
        ctx.fillStyle = layer.colour;
        ctx.fill();
      }),
    ]),
  );

  const markerSprites: Readonly<Record<Exclude<ChartStageChange['reason'], 'created'>, Sprite>> = {
    advance: makeSprite(20, (ctx, c) => {
      ctx.beginPath();
      triangle(ctx, c, c, MARKER_SIZE, true);
      outlined(ctx, COLOURS.advance, 1.5);
    }),
    step_back: makeSprite(20, (ctx, c) => {
      ctx.beginPath();
      triangle(ctx, c, c, MARKER_SIZE, false);
      outlined(ctx, COLOURS.stepBack, 1.5);
    }),
    manual: makeSprite(20, (ctx, c) => {
      ctx.beginPath();
      ctx.moveTo(c, c - 6);
      ctx.lineTo(c + 6, c);
      ctx.lineTo(c, c + 6);
      ctx.lineTo(c - 6, c);
      ctx.closePath();
      outlined(ctx, COLOURS.manual, 1.5);
    }),
  };
  return { dotSprites, denseDotSprites, markerSprites };
}

let spriteSet: ReturnType<typeof makeSprites> | undefined;

/** Drawn once, at the first chart. */
function sprites(): ReturnType<typeof makeSprites> {
  spriteSet ??= makeSprites();
  return spriteSet;
}

/**
 * Blends a sprite into the finished image (PNG scanlines: each row starts with its filter byte). Skia
 * takes ~14 ms to rasterise a thousand outlined arcs and ~6 ms to record a thousand drawImage calls;
 * this loop does a thousand dots in about 1 ms, which is what keeps a long history inside the
 * /progress budget. The image must be opaque.
 */
function stamp(rows: Uint8Array, sprite: Sprite, centreX: number, centreY: number): void {
  const cx = Math.round(centreX);
  const cy = Math.round(centreY);
  const { dx, dy, rgba } = sprite;
  for (let i = 0; i < dx.length; i += 1) {
    const x = cx + (dx[i] ?? 0);
    const y = cy + (dy[i] ?? 0);
    if (x < 0 || x >= CHART_WIDTH || y < 0 || y >= CHART_HEIGHT) continue;
    const to = y * ROW_BYTES + 1 + x * 4;
    const from = i * 4;
    const alpha = rgba[from + 3] ?? 0;
    const under = 255 - alpha;
    // Unrolled and integer-only: this is the one loop here that runs ~100k times per chart.
    rows[to] = ((rgba[from] ?? 0) * alpha + (rows[to] ?? 0) * under + 127) / 255;
    rows[to + 1] = ((rgba[from + 1] ?? 0) * alpha + (rows[to + 1] ?? 0) * under + 127) / 255;
    rows[to + 2] = ((rgba[from + 2] ?? 0) * alpha + (rows[to + 2] ?? 0) * under + 127) / 255;
  }
}

interface Stamp {
  readonly sprite: Sprite;
  readonly x: number;
  readonly y: number;
}

function sessionStamps(axis: TimeAxis, sessions: readonly ChartSession[]): Stamp[] {
  // More sessions than there is room for side by side at one stage: dots will touch.
  const dense = sessions.length > (PLOT.right - PLOT.left) / (DOT_RADIUS * 2);
  const set = sprites();
  const byWorst = dense ? set.denseDotSprites : set.dotSprites;
  const lanes = new Map(SEVERITY_LAYERS.map((layer) => [layer.worst, layer.lane]));
  // In time order, so where dots pile up the latest one shows, as on a timeline.
  const ordered = [...sessions].sort((a, b) => a.at.getTime() - b.at.getTime());
  const stamps: Stamp[] = [];
  // A busy owner's sessions share pixels; blending the same dot twice would only darken its edge.
  const seen = new Set<string>();
  for (const session of ordered) {
    const sprite = byWorst.get(session.worst);
    if (sprite === undefined) continue;
    const x = Math.round(axis.x(session.at.getTime()));
    const y = Math.round(rowCentre(session.stage)) + (lanes.get(session.worst) ?? 0) * LANE_SPACING;
    const key = `${x},${y},${session.worst ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    stamps.push({ sprite, x, y });
  }
  return stamps;
}

function stageChangeStamps(axis: TimeAxis, changes: readonly ChartStageChange[]): Stamp[] {
  const stamps: Stamp[] = [];
  for (const change of changes) {
    if (change.reason === 'created') continue;
    const x = axis.x(change.at.getTime());
    const y = rowCentre(change.to);
    // Sit a triangle just off the line on the side it came from, so the step itself stays visible.
    const offset =
      change.reason === 'advance' ? ROW_HEIGHT / 2 : change.reason === 'step_back' ? -ROW_HEIGHT / 2 : 0;
    stamps.push({ sprite: sprites().markerSprites[change.reason], x, y: y + offset });
  }
  return stamps;
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

/** Labels the colours; returns where its symbols go, stamped with the chart's own sprites. */
function drawLegend(ctx: SKRSContext2D): Stamp[] {
  const y = CHART_HEIGHT - 22;
  const stamps: Stamp[] = [];
  let x = PLOT.left - 4;
  ctx.font = '12px sans-serif';
  const entry = (sprite: Sprite | undefined, value: string): void => {
    if (sprite !== undefined) stamps.push({ sprite, x: x + 6, y });
    x += 16;
    text(ctx, value, x, y + 4, '12px sans-serif', COLOURS.muted);
    x += (canDrawText() ? ctx.measureText(value).width : 30) + 14;
  };
  const { dotSprites, markerSprites } = sprites();
  for (const layer of SEVERITY_LAYERS) entry(dotSprites.get(layer.worst), layer.label);
  x += 8;
  entry(markerSprites.advance, 'next stage');
  entry(markerSprites.step_back, 'step back');
  entry(markerSprites.manual, 'set by hand');
  return stamps;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function pngChunk(type: string, data: Buffer): Buffer {
  const chunk = Buffer.alloc(12 + data.length);
  chunk.writeUInt32BE(data.length, 0);
  chunk.write(type, 4, 'latin1');
  data.copy(chunk, 8);
  chunk.writeUInt32BE(crc32(chunk.subarray(4, 8 + data.length)), 8 + data.length);
  return chunk;
}

/** One PNG row: its filter byte (0, none), then RGBA. */
const ROW_BYTES = CHART_WIDTH * 4 + 1;

/**
 * Rows read back from Skia per call. Each read is a fresh native buffer that lives until V8 collects
 * its wrapper, which V8 does late because it does not see the size: one full-card read per chart
 * left ~1 MB per /progress in RSS until the next full GC (bench item 7). Small strips die young.
 */
const STRIP_ROWS = 25;

let chartRows: Buffer | undefined;

/**
 * The finished chart as PNG scanlines, in one buffer reused by every chart (drawing is synchronous,
 * so no two charts share it): Skia's pixels copied in strip by strip, filter bytes left at 0.
 */
function readRows(ctx: SKRSContext2D): Buffer {
  // Zero-filled once: the filter bytes are never written again.
  chartRows ??= Buffer.alloc(CHART_HEIGHT * ROW_BYTES);
  for (let top = 0; top < CHART_HEIGHT; top += STRIP_ROWS) {
    const rows = Math.min(STRIP_ROWS, CHART_HEIGHT - top);
    const { data } = ctx.getImageData(0, top, CHART_WIDTH, rows);
    for (let row = 0; row < rows; row += 1) {
      chartRows.set(
        data.subarray(row * CHART_WIDTH * 4, (row + 1) * CHART_WIDTH * 4),
        (top + row) * ROW_BYTES + 1,
      );
    }
  }
  return chartRows;
}

/**
 * PNG scanlines → PNG. Skia's encoder spends 15+ ms on this card (adaptive filters, zlib level 6),
 * most of the /progress budget; flat chart colours compress about as well with no filter at level 3,
 * in a fraction of the time.
 */
function encodePng(scanlines: Buffer, width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per channel
  header[9] = 6; // RGBA
  return Buffer.concat([
    PNG_SIGNATURE,
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(scanlines, { level: 3 })),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

let chartCanvas: Canvas.Canvas | undefined;

/**
 * The one canvas every chart is drawn on, reset (pixels and state) before each. A canvas per chart
 * kept ~3 MB of Skia's native memory per chart drawn, never handed back to the system (bench item 7:
 * 50 charts, +150 MB RSS); drawing is synchronous, so one canvas is never shared by two charts.
 */
function chartContext(): SKRSContext2D {
  chartCanvas ??= canvas().createCanvas(CHART_WIDTH, CHART_HEIGHT);
  const ctx = chartCanvas.getContext('2d');
  ctx.reset();
  return ctx;
}

/** Draws the journey: the stage over time as a step line, sessions as dots coloured by their worst severity, stage changes marked (advance ▲ green, step back ▼ amber). */
export function renderProgressChart(input: ProgressChartInput): Buffer {
  // A zone that went bad in storage should cost the owner tick labels, not the whole /progress reply.
  const tz = input.timeZone !== undefined && isValidTimeZone(input.timeZone) ? input.timeZone : 'UTC';
  const ctx = chartContext();
  const axis = timeAxisFor(input);

  drawBackground(ctx);
  drawHeader(ctx, input);
  drawStageRows(ctx, input.currentStage);
  drawTimeAxis(ctx, axis, input, tz);
  drawStageLine(ctx, axis, input);
  if (input.sessions.length === 0) drawEmptyHint(ctx);
  const legend = drawLegend(ctx);

  const rows = readRows(ctx);
  // Markers last, so a step is never hidden under a day's dots.
  for (const s of [
    ...legend,
    ...sessionStamps(axis, input.sessions),
    ...stageChangeStamps(axis, input.stageChanges),
  ]) {
    stamp(rows, s.sprite, s.x, s.y);
  }
  return encodePng(rows, CHART_WIDTH, CHART_HEIGHT);
}
