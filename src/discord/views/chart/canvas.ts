/**
 * The chart's native resources and how they are held: the Skia library, loaded at the first chart;
 * the one canvas every chart is drawn on; and the one buffer its pixels are read back into. The
 * memory figures behind each choice are bench item 7's (README).
 */
import { createRequire } from 'node:module';
import type * as Canvas from '@napi-rs/canvas';
import { CHART_HEIGHT, CHART_WIDTH } from './layout.js';

export type SKRSContext2D = Canvas.SKRSContext2D;

let canvasModule: typeof Canvas | undefined;

/**
 * @napi-rs/canvas (Skia) is loaded at the first chart, not at start: it costs the process ~15–25 MB
 * of RSS (bench item 7), and a bot that draws no chart needs none of it. `require` keeps this
 * synchronous, so the views stay synchronous.
 */
export function canvas(): typeof Canvas {
  canvasModule ??= createRequire(import.meta.url)('@napi-rs/canvas') as typeof Canvas;
  return canvasModule;
}

let fontsFound: boolean | undefined;

/** Without any font Skia draws nothing for text anyway; skipping keeps the shapes-only chart fast. */
export function canDrawText(): boolean {
  fontsFound ??= canvas().GlobalFonts.families.length > 0;
  return fontsFound;
}

let chartCanvas: Canvas.Canvas | undefined;

/**
 * The one canvas every chart is drawn on, reset (pixels and state) before each. A canvas per chart
 * kept ~3 MB of Skia's native memory per chart drawn, never handed back to the system (bench item 7:
 * 50 charts, +150 MB RSS); drawing is synchronous, so one canvas is never shared by two charts.
 */
export function chartContext(): SKRSContext2D {
  chartCanvas ??= canvas().createCanvas(CHART_WIDTH, CHART_HEIGHT);
  const ctx = chartCanvas.getContext('2d');
  ctx.reset();
  return ctx;
}

/** One PNG row: its filter byte (0, none), then RGBA. */
export const ROW_BYTES = CHART_WIDTH * 4 + 1;

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
export function readRows(ctx: SKRSContext2D): Buffer {
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
