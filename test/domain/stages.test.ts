import { describe, expect, it } from 'vitest';
import { STAGE_IDS, STAGE_RULES, stageInfo } from '../../src/domain/stages.js';
import { LIMITS } from '../../src/services/limits.js';

describe('timed sessions in the stage table', () => {
  it.each(STAGE_IDS)('%s: a default length /session start accepts, within the stage’s longest', (stage) => {
    const { sessionMinutes, suggestedMaxMinutes } = STAGE_RULES[stage];
    expect(Number.isInteger(sessionMinutes)).toBe(true);
    expect(sessionMinutes).toBeGreaterThanOrEqual(LIMITS.minMinutes);
    expect(sessionMinutes).toBeLessThanOrEqual(LIMITS.maxTimerMinutes);
    expect(sessionMinutes).toBeLessThanOrEqual(suggestedMaxMinutes);
  });

  it('keeps sessions to a couple of minutes while the harness is new', () => {
    for (const stage of ['harness_scenery', 'harness_drape', 'harness_buckle'] as const) {
      expect(STAGE_RULES[stage].sessionMinutes, stage).toBeLessThanOrEqual(2);
    }
  });

  it('gives every stage its own one-line goal', () => {
    const goals = STAGE_IDS.map((s) => stageInfo(s).sessionGoal);
    expect(new Set(goals).size).toBe(STAGE_IDS.length);
    for (const goal of goals) {
      expect(goal).toMatch(/^\S.*\.$/);
      expect(goal).not.toContain('\n');
      expect(goal.length).toBeLessThanOrEqual(100);
    }
  });
});
