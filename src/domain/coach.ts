import type { LocalDate } from './schedule.js';
import { SEVERITY_RANK, type Severity } from './severity.js';
import {
  COACH_RULES,
  GOAL_STAGE,
  STAGE_IDS,
  STAGE_RULES,
  nextStage,
  previousStage,
  type StageId,
} from './stages.js';

/** What the coach needs of a recognised signal (the parser's RecognisedItem fits). */
export interface CoachItem {
  readonly id: string;
  readonly severity: Severity;
  readonly expected: boolean;
}

export const MILESTONES = [
  'first_session',
  'first_outdoors',
  'first_sniff_outdoors',
  'goal_reached',
] as const;
export type Milestone = (typeof MILESTONES)[number];

/** A cat's training state: everything the rules need, nothing more. */
export interface CatState {
  readonly stage: StageId;
  readonly stageSince: Date;
  readonly goodDays: number;
  readonly lastGoodDate: LocalDate | null;
  readonly moderateRun: number;
  readonly stepBacks: number;
  readonly offerPending: boolean;
  readonly offerAgainAt: number | null;
  readonly milestones: readonly Milestone[];
}

export type CoachEvent =
  | {
      readonly type: 'session';
      readonly localDate: LocalDate;
      readonly minutes: number | null;
      readonly items: readonly CoachItem[];
      /** Something else big happened today (vet, visitors, moving). */
      readonly upheaval: boolean;
    }
  | { readonly type: 'acceptOffer' }
  | { readonly type: 'declineOffer' }
  | { readonly type: 'setStage'; readonly stage: StageId };

export type Outcome = 'good' | 'neutral' | 'stop' | 'step_back' | 'pain';

export type StageChangeReason = 'advance' | 'step_back' | 'manual';

/** Why a cat's stage is what it is: a change's reason, or 'created' for the stage a cat was added at. */
export const STAGE_CHANGE_CAUSES = ['created', 'advance', 'step_back', 'manual'] as const satisfies readonly (
  StageChangeReason | 'created'
)[];
export type StageChangeCause = (typeof STAGE_CHANGE_CAUSES)[number];

/** What should happen because of a transition, as data; services store it, views and notifiers act on it. */
export type Effect =
  | { readonly type: 'goodDayCounted'; readonly goodDays: number; readonly needed: number | null }
  | { readonly type: 'offerNextStage'; readonly from: StageId; readonly to: StageId }
  | { readonly type: 'stopSession' }
  | {
      readonly type: 'stepBack';
      readonly from: StageId;
      readonly to: StageId;
      readonly cause: 'severe' | 'moderate_again';
    }
  | {
      readonly type: 'stageChanged';
      readonly from: StageId;
      readonly to: StageId;
      readonly reason: StageChangeReason;
    }
  | { readonly type: 'suggestVet' }
  | { readonly type: 'slowDown'; readonly stepBacks: number }
  | { readonly type: 'keepItShort'; readonly suggestedMaxMinutes: number }
  | { readonly type: 'upheavalWarning' }
  | { readonly type: 'milestone'; readonly milestone: Milestone };

export interface Transition {
  readonly next: CatState;
  /** For sessions: how the session counted. Null for other events. */
  readonly outcome: Outcome | null;
  readonly effects: readonly Effect[];
}

/** The state of a newly added cat. */
export function initialState(stage: StageId, now: Date): CatState {
  return {
    stage,
    stageSince: now,
    goodDays: 0,
    lastGoodDate: null,
    moderateRun: 0,
    stepBacks: 0,
    offerPending: false,
    offerAgainAt: null,
    milestones: [],
  };
}

/** The worst severity among items (stress above wins; pain only when nothing worse), or null for none. */
export function worstSeverity(items: readonly Pick<CoachItem, 'severity'>[]): Severity | null {
  let worst: Severity | null = null;
  for (const item of items) {
    if (worst === null) worst = item.severity;
    else if (item.severity === 'pain' && worst === 'win') worst = 'pain';
    else if (SEVERITY_RANK[item.severity] > SEVERITY_RANK[worst]) worst = item.severity;
  }
  return worst;
}

/** Stress level that counts for the rules: expected signals are shown but never counted. */
function countedStress(items: readonly CoachItem[]): number {
  let rank = 0;
  for (const item of items) {
    if (!item.expected && item.severity !== 'pain' && item.severity !== 'win') {
      rank = Math.max(rank, SEVERITY_RANK[item.severity]);
    }
  }
  return rank;
}

function movedTo(state: CatState, stage: StageId, now: Date): CatState {
  return {
    ...state,
    stage,
    stageSince: now,
    goodDays: 0,
    lastGoodDate: null,
    moderateRun: 0,
    offerPending: false,
    offerAgainAt: null,
  };
}

function withMilestone(state: CatState, effects: Effect[], milestone: Milestone): CatState {
  if (state.milestones.includes(milestone)) return state;
  effects.push({ type: 'milestone', milestone });
  return { ...state, milestones: [...state.milestones, milestone] };
}

function isGood(stage: StageId, items: readonly CoachItem[], stress: number): boolean {
  const rule = STAGE_RULES[stage];
  switch (rule.goodWhen) {
    case 'noStress':
      return stress < SEVERITY_RANK.moderate;
    case 'calm':
      return stress === 0;
    case 'explored':
      return (
        stress < SEVERITY_RANK.moderate &&
        items.some((i) => (COACH_RULES.exploringSignals as readonly string[]).includes(i.id))
      );
  }
}

/** Offers the next stage when the evidence is there and the owner has not just said "not yet". */
function maybeOffer(state: CatState, effects: Effect[]): CatState {
  const needed = STAGE_RULES[state.stage].goodDaysNeeded;
  const to = nextStage(state.stage);
  if (needed === null || to === null || state.goodDays < needed) return state;
  if (state.offerAgainAt !== null && state.goodDays < state.offerAgainAt) return state;
  effects.push({ type: 'offerNextStage', from: state.stage, to });
  return { ...state, offerPending: true };
}

function stepBack(
  state: CatState,
  effects: Effect[],
  cause: 'severe' | 'moderate_again',
  now: Date,
): CatState {
  const to = previousStage(state.stage);
  effects.push({ type: 'stepBack', from: state.stage, to, cause });
  const stepBacks = state.stepBacks + 1;
  if (stepBacks >= COACH_RULES.stepBacksBeforeSlowingDown) effects.push({ type: 'slowDown', stepBacks });
  const base =
    to === state.stage
      ? { ...state, goodDays: 0, lastGoodDate: null, moderateRun: 0, offerPending: false }
      : movedTo(state, to, now);
  return { ...base, stepBacks };
}

/** At the first stage there is nowhere to step back to: the session simply stops there. */
function stageMoved(before: CatState, after: CatState): Outcome {
  return before.stage === after.stage ? 'stop' : 'step_back';
}

function onSession(state: CatState, event: Extract<CoachEvent, { type: 'session' }>, now: Date): Transition {
  // A session with possible pain is about the vet, not training: nothing is celebrated or counted as a good
  // day, and the state waits for the next real session. Severe stress still steps back (the rule holds
  // whatever the cause: the cat will come back to an easier stage once it is well).
  if (event.items.some((i) => i.severity === 'pain')) {
    const effects: Effect[] = [{ type: 'suggestVet' }];
    if (countedStress(event.items) < SEVERITY_RANK.severe) return { next: state, outcome: 'pain', effects };
    const next = stepBack(state, effects, 'severe', now);
    return { next, outcome: stageMoved(state, next), effects };
  }

  const effects: Effect[] = [];
  let next = withMilestone(state, effects, 'first_session');
  const outdoors = STAGE_IDS.indexOf(state.stage) >= STAGE_IDS.indexOf('first_outdoors');
  if (outdoors) next = withMilestone(next, effects, 'first_outdoors');

  const stress = countedStress(event.items);

  const rule = STAGE_RULES[state.stage];
  if (event.minutes !== null && event.minutes > rule.suggestedMaxMinutes) {
    effects.push({ type: 'keepItShort', suggestedMaxMinutes: rule.suggestedMaxMinutes });
  }
  // Trying a stage that has no good day yet on a day of other upheaval is worth a gentle word.
  if (event.upheaval && state.goodDays === 0 && state.lastGoodDate === null)
    effects.push({ type: 'upheavalWarning' });

  let outcome: Outcome;
  if (stress >= SEVERITY_RANK.severe) {
    next = stepBack(next, effects, 'severe', now);
    outcome = stageMoved(state, next);
  } else if (stress === SEVERITY_RANK.moderate) {
    const moderateRun = next.moderateRun + 1;
    if (moderateRun >= COACH_RULES.moderateSessionsInARowForStepBack) {
      next = stepBack(next, effects, 'moderate_again', now);
      outcome = stageMoved(state, next);
    } else {
      effects.push({ type: 'stopSession' });
      next = {
        ...next,
        moderateRun,
        goodDays: 0,
        lastGoodDate: null,
        offerPending: false,
        offerAgainAt: null,
      };
      outcome = 'stop';
    }
  } else {
    next = { ...next, moderateRun: 0 };
    if (event.items.length > 0 && isGood(state.stage, event.items, stress)) {
      // Advancing needs evidence: a log the parser understood nothing of is practice, not a good day.
      outcome = 'good';
      if (next.lastGoodDate !== event.localDate) {
        next = { ...next, goodDays: next.goodDays + 1, lastGoodDate: event.localDate };
        effects.push({ type: 'goodDayCounted', goodDays: next.goodDays, needed: rule.goodDaysNeeded });
      }
      next = maybeOffer(next, effects);
    } else {
      outcome = 'neutral';
    }
    const explored = event.items.some((i) =>
      (COACH_RULES.exploringSignals as readonly string[]).includes(i.id),
    );
    if (outdoors && explored) next = withMilestone(next, effects, 'first_sniff_outdoors');
  }
  return { next, outcome, effects };
}

/** The state machine: the next state and the effects of one event, as data. */
export function transition(state: CatState, event: CoachEvent, now: Date): Transition {
  switch (event.type) {
    case 'session':
      return onSession(state, event, now);
    case 'acceptOffer': {
      const to = nextStage(state.stage);
      if (!state.offerPending || to === null) return { next: state, outcome: null, effects: [] };
      const effects: Effect[] = [{ type: 'stageChanged', from: state.stage, to, reason: 'advance' }];
      let next = movedTo(state, to, now);
      if (to === GOAL_STAGE) next = withMilestone(next, effects, 'goal_reached');
      return { next, outcome: null, effects };
    }
    case 'declineOffer': {
      if (!state.offerPending) return { next: state, outcome: null, effects: [] };
      const offerAgainAt = state.goodDays + COACH_RULES.goodDaysBeforeOfferingAgain;
      return { next: { ...state, offerPending: false, offerAgainAt }, outcome: null, effects: [] };
    }
    case 'setStage': {
      if (event.stage === state.stage) return { next: state, outcome: null, effects: [] };
      const effects: Effect[] = [
        { type: 'stageChanged', from: state.stage, to: event.stage, reason: 'manual' },
      ];
      let next = movedTo(state, event.stage, now);
      if (event.stage === GOAL_STAGE) next = withMilestone(next, effects, 'goal_reached');
      return { next, outcome: null, effects };
    }
  }
}
