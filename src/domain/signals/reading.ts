/**
 * The reading rules compiled against the vocabulary once at module load, and the small helpers signals.ts uses to
 * apply them: the context around a match, the sense a match has in it, and the words naming a subject.
 */
import {
  OBJECT_SIGNALS,
  SENSE_RULES,
  SUBJECT_WHY,
  type SenseRule,
  type SubjectKind,
} from './readingRules.js';
import type { Token } from './tokenise.js';
import { CONTEXT_BITS, SUBJECT_CODES, type Vocabulary } from './vocabulary.js';
import { inflect } from './wordForms.js';

/** Why a signal was set aside: someone else's (a SubjectKind other than the cat) or another sense. */
export type SetAsideReason = Exclude<SubjectKind, 'cat'> | 'sense';

export interface CompiledSense {
  /** The words the rule is about, or null for any of the entry's words. */
  readonly words: ReadonlySet<string> | null;
  readonly context: number;
  /** 0: the clause (joined across "and"); otherwise this many units after the match. */
  readonly near: number;
  /** Whether the context is looked for across the sentence rather than the clause. */
  readonly sentence: boolean;
  /** Entry index to read the match as, or -1 to set it aside. */
  readonly becomes: number;
  readonly why: string;
}

const NO_SENSES: readonly CompiledSense[] = Object.freeze([]);

/** The sense rules by entry index; throws at load if a rule names an entry that does not exist. */
export function compileSenses(
  vocabulary: Vocabulary,
  rules: readonly SenseRule[],
): readonly (readonly CompiledSense[])[] {
  const index = new Map(vocabulary.entries.map((e, i) => [e.id, i]));
  const find = (id: string): number => {
    const i = index.get(id);
    if (i === undefined) throw new Error(`sense rule names unknown signal ${id}`);
    return i;
  };
  const out: CompiledSense[][] = vocabulary.entries.map(() => []);
  for (const rule of rules) {
    const words = rule.words
      ? new Set(rule.words.flatMap((w) => (w.endsWith('*') ? inflect(w.slice(0, -1)) : [w])))
      : null;
    out[find(rule.signal)]?.push({
      words,
      context: CONTEXT_BITS[rule.context],
      near: rule.near ?? 0,
      sentence: rule.sentence ?? false,
      becomes: rule.becomes === undefined ? -1 : find(rule.becomes),
      why: rule.why,
    });
  }
  return out.map((list) => (list.length === 0 ? NO_SENSES : list));
}

const SEPARATOR_AND = new Set(['and', '&', '+', 'plus']);

const FULL_STOP = /[.!?;\n\r…]/;

/** Whether a context search goes on past this separator: "and" within a clause, anything but a stop in a sentence. */
function passes(source: string, unit: Token, sentence: boolean): boolean {
  const mark = source.slice(unit.start, unit.end);
  // A sentence here also ends at a turn ("…, then", "but"): what follows is another moment.
  return sentence
    ? !FULL_STOP.test(mark) && !unit.info.negationEnder
    : SEPARATOR_AND.has(mark.trim().toLowerCase());
}

function addContext(vocabulary: Vocabulary, units: readonly Token[], j: number, mask: number): number {
  const unit = units[j];
  if (unit === undefined || unit.kind !== 'word') return mask;
  let m = mask | unit.info.contexts;
  if (!unit.info.pairTail) return m;
  const prev = units[j - 1];
  if (prev !== undefined && prev.kind === 'word') {
    m |= vocabulary.contextPairs.get(`${prev.info.word} ${unit.info.word}`) ?? 0;
    const before = units[j - 2];
    // "go back out": a pair may have one word between ("back") so phrases stay short.
    if (before !== undefined && before.kind === 'word')
      m |= vocabulary.contextPairs.get(`${before.info.word} ${unit.info.word}`) ?? 0;
  }
  return m;
}

/**
 * Context bits around units [from, to]: in the clause, which extends across "and" but no other separator, or in
 * the sentence.
 */
function clauseContext(
  vocabulary: Vocabulary,
  source: string,
  units: readonly Token[],
  span: { readonly from: number; readonly to: number },
  sentence: boolean,
): number {
  const { from, to } = span;
  let mask = 0;
  for (let j = from; ; j--) {
    const unit = units[j];
    if (unit === undefined || (unit.kind === 'separator' && !passes(source, unit, sentence))) break;
    mask = addContext(vocabulary, units, j, mask);
  }
  for (let j = from + 1; ; j++) {
    const unit = units[j];
    if (unit === undefined || (j > to && unit.kind === 'separator' && !passes(source, unit, sentence))) break;
    mask = addContext(vocabulary, units, j, mask);
  }
  return mask;
}

/** Context bits in the `near` units right after `to`, within the clause. */
function nearContext(vocabulary: Vocabulary, units: readonly Token[], to: number, near: number): number {
  let mask = 0;
  for (let j = to + 1; j <= to + near; j++) {
    const unit = units[j];
    if (unit === undefined || unit.kind === 'separator') break;
    mask = addContext(vocabulary, units, j, mask);
  }
  return mask;
}

/**
 * The sense rule that applies to a match (units [at, matchedTo], with its object through `end`), or null. The
 * contexts are worked out at most once each, and only when a rule's words were used.
 */
export function senseOf(
  vocabulary: Vocabulary,
  source: string,
  units: readonly Token[],
  rules: readonly CompiledSense[] | undefined,
  match: { readonly at: number; readonly matchedTo: number; readonly end: number },
): CompiledSense | null {
  if (rules === undefined || rules.length === 0) return null;
  const { at, matchedTo, end } = match;
  let clause = -1;
  let sentence = -1;
  for (const rule of rules) {
    if (!usesRuleWord(rule, units, at, matchedTo)) continue;
    let ctx: number;
    if (rule.near > 0) ctx = nearContext(vocabulary, units, matchedTo, rule.near);
    else if (rule.sentence) {
      if (sentence < 0) sentence = clauseContext(vocabulary, source, units, { from: at, to: end }, true);
      ctx = sentence;
    } else {
      if (clause < 0) clause = clauseContext(vocabulary, source, units, { from: at, to: end }, false);
      ctx = clause;
    }
    if ((ctx & rule.context) !== 0) return rule;
  }
  return null;
}

/** Whether a rule's words include one the owner used in units [from, to]. */
function usesRuleWord(rule: CompiledSense, units: readonly Token[], from: number, to: number): boolean {
  if (rule.words === null) return true;
  for (let j = from; j <= to; j++) {
    const forms = units[j]?.info.forms ?? [];
    for (const form of forms) if (rule.words.has(form)) return true;
  }
  return false;
}

const KIND_BY_CODE: ReadonlyMap<number, SubjectKind> = new Map(
  (Object.entries(SUBJECT_CODES) as [SubjectKind, number][]).map(([k, v]) => [v, k]),
);

/** The subject kind for a SUBJECT_CODES value (the cat for anything unknown). */
export function subjectKind(code: number): SubjectKind {
  return KIND_BY_CODE.get(code) ?? 'cat';
}

/** Words that may lead a subject's noun phrase ("*my sister's* puppy", "*the other* cat"). */
const NOUN_LEADS = new Set([
  'the',
  'a',
  'an',
  'my',
  'our',
  'your',
  'his',
  'her',
  'their',
  'other',
  'another',
]);

/**
 * The subject as the owner wrote it, for the read-back: the noun with its leading words ("my sister's puppy")
 * and, for a cat noun with a following marker, what follows ("the cat next door").
 */
export function subjectText(source: string, units: readonly Token[], at: number, through: number): string {
  let from = at;
  for (let k = 0; k < 3; k++) {
    const prev = units[from - 1];
    if (prev === undefined || prev.kind !== 'word') break;
    if (!NOUN_LEADS.has(prev.info.word) && prev.info.subject === 0 && !prev.info.otherMarker) break;
    from--;
  }
  const first = units[from];
  const last = units[Math.max(at, through)];
  if (first === undefined || last === undefined) return '';
  return source.slice(first.start, last.end).replace(/\s+/g, ' ');
}

/** The read-back's few words on why a match was set aside. */
export function whyText(kind: Exclude<SubjectKind, 'cat'>, who: string): string {
  const words = who.replace(/^(?:my|our)\s/i, 'your ');
  return SUBJECT_WHY[kind].replace('{who}', words);
}

/** What an absorbed object adds to an entry (bolting *under the bed* is hiding too), by entry index. */
export interface ObjectSignal {
  readonly leads: ReadonlySet<string>;
  readonly adds: number;
}

/** OBJECT_SIGNALS by entry index (undefined where an entry has none). */
export function compiledObjectSignals(vocabulary: Vocabulary): readonly (ObjectSignal | undefined)[] {
  const index = new Map(vocabulary.entries.map((e, i) => [e.id, i]));
  const out: (ObjectSignal | undefined)[] = vocabulary.entries.map(() => undefined);
  for (const rule of OBJECT_SIGNALS) {
    const after = index.get(rule.after);
    const adds = index.get(rule.adds);
    if (after === undefined || adds === undefined) throw new Error(`object signal names an unknown signal`);
    out[after] = { leads: new Set(rule.leads), adds };
  }
  return out;
}

/** Sense rules ready for the parser, by entry index. */
export function compiledSenseRules(vocabulary: Vocabulary): readonly (readonly CompiledSense[])[] {
  return compileSenses(vocabulary, SENSE_RULES);
}
