import { describe, expect, it } from 'vitest';
import {
  DOT_RADIUS,
  PLOT,
  ROW_HEIGHT,
  dateTicks,
  rowCentre,
  sessionDots,
  stageMarkers,
  stagePath,
  stageRows,
  subtitleFor,
  timeAxisFor,
  todayX,
  type ChartSession,
  type ProgressChartInput,
} from '../../src/discord/views/chart/layout.js';

const DAY = 86_400_000;
const createdAt = new Date('2026-09-01T08:00:00Z');
const later = (days: number): Date => new Date(createdAt.getTime() + days * DAY);

function chart(overrides: Partial<ProgressChartInput> = {}): ProgressChartInput {
  return {
    catName: 'Mochi',
    now: later(1),
    createdAt,
    sessions: [],
    stageChanges: [],
    currentStage: 'harness_scenery',
    ...overrides,
  };
}

describe('timeAxisFor', () => {
  it('spans at least a week, from creation, across the plot', () => {
    const axis = timeAxisFor(chart());
    expect(axis.start).toBe(createdAt.getTime());
    expect(axis.end).toBe(later(7).getTime());
    expect(axis.x(axis.start)).toBe(PLOT.left);
    expect(axis.x(axis.end)).toBe(PLOT.right);
    expect(axis.x(later(3.5).getTime())).toBe((PLOT.left + PLOT.right) / 2);
  });

  it('starts at the earliest thing on record and clamps what lies outside', () => {
    const axis = timeAxisFor(
      chart({ now: later(30), sessions: [{ at: later(-2), worst: null, stage: 'harness_scenery' }] }),
    );
    expect(axis.start).toBe(later(-2).getTime());
    expect(axis.end).toBe(later(30).getTime());
    expect(axis.x(later(-10).getTime())).toBe(PLOT.left);
    expect(axis.x(later(40).getTime())).toBe(PLOT.right);
  });
});

describe('stagePath', () => {
  it('runs from the created stage through each change to the current stage at now', () => {
    const input = chart({
      now: later(10),
      currentStage: 'harness_buckle',
      stageChanges: [
        { at: later(6), from: 'harness_drape', to: 'harness_buckle', reason: 'advance' },
        { at: createdAt, from: null, to: 'harness_scenery', reason: 'created' },
        { at: later(3), from: 'harness_scenery', to: 'harness_drape', reason: 'advance' },
      ],
    });
    expect(stagePath(input, timeAxisFor(input))).toEqual([
      { at: createdAt.getTime(), stage: 'harness_scenery' },
      { at: createdAt.getTime(), stage: 'harness_scenery' },
      { at: later(3).getTime(), stage: 'harness_drape' },
      { at: later(6).getTime(), stage: 'harness_buckle' },
      { at: later(10).getTime(), stage: 'harness_buckle' },
    ]);
  });

  it('starts where the first known change came from when creation is missing, and ends on the stored stage', () => {
    const input = chart({
      now: later(10),
      currentStage: 'harness_wear',
      stageChanges: [{ at: later(2), from: 'harness_drape', to: 'harness_buckle', reason: 'manual' }],
    });
    const path = stagePath(input, timeAxisFor(input));
    expect(path[0]?.stage).toBe('harness_drape');
    expect(path.at(-1)).toEqual({ at: later(10).getTime(), stage: 'harness_wear' });
  });
});

describe('dateTicks', () => {
  it('labels days for a young cat, on local midnights', () => {
    const axis = timeAxisFor(chart());
    const utc = dateTicks(axis, 'UTC');
    expect(utc.map((t) => t.label)).toEqual(['2 Sep', '4 Sep', '6 Sep', '8 Sep']);
    expect(utc[0]?.ms).toBe(Date.parse('2026-09-02T00:00:00Z'));
    // Berlin is two hours ahead in September: its midnight is 22:00 UTC the day before.
    expect(dateTicks(axis, 'Europe/Berlin')[0]?.ms).toBe(Date.parse('2026-09-01T22:00:00Z'));
  });

  it('labels month starts for an older cat, with the year on the first tick and on January', () => {
    const ticks = dateTicks(timeAxisFor(chart({ now: later(365) })), 'UTC');
    expect(ticks.map((t) => t.label)).toEqual(['Oct 2026', 'Jan 2027', 'Apr', 'Jul']);
    expect(ticks[1]?.ms).toBe(Date.parse('2027-01-01T00:00:00Z'));
  });

  it('never places a tick past the end of the axis', () => {
    for (const days of [1, 10, 45, 200, 900, 3000]) {
      const axis = timeAxisFor(chart({ now: later(days) }));
      const ticks = dateTicks(axis, 'Pacific/Auckland');
      expect(ticks.length).toBeGreaterThan(0);
      expect(ticks.length).toBeLessThanOrEqual(7);
      for (const tick of ticks) {
        expect(tick.ms).toBeGreaterThan(axis.start);
        expect(tick.ms).toBeLessThanOrEqual(axis.end);
      }
    }
  });
});

describe('todayX', () => {
  it('marks now on a young cat’s chart and leaves it off when now is the right edge', () => {
    const young = chart({ now: later(2) });
    expect(todayX(young, timeAxisFor(young))).toBe(
      Math.round(PLOT.left + (PLOT.right - PLOT.left) * (2 / 7)) + 0.5,
    );
    const old = chart({ now: later(30) });
    expect(todayX(old, timeAxisFor(old))).toBeNull();
  });
});

describe('header and rows', () => {
  it('says where the cat is and how much has been logged', () => {
    const one: ChartSession = { at: later(0.5), worst: 'win', stage: 'leash_drag' };
    expect(subtitleFor(chart({ currentStage: 'leash_drag', sessions: [one] }))).toBe(
      'Stage 5/8 · Leash drag · 1 session',
    );
    expect(subtitleFor(chart({ sessions: [one, one] }))).toBe('Stage 1/8 · Scenery · 2 sessions');
  });

  it('stacks the eight stages from the bottom, every other one banded, the current one flagged', () => {
    const rows = stageRows('harness_wear');
    expect(rows).toHaveLength(8);
    expect(rows[0]).toEqual({
      stage: 'harness_scenery',
      top: PLOT.bottom - ROW_HEIGHT,
      banded: false,
      label: '1  Scenery',
      isCurrent: false,
    });
    expect(rows[7]).toMatchObject({ top: PLOT.top, label: '8  Explorer', banded: true });
    expect(rows.filter((r) => r.isCurrent).map((r) => r.stage)).toEqual(['harness_wear']);
    expect(rowCentre('harness_scenery')).toBe(PLOT.bottom - ROW_HEIGHT / 2);
  });
});

describe('sessionDots', () => {
  const axis = timeAxisFor(chart({ now: later(30) }));

  it('puts wins above the stage line and stress below it, in time order', () => {
    const { dense, dots } = sessionDots(axis, [
      { at: later(3), worst: 'severe', stage: 'harness_drape' },
      { at: later(1), worst: 'win', stage: 'harness_drape' },
      { at: later(2), worst: null, stage: 'harness_drape' },
    ]);
    const centre = Math.round(rowCentre('harness_drape'));
    expect(dense).toBe(false);
    expect(dots).toEqual([
      { worst: 'win', x: Math.round(axis.x(later(1).getTime())), y: centre - 7 },
      { worst: null, x: Math.round(axis.x(later(2).getTime())), y: centre },
      { worst: 'severe', x: Math.round(axis.x(later(3).getTime())), y: centre + 7 },
    ]);
  });

  it('draws a dot once where sessions land on the same pixel, but keeps different severities', () => {
    const at = later(5);
    const { dots } = sessionDots(axis, [
      { at, worst: 'mild', stage: 'harness_wear' },
      { at: new Date(at.getTime() + 60_000), worst: 'mild', stage: 'harness_wear' },
      { at, worst: null, stage: 'harness_wear' },
    ]);
    expect(dots.map((d) => d.worst)).toEqual(['mild', null]);
  });

  it('calls a history dense once dots could not sit side by side', () => {
    const room = Math.floor((PLOT.right - PLOT.left) / (DOT_RADIUS * 2));
    const sessions = (n: number): ChartSession[] =>
      Array.from({ length: n }, (_, i) => ({ at: later(i / 10), worst: 'win', stage: 'harness_scenery' }));
    expect(sessionDots(axis, sessions(room)).dense).toBe(false);
    expect(sessionDots(axis, sessions(room + 1)).dense).toBe(true);
  });
});

describe('stageMarkers', () => {
  it('marks every move but creation, just off the line on the side it came from', () => {
    const axis = timeAxisFor(chart({ now: later(30) }));
    const markers = stageMarkers(axis, [
      { at: createdAt, from: null, to: 'harness_scenery', reason: 'created' },
      { at: later(4), from: 'harness_scenery', to: 'harness_drape', reason: 'advance' },
      { at: later(8), from: 'harness_drape', to: 'harness_scenery', reason: 'step_back' },
      { at: later(9), from: 'harness_scenery', to: 'leash_drag', reason: 'manual' },
    ]);
    expect(markers).toEqual([
      { reason: 'advance', x: axis.x(later(4).getTime()), y: rowCentre('harness_drape') + ROW_HEIGHT / 2 },
      {
        reason: 'step_back',
        x: axis.x(later(8).getTime()),
        y: rowCentre('harness_scenery') - ROW_HEIGHT / 2,
      },
      { reason: 'manual', x: axis.x(later(9).getTime()), y: rowCentre('leash_drag') },
    ]);
  });
});
