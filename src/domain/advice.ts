/**
 * The next tiny step, chosen from what the last session showed: after stress, advice that answers that kind of
 * stress at that stage (adviceTable.ts); after possible pain, the vet; otherwise the ordinary step forward.
 * /log, /progress and the check-in all ask this module, so they say the same thing.
 */
import { ADVICE, type SignalFamily } from './adviceTable.js';
import type { Outcome } from './coach.js';
import { SEVERITY_RANK, type Severity } from './severity.js';
import { isStageId, previousStage, type StageId } from './stages.js';
import { nextTinyStep, pick } from './words.js';

export { ADVICE, SIGNAL_FAMILIES, type SignalFamily } from './adviceTable.js';

/**
 * Which family of stress each stress signal belongs to, by signal id (src/domain/signals/signalEntries.ts).
 * Every stress signal of the vocabulary needs one (a test checks it); wins and pain have none.
 */
export const FAMILY_OF_SIGNAL: Readonly<Record<string, SignalFamily>> = {
  // Warning looks and sounds: the cat is saying "enough" before anything bigger.
  ears_flat: 'warning_looks',
  hard_stare: 'warning_looks',
  tail_lashing: 'warning_looks',
  dilated_pupils: 'warning_looks',
  grumbling: 'warning_looks',
  hissing: 'warning_looks',
  ears_sideways: 'warning_looks',
  tail_low: 'warning_looks',
  lip_licking: 'warning_looks',
  // Trying to get out of it, or fighting the harness.
  escape_attempt: 'escaping',
  biting_harness: 'escaping',
  swatting: 'escaping',
  // Getting away from the whole thing.
  hiding: 'hiding_leaving',
  walking_away: 'hiding_leaving',
  retreating: 'hiding_leaving',
  bolting: 'hiding_leaving',
  // Shutting down instead of moving.
  freezing: 'freezing',
  going_rigid: 'freezing',
  flopping: 'freezing',
  low_crouch: 'freezing',
  stiff_gait: 'freezing',
  refusing_treats: 'refusing_treats',
};

/** What the advice needs of a recognised signal (stored items and parser items both fit). */
export interface AdviceItem {
  readonly id: string;
  readonly severity: Severity;
  readonly expected: boolean;
}

/** What the advice needs of the cat's latest session. */
export interface LastSession {
  /** The stage the session was logged at (stored as text: a newer file may hold one we do not know). */
  readonly stage: string;
  readonly outcome: Outcome;
  readonly items: readonly AdviceItem[];
}

/** The next step as data: the words are picked by nextStepText. */
export type NextStepPlan =
  | { readonly kind: 'forward'; readonly stage: StageId }
  | { readonly kind: 'answer'; readonly stage: StageId; readonly family: SignalFamily }
  | { readonly kind: 'vet' };

/**
 * The family of the session's worst counted stress signal (expected signals, wins and pain aside), or null.
 * Ties go to the signal logged first.
 */
export function stressFamily(items: readonly AdviceItem[]): SignalFamily | null {
  let best: { family: SignalFamily; rank: number } | null = null;
  for (const item of items) {
    if (item.expected) continue;
    const rank = SEVERITY_RANK[item.severity];
    const family = FAMILY_OF_SIGNAL[item.id];
    if (rank === 0 || family === undefined) continue;
    if (best === null || rank > best.rank) best = { family, rank };
  }
  return best?.family ?? null;
}

/**
 * What the next tiny step should be about, for a cat now at `stage` whose latest session is `last` (null: none).
 * Possible pain means the vet until a session is logged again. Stress advice holds while the cat is still at the
 * stage of that session (or the one it stepped back to); after a stage change by hand or an accepted offer, the
 * ordinary step of the new stage.
 */
export function planNextStep(stage: StageId, last: LastSession | null): NextStepPlan {
  const forward = { kind: 'forward', stage } as const;
  if (last === null) return forward;
  // Pain flagged, whatever else happened (with severe stress the cat also stepped back): the vet first.
  if (last.outcome === 'pain' || last.items.some((i) => i.severity === 'pain')) return { kind: 'vet' };
  if (!isStageId(last.stage)) return forward;
  const stageNow = last.outcome === 'step_back' ? previousStage(last.stage) : last.stage;
  if (stageNow !== stage) return forward;
  const family = stressFamily(last.items);
  return family === null ? forward : { kind: 'answer', stage: last.stage, family };
}

const VET_STEPS = [
  'Training can wait. Ask your vet to look at what you noticed, and log again whenever you practise next: we pick up right where you left off.',
  'For now the only step is a vet check. Jot down when you saw it and what it looked like; it helps the vet. Training keeps until then.',
  'Rest from training until a vet has had a look. There is no rush: the progress so far is kept, and we carry on when you log again.',
] as const;

/**
 * The words for a plan. `sessionSeed` (from the cat and the latest session) picks stress advice, so /log,
 * /progress and the check-in show the same sentence; `daySeed` varies the ordinary and vet steps.
 */
export function nextStepText(plan: NextStepPlan, seeds: { sessionSeed: number; daySeed: number }): string {
  switch (plan.kind) {
    case 'forward':
      return nextTinyStep(plan.stage, seeds.daySeed);
    case 'answer':
      return pick(ADVICE[plan.stage][plan.family], seeds.sessionSeed);
    case 'vet':
      return pick(VET_STEPS, seeds.daySeed);
  }
}

/** The kind word that explains a signal the method expects at a stage (said once per cat and signal). */
const EXPECTED_NOTES: Readonly<Record<string, string>> = {
  stiff_gait:
    'That stiff, careful walk is normal while the harness still feels new. It fades on its own, so it does not count as stress.',
  freezing:
    'Standing still outside is normal: your cat is taking in a whole new world of smells. It does not count as stress.',
  retreating:
    'Heading back to the door is normal on early trips outside. Letting them go home is what makes the next trip easier.',
};

/** The explanation of an expected signal; signals without their own words get a general one. */
export function expectedSignalNote(id: string, label: string): string {
  return EXPECTED_NOTES[id] ?? `Seeing “${label}” is normal at this stage, so it does not count as stress.`;
}

/**
 * The expected signals of this session worth explaining: those the cat's earlier sessions never showed as
 * expected. Derived from stored sessions, so "explained once" needs no storage of its own.
 */
export function expectedToExplain<T extends AdviceItem>(
  items: readonly T[],
  earlier: readonly (readonly AdviceItem[])[],
): T[] {
  const seen = new Set<string>();
  for (const session of earlier) for (const item of session) if (item.expected) seen.add(item.id);
  const fresh: T[] = [];
  for (const item of items) {
    if (item.expected && !seen.has(item.id)) {
      seen.add(item.id);
      fresh.push(item);
    }
  }
  return fresh;
}
