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
import { UserFacingError, type UserProblem } from './errors.js';
import { LIMITS } from './limits.js';
import type { CatRecord } from './store/cats.js';
import type { SharedCatRef } from './store/households.js';
import type { StoreAreas } from './store/store.js';

export interface CatSummary {
  readonly id: number;
  readonly name: string;
  readonly stage: StageId;
  readonly stageName: string;
  readonly position: number;
  readonly lastSessionAt: Date | null;
  /** Households: the cat's owner when it is shared with the one looking; null for their own cat. */
  readonly sharedBy: string | null;
}

/** A cat in /cat list: for the owner's own cats, who they are shared with. */
export interface CatListEntry extends CatSummary {
  readonly coOwners: readonly string[];
}

/** What only a cat's owner may do (a co-owner is refused kindly). */
export type OwnerAction = Extract<UserProblem, { code: 'owner_only' }>['data']['action'];

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

/** The cat as views show it to `viewerId` (default: its owner). */
export function summarise(row: CatRecord, viewerId: string = row.ownerId): CatSummary {
  const info = stageInfo(row.stage);
  return {
    id: row.id,
    name: row.name,
    stage: row.stage,
    stageName: info.name,
    position: info.position,
    lastSessionAt: row.lastSessionAt,
    sharedBy: row.ownerId === viewerId ? null : row.ownerId,
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
 * Finds the cat a user means among their own cats and the cats shared with them (households), from what
 * was typed or picked in autocomplete (the choice value is the cat's id); the rule is findNamedCat's. A cat
 * that was shared with them and no longer is gets a kind refusal (cat_unshared) instead of "unknown cat".
 */
export async function resolveCat(
  store: Pick<StoreAreas, 'cats' | 'households'>,
  userId: string,
  input: string | null | undefined,
): Promise<CatRecord> {
  const rows = await store.cats.listAccessible(userId);
  try {
    return findNamedCat(rows, input, userId);
  } catch (error) {
    if (error instanceof UserFacingError && (error.code === 'unknown_cat' || error.code === 'no_cats')) {
      const former = matchFormer(await store.households.listFormer(userId), input, rows.length === 0);
      if (former) throw new UserFacingError({ code: 'cat_unshared', data: { catName: former.catName } });
    }
    throw error;
  }
}

/** resolveCat for what only the owner may do: a co-owner's shared cat is refused, kindly. */
export async function resolveOwnCat(
  store: Pick<StoreAreas, 'cats' | 'households'>,
  userId: string,
  input: string | null | undefined,
  action: OwnerAction,
): Promise<CatRecord> {
  const cat = await resolveCat(store, userId, input);
  assertCatOwner(cat, userId, action);
  return cat;
}

export function assertCatOwner(cat: CatRecord, userId: string, action: OwnerAction): void {
  if (cat.ownerId !== userId) {
    throw new UserFacingError({ code: 'owner_only', data: { action, catName: cat.name } });
  }
}

/** A cat no longer shared with the user that `input` names (by name, id or prefix), or with no input and no cats, the latest. */
function matchFormer(
  former: readonly SharedCatRef[],
  input: string | null | undefined,
  noCats: boolean,
): SharedCatRef | undefined {
  const typed = input?.trim() ?? '';
  if (typed === '') return noCats ? former[0] : undefined;
  const key = nameKey(typed);
  const prefixed = former.filter((f) => nameKey(f.catName).startsWith(key));
  return (
    former.find((f) => nameKey(f.catName) === key) ??
    former.find((f) => /^\d{1,15}$/.test(typed) && f.catId === Number(typed)) ??
    (prefixed.length === 1 ? prefixed[0] : undefined)
  );
}

/**
 * The naming rule over the cats a user can reach, already read. With no input: their only cat (own or
 * shared); several and none named is ambiguous. Typed text, in order: an exact name (case ignored) of
 * their OWN cat wins over a shared cat's, so a co-owner's own "Miso" is never confused with a "Miso" shared
 * with them (autocomplete tells the two apart: its value is the id); then an exact name of one shared cat;
 * then a cat id (autocomplete's value); then the one name that starts with it. `viewerId` unset: every row
 * counts as their own.
 */
export function findNamedCat(
  rows: readonly CatRecord[],
  input: string | null | undefined,
  viewerId?: string,
): CatRecord {
  if (rows.length === 0) {
    throw new UserFacingError({ code: 'no_cats', data: { from: 'command' } });
  }
  const isOwn = (r: CatRecord) => viewerId === undefined || r.ownerId === viewerId;
  const listed = (cats: readonly CatRecord[]) => {
    const shared = cats.filter((r) => !isOwn(r));
    return {
      names: namesOf(cats.filter(isOwn)),
      ...(shared.length > 0 ? { sharedNames: namesOf(shared) } : {}),
    };
  };
  const typed = input?.trim() ?? '';
  if (typed === '') {
    const only = rows[0];
    if (rows.length === 1 && only) return only;
    throw new UserFacingError({ code: 'ambiguous_cat', data: { reason: 'none_named', ...listed(rows) } });
  }
  const key = nameKey(typed);
  const exact = rows.filter((r) => r.nameKey === key);
  const exactOwn = exact.find(isOwn);
  if (exactOwn) return exactOwn;
  const onlyExact = exact[0];
  if (exact.length === 1 && onlyExact) return onlyExact;
  if (exact.length > 1) {
    throw new UserFacingError({ code: 'ambiguous_cat', data: { reason: 'several_match', ...listed(exact) } });
  }
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
      data: { reason: 'several_match', ...listed(prefixed) },
    });
  }
  throw new UserFacingError({ code: 'unknown_cat', data: listed(rows) });
}

/** The user's own cats first, then the cats shared with them, each oldest first. */
function ownFirst(rows: readonly CatRecord[], userId: string): CatRecord[] {
  return [...rows.filter((r) => r.ownerId === userId), ...rows.filter((r) => r.ownerId !== userId)];
}

/**
 * The cats matching what was typed, prefix matches first, then the rest that contain it; own cats before
 * shared ones. `scope` 'owned': only the user's own cats (for what only the owner may do).
 */
export async function suggestCats(
  deps: Pick<Deps, 'store'>,
  userId: string,
  fragment: string,
  scope: 'all' | 'owned' = 'all',
): Promise<CatSummary[]> {
  const key = nameKey(fragment.trim());
  const rows =
    scope === 'owned'
      ? await deps.store.cats.listByOwner(userId)
      : ownFirst(await deps.store.cats.listAccessible(userId), userId);
  const prefix = rows.filter((r) => r.nameKey.startsWith(key));
  const inner = rows.filter((r) => !r.nameKey.startsWith(key) && r.nameKey.includes(key));
  return [...prefix, ...inner].map((r) => summarise(r, userId));
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

/** The user's own cats (with whom each is shared), then the cats shared with them. */
export async function listCats(deps: Pick<Deps, 'store'>, userId: string): Promise<CatListEntry[]> {
  const [rows, coOwners] = await Promise.all([
    deps.store.cats.listAccessible(userId),
    deps.store.households.listCoOwnersOfOwner(userId),
  ]);
  return ownFirst(rows, userId).map((row) => ({
    ...summarise(row, userId),
    coOwners: coOwners.filter((c) => c.catId === row.id).map((c) => c.userId),
  }));
}

export async function renameCat(
  deps: Pick<Deps, 'store'>,
  input: { ownerId: string; cat: string; name: string },
): Promise<{ oldName: string; cat: CatSummary }> {
  const name = cleanCatName(input.name);
  return deps.store.transaction(async (tx) => {
    const row = await resolveOwnCat(tx, input.ownerId, input.cat, 'rename');
    const clash = await tx.cats.findByNameKey(input.ownerId, nameKey(name));
    if (clash && clash.id !== row.id) {
      throw new UserFacingError({ code: 'duplicate_cat', data: { name } });
    }
    const updated = await tx.cats.rename(row.id, name, nameKey(name));
    return { oldName: row.name, cat: summarise(updated ?? row) };
  });
}

/**
 * The cat a removal would delete, with how much history goes with it and how many people it is shared with
 * (they lose it too), for the confirmation prompt.
 */
export async function previewRemoveCat(
  deps: Pick<Deps, 'store'>,
  input: { ownerId: string; cat: string },
): Promise<CatSummary & { sessions: number; coOwners: number }> {
  const row = await resolveOwnCat(deps.store, input.ownerId, input.cat, 'remove');
  const [sessions, coOwners] = await Promise.all([
    deps.store.cats.countSessions(row.id),
    deps.store.households.listCoOwners(row.id),
  ]);
  return { ...summarise(row), sessions, coOwners: coOwners.length };
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
    const row = await resolveOwnCat(tx, input.ownerId, input.cat, 'stage');
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
