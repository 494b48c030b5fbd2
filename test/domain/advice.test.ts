import { describe, expect, it } from 'vitest';
import {
  ADVICE,
  FAMILY_OF_SIGNAL,
  SIGNAL_FAMILIES,
  expectedSignalNote,
  expectedToExplain,
  nextStepText,
  planNextStep,
  stressFamily,
  type AdviceItem,
  type LastSession,
} from '../../src/domain/advice.js';
import { SIGNALS } from '../../src/domain/signals.js';
import { STAGE_IDS, STAGE_RULES, stageInfo } from '../../src/domain/stages.js';

const item = (id: string, severity: AdviceItem['severity'], expected = false): AdviceItem => ({
  id,
  severity,
  expected,
});
const cells = STAGE_IDS.flatMap((stage) => SIGNAL_FAMILIES.map((family) => [stage, family] as const));
const allPhrasings = cells.flatMap(([stage, family]) => ADVICE[stage][family]);

describe('the advice table (stage × family of stress)', () => {
  it.each(cells)('%s × %s has several phrasings, all different', (stage, family) => {
    const phrasings = ADVICE[stage][family];
    expect(phrasings.length).toBeGreaterThanOrEqual(3);
    expect(new Set(phrasings).size).toBe(phrasings.length);
  });

  it('has no stage or family beyond the known ones', () => {
    expect(Object.keys(ADVICE).sort()).toEqual([...STAGE_IDS].sort());
    for (const stage of STAGE_IDS)
      expect(Object.keys(ADVICE[stage]).sort()).toEqual([...SIGNAL_FAMILIES].sort());
  });

  it('never says the same sentence in two places, nor repeats an ordinary step', () => {
    expect(new Set(allPhrasings).size).toBe(allPhrasings.length);
    const ordinary = new Set(STAGE_IDS.flatMap((s) => stageInfo(s).steps));
    for (const phrasing of allPhrasings) expect(ordinary.has(phrasing)).toBe(false);
  });

  it('keeps each step short and finished: one or two sentences, ending with a full stop', () => {
    for (const phrasing of allPhrasings) {
      expect(phrasing.length, phrasing).toBeLessThanOrEqual(140);
      expect(phrasing, phrasing).toMatch(/^[A-Z].*\.$/);
      expect(phrasing.split(/[.!?] /).length, phrasing).toBeLessThanOrEqual(2);
    }
  });
});

describe('signal families', () => {
  it('every stress signal of the vocabulary has a family', () => {
    const stress = SIGNALS.filter(
      (s) => s.severity === 'mild' || s.severity === 'moderate' || s.severity === 'severe',
    );
    const missing = stress.filter((s) => FAMILY_OF_SIGNAL[s.id] === undefined).map((s) => s.id);
    expect(missing, 'add these ids to FAMILY_OF_SIGNAL in src/domain/advice.ts').toEqual([]);
  });

  it('maps only stress signals the vocabulary knows (no stale ids, no wins, no pain)', () => {
    const severity = new Map(SIGNALS.map((s) => [s.id, s.severity]));
    for (const id of Object.keys(FAMILY_OF_SIGNAL)) {
      expect(['mild', 'moderate', 'severe'], id).toContain(severity.get(id));
    }
  });

  it.each([
    ['ears flat', [item('ears_flat', 'moderate')], 'warning_looks'],
    ['biting the harness', [item('biting_harness', 'severe')], 'escaping'],
    ['hiding', [item('hiding', 'moderate')], 'hiding_leaving'],
    ['going rigid', [item('going_rigid', 'severe')], 'freezing'],
    ['refusing treats', [item('refusing_treats', 'moderate')], 'refusing_treats'],
    ['the worst signal wins', [item('lip_licking', 'mild'), item('hiding', 'moderate')], 'hiding_leaving'],
    ['ties go to the first', [item('hard_stare', 'moderate'), item('hiding', 'moderate')], 'warning_looks'],
    ['expected signals are not stress', [item('stiff_gait', 'mild', true)], null],
    ['wins and pain are not stress', [item('sniffing', 'win'), item('limping', 'pain')], null],
    ['an unknown id has no family', [item('some_new_signal', 'severe')], null],
  ] as const)('%s', (_name, items, family) => {
    expect(stressFamily(items)).toBe(family);
  });
});

describe('planNextStep', () => {
  const last = (stage: string, outcome: LastSession['outcome'], items: AdviceItem[]): LastSession => ({
    stage,
    outcome,
    items,
  });

  it('with no session yet, or after a calm one, is the ordinary step forward', () => {
    expect(planNextStep('harness_drape', null)).toEqual({ kind: 'forward', stage: 'harness_drape' });
    expect(planNextStep('harness_drape', last('harness_drape', 'good', [item('purring', 'win')]))).toEqual({
      kind: 'forward',
      stage: 'harness_drape',
    });
  });

  it('after stress, answers what the cat showed at that stage', () => {
    expect(
      planNextStep('harness_buckle', last('harness_buckle', 'stop', [item('ears_flat', 'moderate')])),
    ).toEqual({
      kind: 'answer',
      stage: 'harness_buckle',
      family: 'warning_looks',
    });
  });

  it('after a step back, still answers what happened at the stage it happened at', () => {
    const plan = planNextStep(
      'harness_drape',
      last('harness_buckle', 'step_back', [item('escape_attempt', 'severe')]),
    );
    expect(plan).toEqual({ kind: 'answer', stage: 'harness_buckle', family: 'escaping' });
  });

  it('after the stage changed since (by hand, or an accepted offer), is the new stage’s step', () => {
    const stressed = last('harness_wear', 'good', [item('lip_licking', 'mild')]);
    expect(planNextStep('harness_wear', stressed)).toMatchObject({ kind: 'answer' });
    expect(planNextStep('leash_drag', stressed)).toEqual({ kind: 'forward', stage: 'leash_drag' });
    expect(
      planNextStep('indoor_safari', last('mystery_stage', 'stop', [item('hiding', 'moderate')])),
    ).toEqual({
      kind: 'forward',
      stage: 'indoor_safari',
    });
  });

  it('an expected signal alone is not stress: the step goes forward', () => {
    const plan = planNextStep(
      'first_outdoors',
      last('first_outdoors', 'neutral', [item('freezing', 'mild', true)]),
    );
    expect(plan).toEqual({ kind: 'forward', stage: 'first_outdoors' });
  });

  it('after possible pain, the step is the vet, whatever else happened', () => {
    const pained = last('harness_wear', 'pain', [item('limping', 'pain'), item('hissing', 'severe')]);
    expect(planNextStep('harness_wear', pained)).toEqual({ kind: 'vet' });
    expect(planNextStep('harness_scenery', pained)).toEqual({ kind: 'vet' });
  });
});

describe('nextStepText', () => {
  const seeds = (sessionSeed: number, daySeed: number) => ({ sessionSeed, daySeed });

  it('picks stress advice by the session, so every place that shows it says the same', () => {
    const plan = { kind: 'answer', stage: 'harness_buckle', family: 'warning_looks' } as const;
    const text = nextStepText(plan, seeds(7, 1));
    expect(ADVICE.harness_buckle.warning_looks).toContain(text);
    expect(nextStepText(plan, seeds(7, 2))).toBe(text);
  });

  it('varies the ordinary step and the vet reminder by day', () => {
    const forward = new Set(
      [0, 1, 2, 3].map((d) => nextStepText({ kind: 'forward', stage: 'leash_drag' }, seeds(0, d))),
    );
    expect(forward.size).toBeGreaterThan(1);
    for (const step of forward) expect(stageInfo('leash_drag').steps).toContain(step);
    const vet = new Set([0, 1, 2].map((d) => nextStepText({ kind: 'vet' }, seeds(0, d))));
    expect(vet.size).toBeGreaterThan(1);
    for (const text of vet) {
      expect(text).toMatch(/vet/);
      // The vet step is not a training step.
      expect(text).not.toMatch(/harness|buckle|leash|treat/i);
    }
  });
});

describe('expected signals are explained once', () => {
  it('has a kind word for every signal some stage expects', () => {
    const expected = new Set(STAGE_IDS.flatMap((s) => STAGE_RULES[s].expectedSignals));
    for (const id of expected) {
      const note = expectedSignalNote(id, id);
      expect(note, id).toMatch(/normal/);
      expect(note, id).not.toContain(id);
    }
    expect(expectedSignalNote('new_one', 'a new thing')).toContain('a new thing');
  });

  it('explains an expected signal the first time this cat shows it, then not again', () => {
    const now = [item('stiff_gait', 'mild', true), item('purring', 'win')];
    expect(expectedToExplain(now, []).map((i) => i.id)).toEqual(['stiff_gait']);
    expect(expectedToExplain(now, [[item('stiff_gait', 'mild', true)]])).toEqual([]);
  });

  it('a signal earlier logged as graded stress (not expected then) is still explained when it becomes expected', () => {
    const earlier = [[item('freezing', 'mild', false)], [item('retreating', 'mild', true)]];
    const now = [item('freezing', 'mild', true), item('retreating', 'mild', true)];
    expect(expectedToExplain(now, earlier).map((i) => i.id)).toEqual(['freezing']);
  });
});
