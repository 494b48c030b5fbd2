/**
 * The negation scope of negationScope.ts applied to a log's units: what a separator does to a negation, whether a
 * short list follows a comma, post-negations ("hissing: none") and turnarounds ("never seen her so relaxed").
 */
import { LIST_ITEM_MAX_WORDS, NEGATION_TURNAROUNDS } from './negationScope.js';
import type { Token } from './tokenise.js';

const TURN_WORDS: ReadonlySet<string> = new Set(NEGATION_TURNAROUNDS.words);
const TURN_VERBS: ReadonlySet<string> = new Set(NEGATION_TURNAROUNDS.verbs);

/** 0: a full stop (or ; ! ? newline), 1: a comma or the like, 2: "and", 3: "but"/"then" and kin. */
export function separatorKind(source: string, unit: Token): number {
  const word = unit.info.word;
  if (word !== '') return word === 'and' || word === 'plus' ? 2 : unit.info.negationEnder ? 3 : 1;
  let kind = 1;
  for (let k = unit.start; k < unit.end; k++) {
    const c = source.charCodeAt(k);
    if (STOP_CHARS.has(c)) return 0;
    if (c === 38 || c === 43) kind = 2; // & +
  }
  return kind;
}

const STOP_CHARS: ReadonlySet<number> = new Set(Array.from('.!?;:\n\r…', (c) => c.charCodeAt(0)));
const QUIET_MARKS: ReadonlySet<number> = new Set(Array.from(' \t:=', (c) => c.charCodeAt(0)));

/** After a comma: does a short list closed by "or"/"nor" follow ("no hissing, growling or swatting")? */
export function listFollows(units: readonly Token[], comma: number): boolean {
  let words = 0;
  for (let j = comma + 1; ; j++) {
    const unit = units[j];
    if (unit === undefined) return false;
    if (unit.kind === 'separator') {
      if (unit.info.word !== '' || words === 0) return false;
      words = 0;
      continue;
    }
    if (unit.info.listCloser) return words > 0;
    if (++words > LIST_ITEM_MAX_WORDS) return false;
  }
}

/** "escape attempts: 0", "hissing - none": a post-negation right after a match (one mark may stand between). */
export function postNegatedAt(source: string, units: readonly Token[], end: number): number {
  let j = end + 1;
  const next = units[j];
  if (next?.kind === 'separator') {
    for (let k = next.start; k < next.end; k++) if (!QUIET_MARKS.has(source.charCodeAt(k))) return -1;
    j++;
  }
  const unit = units[j];
  return unit?.kind === 'word' && unit.info.postNegator ? j : -1;
}

/** "never seen her so relaxed": the negation turns into praise at "so"/"this" after "seen"/"been". */
export function turnsAround(units: readonly Token[], i: number): boolean {
  const unit = units[i];
  if (unit === undefined || !TURN_WORDS.has(unit.info.word)) return false;
  for (let j = i - 1; j >= i - 2; j--) if (TURN_VERBS.has(units[j]?.info.word ?? '')) return true;
  return false;
}
