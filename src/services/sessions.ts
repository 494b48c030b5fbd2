import { expectedSignalNote, expectedToExplain, nextStepText, planNextStep } from '../domain/advice.js';
import { transition, worstSeverity, type Effect, type Milestone, type Outcome } from '../domain/coach.js';
import { localDateOf } from '../domain/schedule.js';
import type { Severity } from '../domain/severity.js';
import { parseLog } from '../domain/signals.js';
import { stageInfo, type StageId } from '../domain/stages.js';
import { mentionsUpheaval } from '../domain/upheaval.js';
import {
  NOTHING_RECOGNISED,
  effectLine,
  offerAcceptedLine,
  offerDeclinedLine,
  outcomeHeadline,
  seedFrom,
} from '../domain/words.js';
import { resolveCat, storeTransition, toCatState } from './cats.js';
import type { Deps } from './deps.js';
import { UserFacingError } from './errors.js';
import { LIMITS } from './limits.js';
import { ownerTimezone } from './owners.js';

export interface StageRef {
  readonly id: StageId;
  readonly name: string;
  readonly position: number;
}

export function stageRef(id: StageId): StageRef {
  const info = stageInfo(id);
  return { id, name: info.name, position: info.position };
}

export interface ReadBackItem {
  readonly label: string;
  readonly severity: Severity;
  readonly expected: boolean;
  readonly text: string;
}

export interface OfferView {
  readonly catId: number;
  readonly from: StageId;
  readonly to: StageRef;
}

/** What /log (and the check-in form) shows after a session is stored. */
export interface LogView {
  readonly sessionId: number;
  readonly catId: number;
  readonly catName: string;
  readonly stage: StageRef;
  readonly stageBefore: StageRef;
  readonly minutes: number | null;
  readonly items: readonly ReadBackItem[];
  /** Text the parser did not understand, kept with the session. */
  readonly keptText: string | null;
  /** Signal words read but not counted (someone else's, or another sense), with why; they stay in keptText. */
  readonly setAside: readonly { readonly text: string; readonly why: string }[];
  readonly note: string | null;
  readonly nothingRecognised: string | null;
  readonly outcome: Outcome;
  readonly headline: string;
  readonly lines: readonly string[];
  readonly nextStep: string;
  readonly offer: OfferView | null;
  readonly milestones: readonly Milestone[];
  readonly effects: readonly Effect[];
  /** Households: the cat's owner when a co-owner logged it (the owner alone answers a stage offer). */
  readonly sharedBy: string | null;
}

export interface LogInput {
  /** Who logs: the cat's owner, or a co-owner of a cat shared with them. */
  readonly ownerId: string;
  readonly cat?: string | null | undefined;
  readonly what: string;
  readonly minutes?: number | null | undefined;
  readonly note?: string | null | undefined;
}

/** Checks the owner's input; the error's data says exactly what to change. */
export function validateLogInput(input: LogInput): {
  what: string;
  minutes: number | null;
  note: string | null;
} {
  const what = input.what.replace(/\p{Cc}/gu, ' ').trim();
  if (what === '') {
    throw new UserFacingError({ code: 'empty_text', data: { field: 'what' } });
  }
  if (what.length > LIMITS.what) {
    throw new UserFacingError({ code: 'text_too_long', data: { field: 'what', max: LIMITS.what } });
  }
  const minutes = input.minutes ?? null;
  if (
    minutes !== null &&
    (!Number.isInteger(minutes) || minutes < LIMITS.minMinutes || minutes > LIMITS.maxMinutes)
  ) {
    throw new UserFacingError({
      code: 'invalid_minutes',
      data: { min: LIMITS.minMinutes, max: LIMITS.maxMinutes, from: 'option' },
    });
  }
  const note = input.note?.trim() ?? '';
  if (note.length > LIMITS.note) {
    throw new UserFacingError({ code: 'text_too_long', data: { field: 'note', max: LIMITS.note } });
  }
  return { what, minutes, note: note === '' ? null : note };
}

/**
 * Logs a session: parse → transition → store the session, the cat's state, the stage change and the
 * effects to announce (the outbox) in one transaction → view.
 *
 * Households: a co-owner logs for the cat's own row (one stage machine per cat, whoever logs). The cat's days
 * are its owner's (time zone), and its posts follow its owner's opt-in. Locks, on PostgreSQL: the logger's
 * owner row, then the cats they can reach (one ordered statement), never the cat owner's row, so an owner and
 * a co-owner logging at once queue on the cat and cannot deadlock. The cat owner's last activity moves after
 * the commit, in a statement of its own, for the same reason.
 */
export async function logSession(deps: Pick<Deps, 'store' | 'clock'>, input: LogInput): Promise<LogView> {
  const { what, minutes, note } = validateLogInput(input);
  const now = deps.clock.now();
  const view = await deps.store.transaction(async (tx) => {
    const logger = await tx.owners.ensure(input.ownerId, now);
    const cat = await resolveCat(tx, input.ownerId, input.cat);
    // Read, not locked: see above.
    const owner = cat.ownerId === logger.id ? logger : ((await tx.owners.find(cat.ownerId)) ?? logger);
    const state = toCatState(cat);
    const localDate = localDateOf(now, ownerTimezone(owner));
    const parsed = parseLog(what, state.stage, { catName: cat.name });
    const result = transition(
      state,
      {
        type: 'session',
        localDate,
        minutes,
        items: parsed.items,
        upheaval: mentionsUpheaval(`${what} ${note ?? ''}`),
      },
      now,
    );
    const outcome = result.outcome ?? 'neutral';
    const stored = parsed.items.map((i) => ({
      id: i.id,
      label: i.label,
      severity: i.severity,
      expected: i.expected,
      text: i.text,
    }));
    const keptText = parsed.note.trim() === '' ? null : parsed.note.trim();
    // Read before this session is stored: an expected signal is explained the first time the cat shows it.
    const explain = parsed.items.some((i) => i.expected)
      ? expectedToExplain(
          parsed.items,
          (await tx.sessions.listByCat(cat.id)).map((s) => s.recognised),
        )
      : [];
    const sessionId = await tx.sessions.insert({
      catId: cat.id,
      at: now,
      localDate,
      minutes,
      rawText: what,
      recognised: stored,
      note: [keptText, note].filter((t) => t !== null).join('\n') || null,
      stage: state.stage,
      // Expected signals are not graded, so they never colour a session.
      worst: worstSeverity(parsed.items.filter((i) => !i.expected)),
      outcome,
      loggedBy: logger.id,
    });
    await storeTransition(tx, {
      catId: cat.id,
      ownerId: cat.ownerId,
      autoShare: owner.autoShare,
      from: state.stage,
      next: result.next,
      effects: result.effects,
      now,
      lastSessionAt: now,
    });
    await tx.owners.touchActivity(input.ownerId, now);

    const seed = seedFrom(cat.id, sessionId);
    const offerEffect = result.effects.find((e) => e.type === 'offerNextStage');
    return {
      sessionId,
      catId: cat.id,
      catName: cat.name,
      stage: stageRef(result.next.stage),
      stageBefore: stageRef(state.stage),
      minutes,
      items: stored,
      keptText,
      setAside: (parsed.setAside ?? []).map((s) => ({ text: s.text, why: s.why })),
      note,
      nothingRecognised: stored.length === 0 ? NOTHING_RECOGNISED : null,
      outcome,
      headline: outcomeHeadline(outcome, seed),
      lines: [
        ...explain.map((i) => expectedSignalNote(i.id, i.label)),
        ...result.effects.map((e) => effectLine(e, seed)).filter((l): l is string => l !== null),
      ],
      nextStep: nextStepText(
        planNextStep(result.next.stage, { stage: state.stage, outcome, items: parsed.items }),
        // The day's seed, as /progress and today's check-in use: the ordinary step reads the same everywhere today.
        { sessionSeed: seed, daySeed: seedFrom(cat.id, localDate) },
      ),
      offer: offerEffect ? { catId: cat.id, from: offerEffect.from, to: stageRef(offerEffect.to) } : null,
      milestones: result.effects.flatMap((e) => (e.type === 'milestone' ? [e.milestone] : [])),
      effects: result.effects,
      sharedBy: cat.ownerId === logger.id ? null : cat.ownerId,
    };
  });
  // A co-owner's practice is the household's: the owner's quiet days (nudges, the pause after a long
  // silence) count from it too.
  if (view.sharedBy !== null) await deps.store.owners.touchActivity(view.sharedBy, now);
  return view;
}

export interface OfferAnswerView {
  readonly catId: number;
  readonly catName: string;
  readonly accepted: boolean;
  readonly stage: StageRef;
  readonly text: string;
  readonly effects: readonly Effect[];
}

/**
 * The owner's answer to "move on?" — checked against the row: their cat, still offered, still at `from`.
 * A stale or foreign button changes nothing and says why.
 */
export async function answerOffer(
  deps: Pick<Deps, 'store' | 'clock'>,
  input: { ownerId: string; catId: number; from: StageId; accept: boolean },
): Promise<OfferAnswerView> {
  const now = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    const cat = await tx.cats.find(input.catId);
    if (!cat) throw new UserFacingError({ code: 'stale_button', data: { reason: 'offer_cat_gone' } });
    if (cat.ownerId !== input.ownerId) {
      // Households: moving a shared cat on is its owner's decision, as setting its stage is.
      if ((await tx.households.listCoOwners(cat.id)).some((c) => c.userId === input.ownerId)) {
        throw new UserFacingError({ code: 'owner_only', data: { action: 'offer', catName: cat.name } });
      }
      throw new UserFacingError({ code: 'not_your_button', data: { button: 'offer' } });
    }
    const state = toCatState(cat);
    if (state.stage !== input.from || !state.offerPending) {
      throw new UserFacingError({
        code: 'stale_button',
        data: { reason: 'offer_answered', catName: cat.name, stage: state.stage },
      });
    }
    const result = transition(state, { type: input.accept ? 'acceptOffer' : 'declineOffer' }, now);
    await storeTransition(tx, {
      catId: cat.id,
      ownerId: cat.ownerId,
      autoShare: (await tx.owners.find(cat.ownerId))?.autoShare === true,
      from: state.stage,
      next: result.next,
      effects: result.effects,
      now,
    });
    const seed = seedFrom(cat.id, now.getTime());
    const extra = result.effects
      .filter((e) => e.type === 'milestone')
      .map((e) => effectLine(e, seed))
      .filter((l): l is string => l !== null);
    return {
      catId: cat.id,
      catName: cat.name,
      accepted: input.accept,
      stage: stageRef(result.next.stage),
      text: [
        input.accept ? offerAcceptedLine(result.next.stage, seed) : offerDeclinedLine(seed),
        ...extra,
      ].join('\n'),
      effects: result.effects,
    };
  });
}

/** Minutes typed into a form (free text): blank is "not given"; anything else must be a whole number in range. */
export function parseMinutesText(text: string | null | undefined): number | null {
  const trimmed = text?.trim() ?? '';
  if (trimmed === '') return null;
  const value = /^\d{1,4}$/.test(trimmed) ? Number(trimmed) : Number.NaN;
  if (!Number.isInteger(value) || value < LIMITS.minMinutes || value > LIMITS.maxMinutes) {
    throw new UserFacingError({
      code: 'invalid_minutes',
      data: { min: LIMITS.minMinutes, max: LIMITS.maxMinutes, from: 'form' },
    });
  }
  return value;
}
