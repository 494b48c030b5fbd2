import { nextStepText, planNextStep } from '../domain/advice.js';
import type { StageId } from '../domain/stages.js';
import { seedFrom } from '../domain/words.js';
import type { SessionRecord } from './store/sessions.js';

/**
 * A cat's next tiny step as /progress and the check-in show it, from its latest session: the same advice the
 * /log reply gave for that session (seeded by the session), or the ordinary step of the day.
 */
export function catNextStep(
  cat: { readonly id: number; readonly stage: StageId },
  latest: Pick<SessionRecord, 'id' | 'stage' | 'outcome' | 'recognised'> | undefined,
  day: string,
): string {
  const plan = planNextStep(
    cat.stage,
    latest === undefined ? null : { stage: latest.stage, outcome: latest.outcome, items: latest.recognised },
  );
  return nextStepText(plan, {
    sessionSeed: latest === undefined ? 0 : seedFrom(cat.id, latest.id),
    daySeed: seedFrom(cat.id, day),
  });
}
