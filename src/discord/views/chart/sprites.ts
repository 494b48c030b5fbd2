/**
 * The chart's dots and markers, drawn once with Skia and then blended straight into the finished
 * scanlines, which is what keeps a long history inside the /progress budget.
 */
import { canvas, ROW_BYTES, type SKRSContext2D } from './canvas.js';
import {
  CHART_HEIGHT,
  CHART_WIDTH,
  DOT_RADIUS,
  type MarkedReason,
  type SessionDot,
  type StageMarker,
  type Worst,
} from './layout.js';
import { COLOURS, SEVERITY_STYLES } from './theme.js';

/** A small pre-drawn picture: its visible pixels as offsets from the centre, with straight RGBA. */
export interface Sprite {
  readonly dx: Int8Array;
  readonly dy: Int8Array;
  readonly rgba: Uint8Array;
}

/** A sprite and where its centre goes. */
export interface Stamp {
  readonly sprite: Sprite;
  readonly x: number;
  readonly y: number;
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

function triangle(ctx: SKRSContext2D, x: number, y: number, size: number, up: boolean): void {
  const tip = up ? -size : size;
  ctx.moveTo(x, y + tip);
  ctx.lineTo(x + size, y - tip * 0.6);
  ctx.lineTo(x - size, y - tip * 0.6);
  ctx.closePath();
}

const MARKER_SIZE = 7;

function makeSprites() {
  const dotSprites = new Map<Worst, Sprite>(
    SEVERITY_STYLES.map((style) => [
      style.worst,
      makeSprite(12, (ctx, c) => {
        ctx.beginPath();
        ctx.arc(c, c, DOT_RADIUS, 0, Math.PI * 2);
        outlined(ctx, style.colour, 1.25);
      }),
    ]),
  );

  /** Outlines on dots a pixel apart stack into a hatch; dense histories get plain dots that merge into bands. */
  const denseDotSprites = new Map<Worst, Sprite>(
    SEVERITY_STYLES.map((style) => [
      style.worst,
      makeSprite(12, (ctx, c) => {
        ctx.beginPath();
        ctx.arc(c, c, DOT_RADIUS - 0.5, 0, Math.PI * 2);
        ctx.fillStyle = style.colour;
        ctx.fill();
      }),
    ]),
  );

  const markerSprites: Readonly<Record<MarkedReason, Sprite>> = {
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
export function sprites(): ReturnType<typeof makeSprites> {
  spriteSet ??= makeSprites();
  return spriteSet;
}

/** Stamps the sessions' dots, plain ones for a dense history. */
export function stampDots(rows: Uint8Array, dense: boolean, dots: readonly SessionDot[]): void {
  const set = sprites();
  const byWorst = dense ? set.denseDotSprites : set.dotSprites;
  for (const dot of dots) {
    const sprite = byWorst.get(dot.worst);
    if (sprite !== undefined) stamp(rows, sprite, dot.x, dot.y);
  }
}

/** Stamps the stage changes' markers. */
export function stampMarkers(rows: Uint8Array, markers: readonly StageMarker[]): void {
  const { markerSprites } = sprites();
  for (const marker of markers) stamp(rows, markerSprites[marker.reason], marker.x, marker.y);
}

/**
 * Blends a sprite into the finished image (PNG scanlines: each row starts with its filter byte). Skia
 * takes ~14 ms to rasterise a thousand outlined arcs and ~6 ms to record a thousand drawImage calls;
 * this loop does a thousand dots in about 1 ms, which is what keeps a long history inside the
 * /progress budget. The image must be opaque.
 */
export function stamp(rows: Uint8Array, sprite: Sprite, centreX: number, centreY: number): void {
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
