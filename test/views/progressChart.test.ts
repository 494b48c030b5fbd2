import { inflateSync } from 'node:zlib';
import { loadImage } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import {
  CHART_HEIGHT,
  CHART_WIDTH,
  renderProgressChart,
  type ChartSession,
  type ChartStageChange,
  type ProgressChartInput,
} from '../../src/discord/views/progressChart.js';
import { STAGE_IDS, type StageId } from '../../src/domain/stages.js';

const DAY = 86_400_000;
const createdAt = new Date('2026-09-01T08:00:00Z');
const later = (days: number): Date => new Date(createdAt.getTime() + days * DAY);
const WORSTS: readonly ChartSession['worst'][] = [
  'win',
  'win',
  null,
  'mild',
  'moderate',
  'win',
  'severe',
  'pain',
];

function stageAt(position: number): StageId {
  return STAGE_IDS[Math.min(STAGE_IDS.length - 1, Math.max(0, position))] ?? 'harness_scenery';
}

function journey(sessionCount: number, spanDays: number): ProgressChartInput {
  const stageChanges: ChartStageChange[] = [
    { at: createdAt, from: null, to: 'harness_scenery', reason: 'created' },
  ];
  for (let s = 1; s < 6; s += 1) {
    stageChanges.push({
      at: later((s * spanDays) / 7),
      from: stageAt(s - 1),
      to: stageAt(s),
      reason: 'advance',
    });
  }
  stageChanges.push({ at: later((6 * spanDays) / 7), from: stageAt(5), to: stageAt(4), reason: 'step_back' });
  const sessions: ChartSession[] = Array.from({ length: sessionCount }, (_, i) => ({
    at: later(((i + 0.5) * spanDays) / sessionCount),
    worst: WORSTS[i % WORSTS.length] ?? null,
    stage: stageAt(Math.floor((i / sessionCount) * 6)),
  }));
  return {
    catName: 'Mochi',
    now: later(spanDays),
    createdAt,
    sessions,
    stageChanges,
    currentStage: 'leash_drag',
    timeZone: 'Europe/Berlin',
  };
}

interface DecodedPng {
  width: number;
  height: number;
  colourType: number;
  /** Raw scanlines, each prefixed by its filter byte. */
  scanlines: Buffer;
}

/** Walks the chunks as a PNG reader would, checking every CRC on the way. */
function readPng(png: Buffer): DecodedPng {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let offset = 8;
  const idat: Buffer[] = [];
  let header: Buffer | undefined;
  let type = '';
  while (offset < png.length && type !== 'IEND') {
    const length = png.readUInt32BE(offset);
    type = png.toString('latin1', offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    const crc = png.readUInt32BE(offset + 8 + length);
    expect(crc).toBe(crc32(png.subarray(offset + 4, offset + 8 + length)));
    if (type === 'IHDR') header = data;
    if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
  }
  expect(type).toBe('IEND');
  expect(offset).toBe(png.length);
  if (header === undefined) throw new Error('no IHDR');
  return {
    width: header.readUInt32BE(0),
    height: header.readUInt32BE(4),
    colourType: header.readUInt8(9),
    scanlines: inflateSync(Buffer.concat(idat)),
  };
}

// Written out here rather than taken from node:zlib, so the test does not share the encoder's CRC.
function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit += 1) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

describe('renderProgressChart', () => {
  it.each([
    ['no sessions, a day old', journey(0, 1)],
    ['one session', journey(1, 3)],
    ['a month of practice', journey(40, 30)],
    ['1,000 sessions over a year', journey(1000, 365)],
    ['1,000 sessions in two months', journey(1000, 60)],
  ])('renders %s as an 800×350 PNG that decoders accept', async (_name, input) => {
    const png = renderProgressChart(input);
    const decoded = readPng(png);
    expect(decoded).toMatchObject({ width: CHART_WIDTH, height: CHART_HEIGHT, colourType: 6 });
    expect(decoded.scanlines.length).toBe(CHART_HEIGHT * (CHART_WIDTH * 4 + 1));

    const image = await loadImage(png);
    expect([image.width, image.height]).toEqual([800, 350]);
  });

  it('paints an opaque card: no transparent pixel for a theme to show through', () => {
    const { scanlines } = readPng(renderProgressChart(journey(40, 30)));
    const stride = CHART_WIDTH * 4 + 1;
    for (let y = 0; y < CHART_HEIGHT; y += 1) {
      expect(scanlines[y * stride]).toBe(0);
      for (let x = 0; x < CHART_WIDTH; x += 1) {
        if (scanlines[y * stride + 1 + x * 4 + 3] !== 255) throw new Error(`transparent at ${x},${y}`);
      }
    }
  });

  it('draws the sessions: more of them means a different picture', () => {
    const quiet = readPng(renderProgressChart(journey(0, 30))).scanlines;
    const busy = readPng(renderProgressChart(journey(40, 30))).scanlines;
    expect(busy.equals(quiet)).toBe(false);
  });

  it('is deterministic: the same input gives the same bytes', () => {
    const input = journey(200, 90);
    expect(renderProgressChart(input).equals(renderProgressChart(input))).toBe(true);
  });

  it('copes with odd histories', () => {
    const odd: ProgressChartInput = {
      catName: 'A very long cat name that would never fit on the card at all, really',
      now: later(2),
      createdAt,
      // Before creation, in the future, and out of order: clamped, not thrown.
      sessions: [
        { at: later(5), worst: 'win', stage: 'harness_scenery' },
        { at: later(-3), worst: null, stage: 'outdoor_explorer' },
        { at: later(1), worst: 'pain', stage: 'harness_drape' },
      ],
      stageChanges: [
        { at: later(1), from: 'harness_scenery', to: 'harness_wear', reason: 'manual' },
        { at: later(0.5), from: 'harness_drape', to: 'harness_scenery', reason: 'step_back' },
      ],
      currentStage: 'harness_buckle',
    };
    const decoded = readPng(renderProgressChart(odd));
    expect([decoded.width, decoded.height]).toEqual([CHART_WIDTH, CHART_HEIGHT]);
  });

  it('falls back to UTC ticks for a zone it does not know, rather than failing the reply', () => {
    const input: ProgressChartInput = { ...journey(10, 20), timeZone: 'Mars/Olympus_Mons' };
    const utc: ProgressChartInput = { ...journey(10, 20), timeZone: 'UTC' };
    expect(renderProgressChart(input).equals(renderProgressChart(utc))).toBe(true);
  });

  it('keeps every row where Skia drew it: the card border runs the full height, top and bottom edges included', () => {
    const { scanlines } = readPng(renderProgressChart(journey(40, 30)));
    const stride = CHART_WIDTH * 4 + 1;
    const pixel = (x: number, y: number): number[] => [
      ...scanlines.subarray(y * stride + 1 + x * 4, y * stride + 1 + x * 4 + 4),
    ];
    const border = [0x3a, 0x3d, 0x47, 255];
    for (let y = 0; y < CHART_HEIGHT; y += 1) {
      expect(pixel(1, y), `left edge, row ${y}`).toEqual(border);
      expect(pixel(CHART_WIDTH - 2, y), `right edge, row ${y}`).toEqual(border);
    }
    for (const y of [1, CHART_HEIGHT - 2]) expect(pixel(CHART_WIDTH / 2, y), `row ${y}`).toEqual(border);
    expect(pixel(CHART_WIDTH / 2, CHART_HEIGHT / 2 + 40)).not.toEqual(border);
  });
});
