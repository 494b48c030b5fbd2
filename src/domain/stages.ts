/** The eight stages of the method, in order. The state machine's states. */
export const STAGE_IDS = [
  'harness_scenery',
  'harness_drape',
  'harness_buckle',
  'harness_wear',
  'leash_drag',
  'indoor_safari',
  'first_outdoors',
  'outdoor_explorer',
] as const;

export type StageId = (typeof STAGE_IDS)[number];

export interface StageInfo {
  readonly id: StageId;
  /** 1-based position, for "3/8". */
  readonly position: number;
  readonly name: string;
  /** What the owner does at this stage, in a sentence. */
  readonly ownerDoes: string;
  /** What counts as a good session here. */
  readonly goodSession: string;
  /** Several tiny next steps; the coach picks one so the advice varies. */
  readonly steps: readonly string[];
}

/**
 * The rules as data, one table, easy to tune.
 * goodDaysNeeded: good sessions on distinct local days before the next stage is offered (null: the goal).
 */
export interface StageRule {
  readonly goodDaysNeeded: number | null;
  /** Signal ids that are expected at this stage: logged and shown, never counted as stress. */
  readonly expectedSignals: readonly string[];
  /** Suggested longest session in minutes; the coach gently says so when a session runs longer. */
  readonly suggestedMaxMinutes: number;
}

export const STAGE_RULES: Readonly<Record<StageId, StageRule>> = {
  harness_scenery: { goodDaysNeeded: 3, expectedSignals: [], suggestedMaxMinutes: 240 },
  harness_drape: { goodDaysNeeded: 3, expectedSignals: [], suggestedMaxMinutes: 5 },
  harness_buckle: { goodDaysNeeded: 4, expectedSignals: [], suggestedMaxMinutes: 5 },
  harness_wear: { goodDaysNeeded: 4, expectedSignals: ['stiff_gait'], suggestedMaxMinutes: 15 },
  leash_drag: { goodDaysNeeded: 3, expectedSignals: ['stiff_gait'], suggestedMaxMinutes: 15 },
  indoor_safari: { goodDaysNeeded: 4, expectedSignals: [], suggestedMaxMinutes: 20 },
  first_outdoors: { goodDaysNeeded: 3, expectedSignals: ['freezing', 'retreating'], suggestedMaxMinutes: 10 },
  outdoor_explorer: { goodDaysNeeded: null, expectedSignals: ['freezing'], suggestedMaxMinutes: 60 },
};

export function isStageId(value: string): value is StageId {
  return (STAGE_IDS as readonly string[]).includes(value);
}
