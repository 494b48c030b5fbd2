import {
  initialState,
  transition,
  type CatState,
  type Effect,
  type StageChangeReason,
} from '../domain/coach.js';
import { worthAnnouncing } from '../domain/announcements.js';
import { FIRST_STAGE, isStageId, stageInfo, type StageId } from '../domain/stages.js';
import type { Deps } from './deps.js';
import { UserFacingError } from './errors.js';
import { LIMITS } from './limits.js';
import type { CatRecord } from './store/cats.js';
import type { StoreAreas } from './store/store.js';

export interface CatSummary {
  readonly id: number;
  readonly name: string;
  readonly stage: StageId;
  readonly stageName: string;
  readonly position: number;
  readonly lastSessionAt: Date | null;
}

/** The state the coach's rules need, taken from a stored cat. */
export function toCatState(row: CatRecord): CatState {
  return {
    stage: row.stage,
    stageSince: row.stageSince,
    goodDays: row.goodDays,
    lastGoodDate: row.lastGoodDate,
    moderateRun: row.moderateRun,
    stepBacks: row.stepBacks,
    offerPending: row.offerPending,
    offerAgainAt: row.offerAgainAt,
    milestones: row.milestones,
  };
}

/** The stage change a transition made, with the reason its effect gives (none: the stage stayed). */
function stageChangeOf(effects: readonly Effect[]): { to: StageId; reason: StageChangeReason } | null {
  for (const effect of effects) {
    if (effect.type === 'stageChanged') return { to: effect.to, reason: effect.reason };
    if (effect.type === 'stepBack') return { to: effect.to, reason: 'step_back' };
  }
  return null;
}

/**
 * Stores a transition's next state; when the stage moved, the stage change with the reason from the
 * transition's own effect (`stageChanged` or `stepBack`); and, for an owner who opted in, the effects worth a
 * public post (the outbox). Runs inside the caller's transaction, so the state, its history and its posts
 * never disagree.
 */
export async function storeTransition(
  tx: Pick<StoreAreas, 'cats' | 'outbox'>,
  input: {
    catId: number;
    ownerId: string;
    from: StageId;
    next: CatState;
    effects: readonly Effect[];
    now: Date;
    lastSessionAt?: Date;
    /** The owner opted in to automatic posts: stage-ups and public milestones go to the outbox. */
    autoShare: boolean;
  },
): Promise<CatRecord | undefined> {
  const updated = await tx.cats.saveState(input.catId, input.next, input.lastSessionAt);
  if (input.autoShare && worthAnnouncing(input.effects)) {
    await tx.outbox.enqueue({
      kind: 'announce',
      ownerId: input.ownerId,
      catId: input.catId,
      effects: input.effects,
      createdAt: input.now,
    });
  }
  const change = stageChangeOf(input.effects);
  if (change !== null && change.to !== input.from) {
    await tx.cats.addStageChange({
      catId: input.catId,
      at: input.now,
      fromStage: input.from,
      toStage: change.to,
      reason: change.reason,
    });
  }
  return updated;
}

export function summarise(row: CatRecord): CatSummary {
  const info = stageInfo(row.stage);
  return {
    id: row.id,
    name: row.name,
    stage: row.stage,
    stageName: info.name,
    position: info.position,
    lastSessionAt: row.lastSessionAt,
  };
}

/** Cleans a cat's name: trimmed, inner whitespace folded, no control characters or mention markup. */
export function cleanCatName(raw: string): string {
  const name = raw
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}]/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (name === '') throw new UserFacingError({ code: 'invalid_name', data: { reason: 'empty' } });
  if (name.length > LIMITS.catName) {
    throw new UserFacingError({ code: 'invalid_name', data: { reason: 'too_long', max: LIMITS.catName } });
  }
  // Mention and markdown marks would show differently wherever the name is echoed.
  if (/[@<>`*_~|#]/.test(name)) {
    throw new UserFacingError({ code: 'invalid_name', data: { reason: 'markup' } });
  }
  return name;
}

export function nameKey(name: string): string {
  return name.toLocaleLowerCase('en-US');
}

function namesOf(rows: readonly CatRecord[]): string[] {
  return rows.map((r) => r.name);
}

/**
 * Finds the owner's cat from what was typed or picked in autocomplete (the choice value is the cat's id).
 * With no input, the owner's only cat; several cats and none named is ambiguous.
 */
export async function resolveCat(
  store: Pick<StoreAreas, 'cats'>,
  ownerId: string,
  input: string | null | undefined,
): Promise<CatRecord> {
  return findNamedCat(await store.cats.listByOwner(ownerId), input);
}

/** resolveCat's rule over the owner's cats, already read. */
export function findNamedCat(rows: readonly CatRecord[], input: string | null | undefined): CatRecord {
  if (rows.length === 0) {
    throw new UserFacingError({ code: 'no_cats', data: { from: 'command' } });
  }
  const typed = input?.trim() ?? '';
  if (typed === '') {
    const only = rows[0];
    if (rows.length === 1 && only) return only;
    throw new UserFacingError({
      code: 'ambiguous_cat',
      data: { reason: 'none_named', names: namesOf(rows) },
    });
  }
  const key = nameKey(typed);
  const byName = rows.find((r) => r.nameKey === key);
  if (byName) return byName;
  if (/^\d{1,15}$/.test(typed)) {
    const byId = rows.find((r) => r.id === Number(typed));
    if (byId) return byId;
  }
  const prefixed = rows.filter((r) => r.nameKey.startsWith(key));
  const onlyPrefixed = prefixed[0];
  if (prefixed.length === 1 && onlyPrefixed) return onlyPrefixed;
  if (prefixed.length > 1) {
    throw new UserFacingError({
      code: 'ambiguous_cat',
      data: { reason: 'several_match', names: namesOf(prefixed) },
    });
  }
  throw new UserFacingError({ code: 'unknown_cat', data: { names: namesOf(rows) } });
}

/** The owner's cats matching what was typed, prefix matches first, then the rest that contain it. */
export async function suggestCats(
  deps: Pick<Deps, 'store'>,
  ownerId: string,
  fragment: string,
): Promise<CatSummary[]> {
  const key = nameKey(fragment.trim());
  const rows = await deps.store.cats.listByOwner(ownerId);
  const prefix = rows.filter((r) => r.nameKey.startsWith(key));
  const inner = rows.filter((r) => !r.nameKey.startsWith(key) && r.nameKey.includes(key));
  return [...prefix, ...inner].map(summarise);
}

/** Adds a cat at the given stage (default: the first). */
export async function addCat(
  deps: Pick<Deps, 'store' | 'clock'>,
  input: { ownerId: string; name: string; stage?: string | null },
): Promise<CatSummary> {
  const now = deps.clock.now();
  const name = cleanCatName(input.name);
  const stage = input.stage ?? FIRST_STAGE;
  if (!isStageId(stage)) throw new UserFacingError({ code: 'invalid_stage', data: {} });
  return deps.store.transaction(async (tx) => {
    await tx.owners.ensure(input.ownerId, now);
    if ((await tx.cats.countByOwner(input.ownerId)) >= LIMITS.catsPerOwner) {
      throw new UserFacingError({ code: 'too_many_cats', data: { max: LIMITS.catsPerOwner } });
    }
    if (await tx.cats.findByNameKey(input.ownerId, nameKey(name)))
      throw new UserFacingError({ code: 'duplicate_cat', data: { name } });
    const row = await tx.cats.insert({
      ownerId: input.ownerId,
      name,
      nameKey: nameKey(name),
      createdAt: now,
      ...initialState(stage, now),
    });
    return summarise(row);
  });
}

export async function listCats(deps: Pick<Deps, 'store'>, ownerId: string): Promise<CatSummary[]> {
  return (await deps.store.cats.listByOwner(ownerId)).map(summarise);
}

export async function renameCat(
  deps: Pick<Deps, 'store'>,
  input: { ownerId: string; cat: string; name: string },
): Promise<{ oldName: string; cat: CatSummary }> {
  const name = cleanCatName(input.name);
  return deps.store.transaction(async (tx) => {
    const row = await resolveCat(tx, input.ownerId, input.cat);
    const clash = await tx.cats.findByNameKey(input.ownerId, nameKey(name));
    if (clash && clash.id !== row.id) {
      throw new UserFacingError({ code: 'duplicate_cat', data: { name } });
    }
    const updated = await tx.cats.rename(row.id, name, nameKey(name));
    return { oldName: row.name, cat: summarise(updated ?? row) };
  });
}

/** The cat a removal would delete, with how much history goes with it, for the confirmation prompt. */
export async function previewRemoveCat(
  deps: Pick<Deps, 'store'>,
  input: { ownerId: string; cat: string },
): Promise<CatSummary & { sessions: number }> {
  const row = await resolveCat(deps.store, input.ownerId, input.cat);
  return { ...summarise(row), sessions: await deps.store.cats.countSessions(row.id) };
}

/** Deletes the cat and its history, after the owner confirmed; ownership is checked against the row. */
export async function removeCat(
  deps: Pick<Deps, 'store'>,
  input: { ownerId: string; catId: number },
): Promise<{ name: string }> {
  const row = await deps.store.cats.deleteOwned(input.catId, input.ownerId);
  if (!row) throw new UserFacingError({ code: 'stale_button', data: { reason: 'cat_gone' } });
  return { name: row.name };
}

/** Sets the stage by hand (e.g. the harness part was done before using the bot). */
export async function setCatStage(
  deps: Pick<Deps, 'store' | 'clock'>,
  input: { ownerId: string; cat: string; stage: string },
): Promise<{ cat: CatSummary; changed: boolean; from: StageId }> {
  if (!isStageId(input.stage)) throw new UserFacingError({ code: 'invalid_stage', data: {} });
  const stage = input.stage;
  const now = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    const row = await resolveCat(tx, input.ownerId, input.cat);
    const state = toCatState(row);
    const result = transition(state, { type: 'setStage', stage }, now);
    if (result.effects.length === 0) return { cat: summarise(row), changed: false, from: state.stage };
    const updated = await storeTransition(tx, {
      catId: row.id,
      ownerId: row.ownerId,
      // A stage set by hand is not an achievement to announce.
      autoShare: false,
      from: state.stage,
      next: result.next,
      effects: result.effects,
      now,
    });
    return { cat: summarise(updated ?? row), changed: true, from: state.stage };
  });
}
