import { describe, expect, it } from 'vitest';
import {
  initialState,
  transition,
  worstSeverity,
  type CatState,
  type CoachItem,
  type Effect,
} from '../../src/domain/coach.js';
import {
  COACH_RULES,
  STAGE_IDS,
  STAGE_RULES,
  nextStage,
  previousStage,
  type StageId,
} from '../../src/domain/stages.js';

const now = new Date('2026-11-25T10:00:00Z');
const item = (id: string, severity: CoachItem['severity'], expected = false): CoachItem => ({
  id,
  severity,
  expected,
});
const session = (
  localDate: string,
  items: CoachItem[],
  extra: { minutes?: number; upheaval?: boolean } = {},
) =>
  ({
    type: 'session',
    localDate,
    minutes: extra.minutes ?? null,
    items,
    upheaval: extra.upheaval ?? false,
  }) as const;
const types = (effects: readonly Effect[]) => effects.map((e) => e.type);

/** A good session for any stage: exploring counts everywhere, and is needed outdoors. */
const goodItems = (stage: StageId): CoachItem[] =>
  stage === 'first_outdoors' ? [item('sniffing', 'win')] : [item('relaxed', 'win')];

function logGoodDays(start: CatState, stage: StageId, daysCount: number): CatState {
  let state = start;
  for (let d = 1; d <= daysCount; d++) {
    state = transition(state, session(`2026-11-${String(d).padStart(2, '0')}`, goodItems(stage)), now).next;
  }
  return state;
}

describe('severe signals step back one stage, never below the first', () => {
  it.each(STAGE_IDS.map((s) => [s]))('%s', (stage) => {
    const result = transition(
      initialState(stage, now),
      session('2026-11-25', [item('hissing', 'severe')]),
      now,
    );
    expect(result.outcome).toBe(stage === 'harness_scenery' ? 'stop' : 'step_back'); // nowhere to go back to from the first stage
    expect(result.next.stage).toBe(previousStage(stage));
    expect(result.next.stepBacks).toBe(1);
    expect(result.next.goodDays).toBe(0);
    expect(result.effects).toContainEqual({
      type: 'stepBack',
      from: stage,
      to: previousStage(stage),
      cause: 'severe',
    });
  });
});

describe('a moderate signal stops the session and resets the run of good days', () => {
  it.each(STAGE_IDS.map((s) => [s]))('%s', (stage) => {
    const warmedUp = logGoodDays(initialState(stage, now), stage, 2);
    expect(warmedUp.goodDays).toBe(2);
    const result = transition(warmedUp, session('2026-11-20', [item('ears_flat', 'moderate')]), now);
    expect(result.outcome).toBe('stop');
    expect(result.next.stage).toBe(stage);
    expect(result.next.goodDays).toBe(0);
    expect(result.next.moderateRun).toBe(1);
    expect(types(result.effects)).toContain('stopSession');
  });
});

describe('moderate signals in two sessions in a row step back', () => {
  it.each(STAGE_IDS.map((s) => [s]))('%s', (stage) => {
    const first = transition(
      initialState(stage, now),
      session('2026-11-24', [item('hiding', 'moderate')]),
      now,
    ).next;
    const second = transition(first, session('2026-11-25', [item('tail_lashing', 'moderate')]), now);
    expect(second.outcome).toBe(stage === 'harness_scenery' ? 'stop' : 'step_back');
    expect(second.next.stage).toBe(previousStage(stage));
    expect(second.effects).toContainEqual({
      type: 'stepBack',
      from: stage,
      to: previousStage(stage),
      cause: 'moderate_again',
    });
  });

  it('a calm session in between breaks the pair', () => {
    let state = transition(
      initialState('harness_drape', now),
      session('2026-11-23', [item('hiding', 'moderate')]),
      now,
    ).next;
    state = transition(state, session('2026-11-24', [item('relaxed', 'win')]), now).next;
    const third = transition(state, session('2026-11-25', [item('hiding', 'moderate')]), now);
    expect(third.outcome).toBe('stop');
    expect(third.next.stage).toBe('harness_drape');
  });
});

describe('mild signals', () => {
  it.each(STAGE_IDS.map((s) => [s, STAGE_RULES[s].goodWhen]))('%s (%s)', (stage, goodWhen) => {
    const items =
      stage === 'first_outdoors'
        ? [item('sniffing', 'win'), item('lip_licking', 'mild')]
        : [item('lip_licking', 'mild')];
    const result = transition(initialState(stage, now), session('2026-11-25', items), now);
    expect(result.next.stage).toBe(stage);
    expect(result.outcome).toBe(goodWhen === 'calm' ? 'neutral' : 'good');
  });
});

describe('evidence on distinct local days earns an offer; the owner decides', () => {
  it.each(
    STAGE_IDS.filter((s) => STAGE_RULES[s].goodDaysNeeded !== null).map((s) => [
      s,
      STAGE_RULES[s].goodDaysNeeded ?? 0,
    ]),
  )('%s needs %i good days', (stage, needed) => {
    const almost = logGoodDays(initialState(stage, now), stage, needed - 1);
    expect(almost.offerPending).toBe(false);
    const result = transition(almost, session('2026-11-28', goodItems(stage)), now);
    expect(result.next.goodDays).toBe(needed);
    expect(result.effects).toContainEqual({ type: 'offerNextStage', from: stage, to: nextStage(stage) });
    expect(result.next.stage).toBe(stage);
  });

  it('several good sessions on one day count once', () => {
    let state = initialState('harness_drape', now);
    for (let i = 0; i < 5; i++)
      state = transition(state, session('2026-11-25', [item('relaxed', 'win')]), now).next;
    expect(state.goodDays).toBe(1);
    expect(state.offerPending).toBe(false);
  });

  it('accepting moves on one stage and resets the evidence', () => {
    const ready = logGoodDays(initialState('harness_scenery', now), 'harness_scenery', 3);
    const result = transition(ready, { type: 'acceptOffer' }, now);
    expect(result.next.stage).toBe('harness_drape');
    expect(result.next.goodDays).toBe(0);
    expect(result.effects).toContainEqual({
      type: 'stageChanged',
      from: 'harness_scenery',
      to: 'harness_drape',
      reason: 'advance',
    });
  });

  it('accepting without a pending offer changes nothing', () => {
    const state = initialState('harness_drape', now);
    expect(transition(state, { type: 'acceptOffer' }, now)).toEqual({
      next: state,
      outcome: null,
      effects: [],
    });
  });

  it('"stay a little longer" asks again after more good days', () => {
    const ready = logGoodDays(initialState('harness_scenery', now), 'harness_scenery', 3);
    const declined = transition(ready, { type: 'declineOffer' }, now).next;
    expect(declined.offerPending).toBe(false);
    const oneMore = transition(declined, session('2026-11-10', [item('relaxed', 'win')]), now);
    expect(types(oneMore.effects)).not.toContain('offerNextStage');
    const twoMore = transition(oneMore.next, session('2026-11-11', [item('relaxed', 'win')]), now);
    expect(types(twoMore.effects)).toContain('offerNextStage');
    expect(declined.offerAgainAt).toBe(3 + COACH_RULES.goodDaysBeforeOfferingAgain);
  });

  it('the goal stage never offers more', () => {
    const state = logGoodDays(initialState('outdoor_explorer', now), 'outdoor_explorer', 10);
    expect(state.offerPending).toBe(false);
    expect(state.goodDays).toBe(10);
  });
});

describe('stage-aware signals', () => {
  it('a stiff-legged gait while wearing the harness is expected, not stress', () => {
    const result = transition(
      initialState('harness_wear', now),
      session('2026-11-25', [item('stiff_gait', 'mild', true)]),
      now,
    );
    expect(result.outcome).toBe('good');
  });

  it('freezing and retreating on first trips outside do not count against the session', () => {
    const items = [item('freezing', 'mild', true), item('sniffing', 'win'), item('retreating', 'mild', true)];
    expect(transition(initialState('first_outdoors', now), session('2026-11-25', items), now).outcome).toBe(
      'good',
    );
  });

  it('outside, no sniffing or exploring is practice but not yet a good day', () => {
    const result = transition(
      initialState('first_outdoors', now),
      session('2026-11-25', [item('freezing', 'mild', true)]),
      now,
    );
    expect(result.outcome).toBe('neutral');
    expect(result.next.goodDays).toBe(0);
  });

  it('an expected signal that is severe is still not counted', () => {
    const result = transition(
      initialState('harness_wear', now),
      session('2026-11-25', [item('stiff_gait', 'severe', true)]),
      now,
    );
    expect(result.next.stage).toBe('harness_wear');
  });
});

describe('pain is a separate flag', () => {
  it('suggests a vet and does not count as good', () => {
    const result = transition(
      initialState('indoor_safari', now),
      session('2026-11-25', [item('limping', 'pain')]),
      now,
    );
    expect(result.outcome).toBe('pain');
    expect(types(result.effects)).toContain('suggestVet');
    expect(result.next.goodDays).toBe(0);
    expect(result.next.stage).toBe('indoor_safari');
  });

  it('pain with severe stress still steps back', () => {
    const result = transition(
      initialState('indoor_safari', now),
      session('2026-11-25', [item('limping', 'pain'), item('hissing', 'severe')]),
      now,
    );
    expect(result.outcome).toBe('step_back');
    expect(types(result.effects)).toEqual(expect.arrayContaining(['suggestVet', 'stepBack']));
    // …and is still no training session: nothing celebrated.
    expect(types(result.effects)).not.toContain('milestone');
  });

  it('is not a training session: no celebration, no good day, no stop; only the vet', () => {
    const before = initialState('indoor_safari', now);
    const result = transition(
      before,
      session(
        '2026-11-25',
        [item('limping', 'pain'), item('ears_flat', 'moderate'), item('sniffing', 'win')],
        {
          minutes: 90,
          upheaval: true,
        },
      ),
      now,
    );
    expect(result.outcome).toBe('pain');
    expect(types(result.effects)).toEqual(['suggestVet']);
    expect(result.next).toEqual(before);
  });

  it('leaves the state as it was, so the rules pick up where they were at the next real session', () => {
    const offered = logGoodDays(initialState('harness_drape', now), 'harness_drape', 3);
    expect(offered.offerPending).toBe(true);
    expect(transition(offered, session('2026-11-04', [item('limping', 'pain')]), now).next).toEqual(offered);

    const stopped = transition(offered, session('2026-11-10', [item('ears_flat', 'moderate')]), now).next;
    const pained = transition(stopped, session('2026-11-11', [item('not_eating', 'pain')]), now);
    expect(pained.next).toEqual(stopped);
    // A second moderate session in a row (the pain session in between does not count) steps back.
    const after = transition(pained.next, session('2026-11-12', [item('ears_flat', 'moderate')]), now);
    expect(after.outcome).toBe('step_back');
  });

  it('the first real session after a pain session is the one celebrated', () => {
    const pained = transition(
      initialState('harness_scenery', now),
      session('2026-11-25', [item('limping', 'pain')]),
      now,
    );
    expect(pained.next.milestones).toEqual([]);
    const real = transition(pained.next, session('2026-11-26', [item('sniffing', 'win')]), now);
    expect(real.effects).toContainEqual({ type: 'milestone', milestone: 'first_session' });
  });
});

describe('kindness', () => {
  it('slows the pace after repeated step-backs', () => {
    let state = initialState('indoor_safari', now);
    const seen: Effect['type'][] = [];
    for (let i = 0; i < COACH_RULES.stepBacksBeforeSlowingDown; i++) {
      const r = transition(state, session(`2026-11-1${i}`, [item('bolting', 'severe')]), now);
      seen.push(...types(r.effects));
      state = r.next;
    }
    expect(seen.filter((t) => t === 'slowDown')).toHaveLength(1);
  });

  it('suggests shorter sessions early on', () => {
    const result = transition(
      initialState('harness_drape', now),
      session('2026-11-25', [], { minutes: 30 }),
      now,
    );
    expect(result.effects).toContainEqual({
      type: 'keepItShort',
      suggestedMaxMinutes: STAGE_RULES.harness_drape.suggestedMaxMinutes,
    });
  });

  it('warns about trying a new stage on a day of upheaval', () => {
    const result = transition(
      initialState('harness_buckle', now),
      session('2026-11-25', [], { upheaval: true }),
      now,
    );
    expect(types(result.effects)).toContain('upheavalWarning');
  });
});

describe('milestones are effects, each once', () => {
  it('first session, first outdoors, first sniff outdoors', () => {
    const first = transition(
      initialState('first_outdoors', now),
      session('2026-11-25', [item('sniffing', 'win')]),
      now,
    );
    expect(first.effects.flatMap((e) => (e.type === 'milestone' ? [e.milestone] : []))).toEqual([
      'first_session',
      'first_outdoors',
      'first_sniff_outdoors',
    ]);
    const again = transition(first.next, session('2026-11-26', [item('sniffing', 'win')]), now);
    expect(types(again.effects)).not.toContain('milestone');
  });

  it('reaching the goal', () => {
    const ready = logGoodDays(initialState('first_outdoors', now), 'first_outdoors', 3);
    const result = transition(ready, { type: 'acceptOffer' }, now);
    expect(result.effects).toContainEqual({ type: 'milestone', milestone: 'goal_reached' });
  });
});

describe('manual stage set', () => {
  it.each(STAGE_IDS.map((s) => [s]))('to %s from the first stage', (stage) => {
    const result = transition(initialState('harness_scenery', now), { type: 'setStage', stage }, now);
    expect(result.next.stage).toBe(stage);
    if (stage === 'harness_scenery') expect(result.effects).toEqual([]);
    else
      expect(result.effects[0]).toEqual({
        type: 'stageChanged',
        from: 'harness_scenery',
        to: stage,
        reason: 'manual',
      });
  });
});

describe('worstSeverity', () => {
  it.each([
    [[], null],
    [['win'], 'win'],
    [['win', 'mild'], 'mild'],
    [['moderate', 'mild'], 'moderate'],
    [['pain', 'win'], 'pain'],
    [['pain', 'severe'], 'severe'],
  ] as const)('%j → %s', (severities, expected) => {
    expect(worstSeverity(severities.map((severity) => ({ severity })))).toBe(expected);
  });
});

describe('evidence', () => {
  it.each(STAGE_IDS.map((s) => [s]))(
    'a log with nothing recognised is practice, not a good day (%s)',
    (stage) => {
      const result = transition(initialState(stage, now), session('2026-11-25', []), now);
      expect(result.outcome).toBe('neutral');
      expect(result.next.goodDays).toBe(0);
    },
  );
});
