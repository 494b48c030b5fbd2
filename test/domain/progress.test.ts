import { describe, expect, it } from 'vitest';
import { computeStreak, computeTrend } from '../../src/domain/progress.js';

describe('computeStreak', () => {
  const set = (...dates: string[]) => new Set(dates);
  it.each([
    [set(), '2026-11-25', [], 0],
    [set('2026-11-25'), '2026-11-25', [], 1],
    [set('2026-11-24'), '2026-11-25', [], 1],
    [set('2026-11-23', '2026-11-24', '2026-11-25'), '2026-11-25', [], 3],
    [set('2026-11-22', '2026-11-24', '2026-11-25'), '2026-11-25', [], 2],
    [
      set('2026-11-20', '2026-11-21', '2026-11-25'),
      '2026-11-25',
      [{ from: '2026-11-22', to: '2026-11-24' }],
      3,
    ],
    [set('2026-11-20', '2026-11-21'), '2026-11-25', [{ from: '2026-11-22', to: null }], 2],
  ])('%o up to %s with pauses %j → %i', (dates, today, pauses, expected) => {
    expect(computeStreak(dates, today, pauses)).toBe(expected);
  });
});

describe('computeTrend', () => {
  it.each([
    [[], 'too_early'],
    [['moderate', 'mild', null], 'too_early'],
    [['severe', 'moderate', 'moderate', null, 'win', null], 'calmer'],
    [[null, 'win', null, 'moderate', 'severe', 'moderate'], 'more_stress'],
    [['mild', null, 'mild', null, 'mild', null], 'steady'],
  ] as const)('%j → %s', (worst, expected) => {
    expect(computeTrend(worst)).toBe(expected);
  });
});
