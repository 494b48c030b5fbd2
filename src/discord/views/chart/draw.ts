/** Draws the chart's card, rows, axis and stage line on the Skia canvas, where layout.ts puts them. */
import type { StageId } from '../../../domain/stages.js';
import { canDrawText, type SKRSContext2D } from './canvas.js';
import {
  CHART_HEIGHT,
  CHART_WIDTH,
  dateTicks,
  PLOT,
  ROW_HEIGHT,
  rowCentre,
  stagePath,
  stageRows,
  subtitleFor,
  todayX,
  type ProgressChartInput,
  type TimeAxis,
} from './layout.js';
import { sprites, type Sprite, type Stamp } from './sprites.js';
import { COLOURS, SEVERITY_STYLES } from './theme.js';

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

export function drawBackground(ctx: SKRSContext2D): void {
  ctx.fillStyle = COLOURS.card;
  ctx.fillRect(0, 0, CHART_WIDTH, CHART_HEIGHT);
  ctx.strokeStyle = COLOURS.border;
  ctx.lineWidth = 2;
  ctx.strokeRect(1, 1, CHART_WIDTH - 2, CHART_HEIGHT - 2);
}

export function drawHeader(ctx: SKRSContext2D, input: ProgressChartInput): void {
  const titleFont = 'bold 20px sans-serif';
  const title = fitted(ctx, `${input.catName}'s journey`, titleFont, 420);
  text(ctx, title, 24, 38, titleFont, COLOURS.text);
  text(ctx, subtitleFor(input), 24, 58, '13px sans-serif', COLOURS.muted);
}

export function drawStageRows(ctx: SKRSContext2D, current: StageId): void {
  for (const row of stageRows(current)) {
    if (row.banded) {
      ctx.fillStyle = COLOURS.bandOdd;
      ctx.fillRect(PLOT.left, row.top, PLOT.right - PLOT.left, ROW_HEIGHT);
    }
    if (canDrawText()) {
      ctx.textAlign = 'right';
      ctx.textBaseline = 'middle';
      text(
        ctx,
        row.label,
        PLOT.left - 10,
        row.top + ROW_HEIGHT / 2,
        row.isCurrent ? 'bold 12px sans-serif' : '12px sans-serif',
        row.isCurrent ? COLOURS.text : COLOURS.muted,
      );
    }
  }
  ctx.textAlign = 'left';
  ctx.textBaseline = 'alphabetic';
}

export function drawTimeAxis(
  ctx: SKRSContext2D,
  axis: TimeAxis,
  input: ProgressChartInput,
  tz: string,
): void {
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

  const x = todayX(input, axis);
  if (x !== null) {
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

export function drawStageLine(ctx: SKRSContext2D, axis: TimeAxis, input: ProgressChartInput): void {
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

export function drawEmptyHint(ctx: SKRSContext2D): void {
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

/**
 * Labels the colours; returns where its symbols go, stamped with the chart's own sprites. Laid out
 * here rather than in layout.ts because each entry's width is the drawn text's.
 */
export function drawLegend(ctx: SKRSContext2D): Stamp[] {
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
  for (const style of SEVERITY_STYLES) entry(dotSprites.get(style.worst), style.label);
  x += 8;
  entry(markerSprites.advance, 'next stage');
  entry(markerSprites.step_back, 'step back');
  entry(markerSprites.manual, 'set by hand');
  return stamps;
}
