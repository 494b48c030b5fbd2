/**
 * The /progress chart: a cat's journey through the stages as a PNG. Pure: the same input gives the
 * same bytes, and nothing here talks to Discord. The parts live in chart/: where things go
 * (layout), what they look like (theme), Skia and the memory it holds (canvas), drawing (draw), the
 * dots and markers (sprites) and the encoder (png).
 */
import { isValidTimeZone } from '../../domain/schedule.js';
import { chartContext, readRows } from './chart/canvas.js';
import {
  drawBackground,
  drawEmptyHint,
  drawHeader,
  drawLegend,
  drawStageRows,
  drawStageLine,
  drawTimeAxis,
} from './chart/draw.js';
import { CHART_HEIGHT, CHART_WIDTH, sessionDots, stageMarkers, timeAxisFor } from './chart/layout.js';
import type { ProgressChartInput } from './chart/layout.js';
import { encodePng } from './chart/png.js';
import { stamp, stampDots, stampMarkers } from './chart/sprites.js';

export {
  CHART_HEIGHT,
  CHART_WIDTH,
  type ChartSession,
  type ChartStageChange,
  type ProgressChartInput,
} from './chart/layout.js';

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
  for (const s of legend) stamp(rows, s.sprite, s.x, s.y);
  const { dense, dots } = sessionDots(axis, input.sessions);
  stampDots(rows, dense, dots);
  // Markers last, so a step is never hidden under a day's dots.
  stampMarkers(rows, stageMarkers(axis, input.stageChanges));
  return encodePng(rows, CHART_WIDTH, CHART_HEIGHT);
}
