import { and, asc, count, eq } from 'drizzle-orm';
import type { Db, Queryable } from '../db/sqlite/client.js';
import { cats, stageChanges } from '../db/sqlite/schema.js';
import { initialState, transition, type CatState, type StageChangeReason } from '../domain/coach.js';
import { FIRST_STAGE, isStageId, stageInfo, type StageId } from '../domain/stages.js';
import type { Deps } from './deps.js';
import { UserFacingError } from './errors.js';
import { LIMITS } from './limits.js';
import { ensureOwner } from './owners.js';

export type CatRow = typeof cats.$inferSelect;

export interface CatSummary {
  readonly id: number;
  readonly name: string;
  readonly stage: StageId;
  readonly stageName: string;
  readonly position: number;
  readonly lastSessionAt: Date | null;
}

/** The stored stage as a StageId; a row with an unknown stage (hand-edited file) falls back to the first. */
export function catStage(row: { readonly stage: string }): StageId {
  return isStageId(row.stage) ? row.stage : FIRST_STAGE;
}

export function toCatState(row: CatRow): CatState {
  return {
    stage: catStage(row),
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

/** The columns that hold a CatState, for an UPDATE. */
export function fromCatState(state: CatState) {
  return {
    stage: state.stage,
    stageSince: state.stageSince,
    goodDays: state.goodDays,
    lastGoodDate: state.lastGoodDate,
    moderateRun: state.moderateRun,
    stepBacks: state.stepBacks,
    offerPending: state.offerPending,
    offerAgainAt: state.offerAgainAt,
    milestones: [...state.milestones],
  };
}

/**
 * Stores a transition's next state and, when the stage moved, the stage change with its reason.
 * Runs inside the caller's transaction, so the state and its history never disagree.
 */
export function storeTransition(
  tx: Queryable,
  input: {
    catId: number;
    from: StageId;
    next: CatState;
    reason: StageChangeReason;
    now: Date;
    lastSessionAt?: Date;
  },
): CatRow | undefined {
  const extra = input.lastSessionAt ? { lastSessionAt: input.lastSessionAt } : {};
  const updated = tx
    .update(cats)
    .set({ ...fromCatState(input.next), ...extra })
    .where(eq(cats.id, input.catId))
    .returning()
    .get() as CatRow | undefined;
  if (input.next.stage !== input.from) {
    tx.insert(stageChanges)
      .values({
        catId: input.catId,
        at: input.now,
        fromStage: input.from,
        toStage: input.next.stage,
        reason: input.reason,
      })
      .run();
  }
  return updated;
}

export function summarise(row: CatRow): CatSummary {
  const stage = catStage(row);
  const info = stageInfo(stage);
  return {
    id: row.id,
    name: row.name,
    stage,
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
  if (name === '')
    throw new UserFacingError(
      'invalid_name',
      'Please give your cat a name with at least one letter or number.',
    );
  if (name.length > LIMITS.catName) {
    throw new UserFacingError(
      'invalid_name',
      `That name is a bit long: please keep it to ${LIMITS.catName} characters.`,
    );
  }
  if (/[@<>`*_~|#]/.test(name)) {
    throw new UserFacingError(
      'invalid_name',
      'Please leave out @, <, >, #, backticks and formatting marks (* _ ~ |) in cat names, so they show up nicely everywhere.',
    );
  }
  return name;
}

export function nameKey(name: string): string {
  return name.toLocaleLowerCase('en-US');
}

export function listCatRows(db: Queryable, ownerId: string): CatRow[] {
  return db
    .select()
    .from(cats)
    .where(eq(cats.ownerId, ownerId))
    .orderBy(asc(cats.createdAt), asc(cats.id))
    .all();
}

function namesOf(rows: readonly CatRow[]): string {
  return rows.map((r) => `**${r.name}**`).join(', ');
}

/**
 * Finds the owner's cat from what was typed or picked in autocomplete (the choice value is the cat's id).
 * With no input, the owner's only cat; several cats and none named is ambiguous.
 */
export function resolveCat(db: Queryable, ownerId: string, input: string | null | undefined): CatRow {
  const rows = listCatRows(db, ownerId);
  if (rows.length === 0) {
    throw new UserFacingError(
      'no_cats',
      'You have no cats here yet. Add one with `/cat add name:<name>` to get started.',
    );
  }
  const typed = input?.trim() ?? '';
  if (typed === '') {
    const only = rows[0];
    if (rows.length === 1 && only) return only;
    throw new UserFacingError(
      'ambiguous_cat',
      `Which cat? You have ${namesOf(rows)}. Pick one in the \`cat\` option.`,
    );
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
    throw new UserFacingError(
      'ambiguous_cat',
      `More than one cat matches that: ${namesOf(prefixed)}. Which one did you mean?`,
    );
  }
  throw new UserFacingError(
    'unknown_cat',
    `I could not find a cat called that. Your cats: ${namesOf(rows)}.`,
  );
}

/** Autocomplete: the caller's own cats, prefix matches first, then the rest that contain the fragment. */
export function suggestCats(db: Db, ownerId: string, fragment: string): { name: string; value: string }[] {
  const key = nameKey(fragment.trim());
  const rows = listCatRows(db, ownerId);
  const prefix = rows.filter((r) => r.nameKey.startsWith(key));
  const inner = rows.filter((r) => !r.nameKey.startsWith(key) && r.nameKey.includes(key));
  return [...prefix, ...inner]
    .slice(0, 25)
    .map((r) => ({ name: `${r.name} — ${stageInfo(catStage(r)).name}`.slice(0, 100), value: String(r.id) }));
}

/** Adds a cat at the given stage (default: the first). */
export function addCat(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: { ownerId: string; name: string; stage?: string | null },
): CatSummary {
  const now = deps.clock.now();
  const name = cleanCatName(input.name);
  const stage = input.stage ?? FIRST_STAGE;
  if (!isStageId(stage)) throw new UserFacingError('invalid_stage', 'Please pick a stage from the list.');
  return deps.db.transaction((tx) => {
    ensureOwner(tx, input.ownerId, now);
    const existing = tx.select({ n: count() }).from(cats).where(eq(cats.ownerId, input.ownerId)).get();
    if ((existing?.n ?? 0) >= LIMITS.catsPerOwner) {
      throw new UserFacingError(
        'too_many_cats',
        `You can coach up to ${LIMITS.catsPerOwner} cats here. Remove one to add another.`,
      );
    }
    const clash = tx
      .select({ id: cats.id })
      .from(cats)
      .where(and(eq(cats.ownerId, input.ownerId), eq(cats.nameKey, nameKey(name))))
      .get();
    if (clash)
      throw new UserFacingError(
        'duplicate_cat',
        `You already have a cat called **${name}**. Try another name.`,
      );
    const state = initialState(stage, now);
    const row = tx
      .insert(cats)
      .values({
        ownerId: input.ownerId,
        name,
        nameKey: nameKey(name),
        createdAt: now,
        ...fromCatState(state),
      })
      .returning()
      .get();
    tx.insert(stageChanges)
      .values({ catId: row.id, at: now, fromStage: null, toStage: stage, reason: 'created' })
      .run();
    return summarise(row);
  });
}

export function listCats(deps: Pick<Deps, 'db'>, ownerId: string): CatSummary[] {
  return listCatRows(deps.db, ownerId).map(summarise);
}

export function renameCat(
  deps: Pick<Deps, 'db'>,
  input: { ownerId: string; cat: string; name: string },
): { oldName: string; cat: CatSummary } {
  const name = cleanCatName(input.name);
  return deps.db.transaction((tx) => {
    const row = resolveCat(tx, input.ownerId, input.cat);
    const clash = tx
      .select({ id: cats.id })
      .from(cats)
      .where(and(eq(cats.ownerId, input.ownerId), eq(cats.nameKey, nameKey(name))))
      .get();
    if (clash && clash.id !== row.id) {
      throw new UserFacingError(
        'duplicate_cat',
        `You already have a cat called **${name}**. Try another name.`,
      );
    }
    const updated = tx
      .update(cats)
      .set({ name, nameKey: nameKey(name) })
      .where(eq(cats.id, row.id))
      .returning()
      .get() as CatRow | undefined;
    return { oldName: row.name, cat: summarise(updated ?? row) };
  });
}

/** The cat a removal would delete, with how much history goes with it, for the confirmation prompt. */
export function previewRemoveCat(
  deps: Pick<Deps, 'db'>,
  input: { ownerId: string; cat: string },
): CatSummary & { sessions: number } {
  const row = resolveCat(deps.db, input.ownerId, input.cat);
  const sessionsCount = deps.db.$client
    .prepare('SELECT count(*) AS n FROM sessions WHERE cat_id = ?')
    .get(row.id) as {
    n: number;
  };
  return { ...summarise(row), sessions: sessionsCount.n };
}

/** Deletes the cat and its history, after the owner confirmed; ownership is checked against the row. */
export function removeCat(
  deps: Pick<Deps, 'db'>,
  input: { ownerId: string; catId: number },
): { name: string } {
  const row = deps.db
    .delete(cats)
    .where(and(eq(cats.id, input.catId), eq(cats.ownerId, input.ownerId)))
    .returning()
    .get();
  if (!row)
    throw new UserFacingError(
      'stale_button',
      'That cat is already gone, or is not yours. Nothing was changed.',
    );
  return { name: row.name };
}

/** Sets the stage by hand (e.g. the harness part was done before using the bot). */
export function setCatStage(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: { ownerId: string; cat: string; stage: string },
): { cat: CatSummary; changed: boolean; from: StageId } {
  if (!isStageId(input.stage))
    throw new UserFacingError('invalid_stage', 'Please pick a stage from the list.');
  const stage = input.stage;
  const now = deps.clock.now();
  return deps.db.transaction((tx) => {
    const row = resolveCat(tx, input.ownerId, input.cat);
    const state = toCatState(row);
    const result = transition(state, { type: 'setStage', stage }, now);
    if (result.effects.length === 0) return { cat: summarise(row), changed: false, from: state.stage };
    const updated = storeTransition(tx, {
      catId: row.id,
      from: state.stage,
      next: result.next,
      reason: 'manual',
      now,
    });
    return { cat: summarise(updated ?? row), changed: true, from: state.stage };
  });
}
