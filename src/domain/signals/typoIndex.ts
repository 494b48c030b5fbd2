/**
 * Which vocabulary forms a word stands for when it is not spelled as written: stretched ("hisssed"), with a
 * letter left out, doubled, changed or swapped ("explord", "sniffde"). Built once from the vocabulary's forms, so
 * a lookup is a few map reads instead of a scan.
 */
import { editDistance } from '../editDistance.js';
import { collapseRuns } from './wordForms.js';

/** Edit-distance typo matching only for words this long (after collapsing runs): short words collide too easily. */
const FUZZY_MIN = 6;
const ASCII_LETTERS = /^[a-z]+$/;

export const NO_FORMS: readonly string[] = Object.freeze([]);

export interface TypoIndex {
  /** Every vocabulary form as written. */
  readonly forms: ReadonlySet<string>;
  /** Forms by their spelling with runs collapsed. */
  readonly byCollapsed: ReadonlyMap<string, readonly string[]>;
  /** Collapsed forms that edit-distance typos may land on: only forms of longer words ("explore", not "bite"). */
  readonly fuzzyTargets: ReadonlySet<string>;
  /** Fuzzy targets by each spelling of theirs with one letter left out, so one-edit neighbours need no scan. */
  readonly byDeletion: ReadonlyMap<string, readonly string[]>;
  /** Real words that are never read as typos. */
  readonly notTypos: ReadonlySet<string>;
}

export interface IndexedForm {
  readonly form: string;
  /** Whether typos may land on it (see isFuzzyStem). */
  readonly fuzzyTarget: boolean;
}

/** Whether the forms of a phrase word may be typo targets: only long words, measured without their ending. */
export function isFuzzyStem(base: string): boolean {
  return collapseRuns(base.replace(/(?:ing|ed|es|s|ly|y)$/, '')).length >= FUZZY_MIN;
}

function addTo(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else if (!list.includes(value)) list.push(value);
}

/**
 * The index over `forms`; where two forms share a spelling, the first one given is offered first. Frozen on the
 * outside; the lists inside are read-only by type (see vocabulary.ts).
 */
export function buildTypoIndex(forms: Iterable<IndexedForm>, notTypos: Iterable<string>): TypoIndex {
  const known = new Set<string>();
  const byCollapsed = new Map<string, string[]>();
  const fuzzyTargets = new Set<string>();
  const byDeletion = new Map<string, string[]>();
  for (const { form, fuzzyTarget } of forms) {
    const collapsed = collapseRuns(form);
    if (fuzzyTarget && collapsed.length >= FUZZY_MIN && !fuzzyTargets.has(collapsed)) {
      fuzzyTargets.add(collapsed);
      for (let i = 0; i < collapsed.length; i++)
        addTo(byDeletion, collapsed.slice(0, i) + collapsed.slice(i + 1), collapsed);
    }
    if (known.has(form)) continue;
    known.add(form);
    addTo(byCollapsed, collapsed, form);
  }
  return Object.freeze({ forms: known, byCollapsed, fuzzyTargets, byDeletion, notTypos: new Set(notTypos) });
}

function fuzzyForms(index: TypoIndex, collapsed: string): readonly string[] {
  let found: string[] | undefined;
  const consider = (candidate: string): void => {
    if (
      !index.fuzzyTargets.has(candidate) ||
      candidate[0] !== collapsed[0] ||
      editDistance(collapsed, candidate, 1) > 1
    )
      return;
    for (const form of index.byCollapsed.get(candidate) ?? NO_FORMS) {
      found ??= [];
      if (!found.includes(form)) found.push(form);
    }
  };
  for (const c of index.byDeletion.get(collapsed) ?? NO_FORMS) consider(c);
  for (let i = 0; i < collapsed.length; i++) {
    const shorter = collapsed.slice(0, i) + collapsed.slice(i + 1);
    consider(shorter);
    for (const c of index.byDeletion.get(shorter) ?? NO_FORMS) consider(c);
  }
  return found ?? NO_FORMS;
}

/** The vocabulary forms a normalised word stands for: itself, or what its typo most likely meant. */
export function formsOf(index: TypoIndex, word: string): readonly string[] {
  if (index.forms.has(word)) return [word];
  if (word.length > 30 || !ASCII_LETTERS.test(word) || index.notTypos.has(word)) return NO_FORMS;
  // A dropped g ("sniffin", "purrin") is how owners type, not a typo.
  if (word.endsWith('in') && index.forms.has(`${word}g`)) return [`${word}g`];
  const collapsed = collapseRuns(word);
  // Short words only count as typos when visibly stretched ("hisss"), so "his" never reads as "hiss".
  if (collapsed.length >= 5 || collapsed.length < word.length) {
    const hit = index.byCollapsed.get(collapsed);
    if (hit) return hit;
  }
  if (collapsed.length >= 4 && /[^aeiou]d$/.test(collapsed)) {
    const hit = index.byCollapsed.get(`${collapsed.slice(0, -1)}ed`); // "purrd", "explord"
    if (hit) return hit;
  }
  return collapsed.length >= FUZZY_MIN ? fuzzyForms(index, collapsed) : NO_FORMS;
}
