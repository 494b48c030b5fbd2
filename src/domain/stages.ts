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
  /** The aim of one short timed session (/session start), in a line. */
  readonly sessionGoal: string;
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
  /**
   * The default length of a timed session (/session start), 1–10 minutes: a minute or two while the harness
   * is new, so every session can end before the cat has had enough; longer once the cat is at ease.
   */
  readonly sessionMinutes: number;
  /**
   * What makes a session good here: 'noStress' = no moderate or severe signal; 'calm' = not even a mild one
   * (expected signals aside); 'explored' = some sniffing or exploring, with no moderate or severe signal.
   */
  readonly goodWhen: 'noStress' | 'calm' | 'explored';
}

export const STAGE_RULES: Readonly<Record<StageId, StageRule>> = {
  harness_scenery: {
    goodDaysNeeded: 3,
    expectedSignals: [],
    suggestedMaxMinutes: 240,
    sessionMinutes: 2,
    goodWhen: 'noStress',
  },
  harness_drape: {
    goodDaysNeeded: 3,
    expectedSignals: [],
    suggestedMaxMinutes: 5,
    sessionMinutes: 1,
    goodWhen: 'noStress',
  },
  harness_buckle: {
    goodDaysNeeded: 4,
    expectedSignals: [],
    suggestedMaxMinutes: 5,
    sessionMinutes: 2,
    goodWhen: 'noStress',
  },
  harness_wear: {
    goodDaysNeeded: 4,
    expectedSignals: ['stiff_gait'],
    suggestedMaxMinutes: 15,
    sessionMinutes: 5,
    goodWhen: 'noStress',
  },
  leash_drag: {
    goodDaysNeeded: 3,
    expectedSignals: ['stiff_gait'],
    suggestedMaxMinutes: 15,
    sessionMinutes: 5,
    goodWhen: 'calm',
  },
  indoor_safari: {
    goodDaysNeeded: 4,
    expectedSignals: [],
    suggestedMaxMinutes: 20,
    sessionMinutes: 5,
    goodWhen: 'calm',
  },
  first_outdoors: {
    goodDaysNeeded: 3,
    expectedSignals: ['freezing', 'retreating'],
    suggestedMaxMinutes: 10,
    sessionMinutes: 5,
    goodWhen: 'explored',
  },
  outdoor_explorer: {
    goodDaysNeeded: null,
    expectedSignals: ['freezing'],
    suggestedMaxMinutes: 60,
    sessionMinutes: 10,
    goodWhen: 'calm',
  },
};

export function isStageId(value: string): value is StageId {
  return (STAGE_IDS as readonly string[]).includes(value);
}

/** What each stage is about, in the coach's own words. */
export const STAGES: readonly StageInfo[] = [
  {
    id: 'harness_scenery',
    position: 1,
    name: 'Make the harness boring',
    ownerDoes: 'Leave the harness lying near the food bowls and let it become part of the furniture.',
    goodSession: 'Your cat ignores the harness or gives it a calm sniff.',
    sessionGoal: 'Treats and play near the harness, and nothing more: it is just part of the room.',
    steps: [
      'Put the harness down near the food bowls and walk away. Nothing else today.',
      'Drop a treat a short way from the harness so eating happens near it.',
      'Move the harness to another spot your cat passes often, then leave it be.',
      'Let your cat find the harness on their own; praise softly if they sniff it.',
    ],
  },
  {
    id: 'harness_drape',
    position: 2,
    name: 'Drape and treat',
    ownerDoes: 'Lay the harness over your cat for a second while they are drowsy, then treat.',
    goodSession: 'No moderate or severe stress signals.',
    sessionGoal: 'One drape for a second, one treat, and stop while your cat is still relaxed.',
    steps: [
      'Wait for a sleepy moment, rest the harness on their back for one second, lift it off, treat.',
      'Touch the harness to their shoulder for a second, then a treat. That is the whole session.',
      'Drape it for two seconds instead of one, if yesterday went well. Treat right away.',
      'Drape, treat, and stop while your cat is still relaxed.',
    ],
  },
  {
    id: 'harness_buckle',
    position: 3,
    name: 'One buckle, one heartbeat',
    ownerDoes: 'Close a single buckle very briefly, treat, and let the time grow slowly.',
    goodSession: 'No moderate or severe stress signals.',
    sessionGoal: 'One buckle for a heartbeat, a treat, and off again before it matters.',
    steps: [
      'Close one buckle, count to one, open it, treat.',
      'Close one buckle and let it stay for three seconds while they lick a treat.',
      'Try both buckles for a breath, then off and a treat.',
      'Buckle up during a meal so good things happen while the harness is on.',
    ],
  },
  {
    id: 'harness_wear',
    position: 4,
    name: 'Wearing it indoors',
    ownerDoes: 'Harness on, and your cat moves around the house. A funny stiff walk is normal.',
    goodSession: 'No escape attempts and no moderate or severe stress.',
    sessionGoal: 'Harness on for a little play or a snack, and off before your cat minds it.',
    steps: [
      'Harness on for a minute of play with a wand toy, then off and a treat.',
      'Let them wear it through a meal, then take it off calmly.',
      'Add a minute to the wearing time if the last session was relaxed.',
      'Scatter a few treats so they walk around while wearing it.',
    ],
  },
  {
    id: 'leash_drag',
    position: 5,
    name: 'Leash drag',
    ownerDoes: 'Clip the leash on and let it trail behind while you watch.',
    goodSession: 'Your cat stays calm with the leash trailing.',
    sessionGoal: 'The leash trails behind while you watch, and the session ends calm.',
    steps: [
      'Clip the leash on and let it trail for two minutes while you watch closely.',
      'Play a short game while the leash trails behind them.',
      'Let the leash drag across a different floor, like a rug or tiles.',
      'End with a treat while the leash is still clipped on, then unclip.',
    ],
  },
  {
    id: 'indoor_safari',
    position: 6,
    name: 'Indoor safari',
    ownerDoes: 'Hold your end of the leash and follow wherever your cat chooses to go.',
    goodSession: 'Your cat stays calm and leads the way.',
    sessionGoal: 'Follow wherever your cat leads, leash loose, no steering.',
    steps: [
      'Pick up the leash end and follow your cat for two minutes. No steering.',
      'Keep the leash loose and let your cat choose every turn.',
      'Walk the hallway by the front door together so the door becomes familiar.',
      'Follow them for a few minutes, then finish with a treat while things are calm.',
    ],
  },
  {
    id: 'first_outdoors',
    position: 7,
    name: 'First steps outside',
    ownerDoes: 'Carry your cat to a quiet, sheltered spot by home, set them down, and wait.',
    goodSession: 'Any sniffing or exploring. Freezing and heading back to the door are expected.',
    sessionGoal: 'Set your cat down in the quiet spot outside and wait; they decide when it is enough.',
    steps: [
      'Carry your cat to a quiet corner right by the door, set them down, and simply wait.',
      'Sit down next to them outside and let them take in the smells for as long as they like.',
      'Go out at a calm time of day, when the street is quiet.',
      'If they want to go back in, open the door and let them. That is a good session.',
    ],
  },
  {
    id: 'outdoor_explorer',
    position: 8,
    name: 'Outdoor explorer',
    ownerDoes: 'Regular calm time outside on the leash, at your cat’s pace.',
    goodSession: 'Calm outdoor time. This is the goal; keep logging.',
    sessionGoal: 'A calm wander at your cat’s pace; head in while they are still enjoying it.',
    steps: [
      'Let your cat choose the route today; you bring the patience.',
      'Try a slightly different patch of garden or courtyard, if they seem confident.',
      'Keep outings short and sweet, and head in before they get tired.',
      'Bring a treat for the way back in, so coming home is nice too.',
    ],
  },
];

const STAGE_BY_ID = new Map<StageId, StageInfo>(STAGES.map((s) => [s.id, s]));

/** The stage's description; every id has one. */
export function stageInfo(id: StageId): StageInfo {
  const info = STAGE_BY_ID.get(id);
  if (!info) throw new Error(`Unknown stage ${id}`);
  return info;
}

/** The stage after `id`, or null at the goal. */
export function nextStage(id: StageId): StageId | null {
  return STAGE_IDS[STAGE_IDS.indexOf(id) + 1] ?? null;
}

/** The stage before `id`; the first stage has none below it, so it stays. */
export function previousStage(id: StageId): StageId {
  return STAGE_IDS[Math.max(0, STAGE_IDS.indexOf(id) - 1)] ?? id;
}

export const FIRST_STAGE: StageId = 'harness_scenery';
export const GOAL_STAGE: StageId = 'outdoor_explorer';

/** The rules that are not per stage, kept beside the table so all tuning happens in one file. */
export const COACH_RULES = {
  /** Sessions in a row with a moderate signal that make the cat step back a stage. */
  moderateSessionsInARowForStepBack: 2,
  /** Step-backs after which the coach slows the pace and mentions other enrichment. */
  stepBacksBeforeSlowingDown: 3,
  /** After "stay a little longer", offer again after this many more good days. */
  goodDaysBeforeOfferingAgain: 2,
  /** Signal ids that count as exploring for the 'explored' rule and the outdoor milestones. */
  exploringSignals: ['sniffing', 'exploring'],
} as const;
