/**
 * The vocabulary compiled for matching: each phrase of signalEntries.ts becomes a pattern of slots, indexed by
 * the words it may begin with, and every form it accepts goes into the typo index. Built once by a pure function
 * into a value nothing changes afterwards: the containers are frozen, while patterns, slots and their lists are
 * read-only by type only, because freezing them made the matcher's inner loop measurably slower (bench item 3).
 */
import { SIGNAL_ENTRIES, type SignalEntry } from './signalEntries.js';
import { buildTypoIndex, isFuzzyStem, type IndexedForm, type TypoIndex } from './typoIndex.js';
import { inflect } from './wordForms.js';
import {
  LIST_CLOSERS,
  LIST_NEGATORS,
  NEGATION_CANCELLERS,
  NEGATION_ENDERS,
  NEGATORS,
  POST_NEGATORS,
} from './negationScope.js';
import {
  CAT_NOUNS,
  CAT_POSSESSIVES,
  CLAUSE_OPENERS,
  CONTEXT_WORDS,
  FOLLOWING_MARKERS,
  NOMINATIVE_WORDS,
  OTHER_MARKERS,
  PERCEPTION_WORDS,
  PREPOSITIONS,
  SUBJECT_WORDS,
  VERB_WORDS,
  type SenseContext,
  type SubjectKind,
} from './readingRules.js';
import {
  EDGE_WORDS,
  FILLER_WORDS,
  NOT_TYPOS,
  OBJECT_LEADS,
  OBJECT_MODIFIERS,
  SEPARATOR_WORDS,
  VAGUE_WORDS,
  WEAK_WORDS,
} from './wordLists.js';

export interface Slot {
  readonly words: ReadonlySet<string>;
  readonly optional: boolean;
  /** Must follow the previous word directly ("took off", never "took the harness off"). */
  readonly adjacent: boolean;
}

export interface Pattern {
  /** Index of its entry in Vocabulary.entries. */
  readonly signal: number;
  /** Position among all patterns: between equally good matches, the earlier phrase wins. */
  readonly order: number;
  readonly slots: readonly Slot[];
}

/** The word lists of wordLists.ts, by what they are used for. */
export interface WordLists {
  readonly negators: readonly string[];
  readonly listNegators: readonly string[];
  readonly vague: readonly string[];
  readonly separators: readonly string[];
  readonly filler: readonly string[];
  readonly weak: readonly string[];
  readonly objectLeads: readonly string[];
  readonly objectModifiers: readonly string[];
  readonly edges: readonly string[];
  readonly notTypos: readonly string[];
  readonly postNegators: readonly string[];
  readonly negationCancellers: readonly string[];
  readonly listClosers: readonly string[];
  readonly negationEnders: readonly string[];
  readonly nominative: readonly string[];
  readonly catNouns: readonly string[];
  readonly otherMarkers: readonly string[];
  readonly followingMarkers: readonly string[];
  readonly clauseOpeners: readonly string[];
  readonly perception: readonly string[];
  readonly verbWords: readonly string[];
  readonly prepositions: readonly string[];
  readonly catPossessives: readonly string[];
}

/** The reading rules' keyed word lists (readingRules.ts). */
export interface ReadingLists {
  readonly subjects: Readonly<Record<SubjectKind, readonly string[]>>;
  readonly contexts: Readonly<Record<SenseContext, readonly string[]>>;
}

/** Subject kinds as small numbers, for WordInfo and the parser's loop; 0 is "no subject word". */
export const SUBJECT_CODES: Readonly<Record<SubjectKind, number>> = {
  cat: 1,
  joint: 2,
  owner: 3,
  person: 4,
  animal: 5,
  thing: 6,
};

/** One bit per sense context. */
export const CONTEXT_BITS: Readonly<Record<SenseContext, number>> = {
  weather: 1,
  light: 2,
  dark: 4,
  game: 8,
  hunting: 16,
  contentment: 32,
  wantingMore: 64,
  gear: 128,
  dressing: 256,
  surface: 512,
  pain: 1024,
};

export interface Vocabulary {
  readonly entries: readonly SignalEntry[];
  /** The patterns that may begin at a vocabulary form, in phrase order. */
  readonly patternsByStart: ReadonlyMap<string, readonly Pattern[]>;
  readonly typos: TypoIndex;
  /** The word lists as sets, for lookups. */
  readonly words: { readonly [K in keyof WordLists]: ReadonlySet<string> };
  /** The subject code (SUBJECT_CODES) a word names; the first kind listed wins. */
  readonly subjects: ReadonlyMap<string, number>;
  /** Context bits (CONTEXT_BITS) a single word sets. */
  readonly contexts: ReadonlyMap<string, number>;
  /** Context bits two words in a row set, keyed "first second". */
  readonly contextPairs: ReadonlyMap<string, number>;
  /** The second words of contextPairs. */
  readonly pairTails: ReadonlySet<string>;
}

function compileSlot(spec: string, negators: readonly string[], forms: IndexedForm[]): Slot {
  const optional = spec.endsWith('?');
  const adjacent = spec.startsWith('^');
  const words = new Set<string>();
  for (const alt of spec.slice(adjacent ? 1 : 0, optional ? -1 : undefined).split('|')) {
    if (alt === '@neg') {
      for (const n of negators) words.add(n);
      continue;
    }
    const base = alt.endsWith('*') ? alt.slice(0, -1) : alt;
    const fuzzyTarget = isFuzzyStem(base);
    for (const form of alt.endsWith('*') ? inflect(base) : [alt]) {
      words.add(form);
      forms.push({ form, fuzzyTarget });
    }
  }
  return { words, optional, adjacent };
}

/** Compiles the entries' phrases (and labels, which must read as themselves) with the word lists around them. */
export function buildVocabulary(
  entries: readonly SignalEntry[],
  lists: WordLists,
  reading: ReadingLists,
): Vocabulary {
  const forms: IndexedForm[] = [];
  const patternsByStart = new Map<string, Pattern[]>();
  let order = 0;
  entries.forEach((entry, signal) => {
    for (const phrase of [...entry.phrases, entry.label.toLowerCase().replace(/[^a-z ]+/g, ' ')]) {
      const slots = phrase
        .trim()
        .split(/\s+/)
        .map((spec) => compileSlot(spec, lists.negators, forms));
      const pattern: Pattern = { signal, order: order++, slots };
      // A match may begin at any slot up to and including the first required one.
      for (const slot of slots) {
        for (const w of slot.words) {
          const list = patternsByStart.get(w) ?? [];
          if (!list.includes(pattern)) list.push(pattern);
          patternsByStart.set(w, list);
        }
        if (!slot.optional) break;
      }
    }
  });
  // Negations and vague words are forms too (an @neg slot only sees forms), but never targets of typo guessing.
  for (const form of [...lists.negators, ...lists.vague]) forms.push({ form, fuzzyTarget: false });
  const subjects = new Map<string, number>();
  for (const [kind, words] of Object.entries(reading.subjects) as [SubjectKind, readonly string[]][])
    for (const w of words) if (!subjects.has(w)) subjects.set(w, SUBJECT_CODES[kind]);
  // "my flatmate's cat": the possessive is normalised to "flatmates", and names the same someone.
  for (const kind of ['person', 'animal', 'thing'] as const)
    for (const w of reading.subjects[kind])
      if (!subjects.has(`${w}s`)) subjects.set(`${w}s`, SUBJECT_CODES[kind]);
  const contexts = new Map<string, number>();
  const contextPairs = new Map<string, number>();
  for (const [kind, words] of Object.entries(reading.contexts) as [SenseContext, readonly string[]][]) {
    for (const w of words) {
      const target = w.includes('_') ? contextPairs : contexts;
      const key = w.replace('_', ' ');
      target.set(key, (target.get(key) ?? 0) | CONTEXT_BITS[kind]);
    }
  }
  return Object.freeze({
    entries,
    patternsByStart,
    typos: buildTypoIndex(forms, lists.notTypos),
    words: Object.freeze({
      negators: new Set(lists.negators),
      listNegators: new Set(lists.listNegators),
      vague: new Set(lists.vague),
      separators: new Set(lists.separators),
      filler: new Set(lists.filler),
      weak: new Set(lists.weak),
      objectLeads: new Set(lists.objectLeads),
      objectModifiers: new Set(lists.objectModifiers),
      edges: new Set(lists.edges),
      notTypos: new Set(lists.notTypos),
      postNegators: new Set(lists.postNegators),
      negationCancellers: new Set(lists.negationCancellers),
      listClosers: new Set(lists.listClosers),
      negationEnders: new Set(lists.negationEnders),
      nominative: new Set(lists.nominative),
      catNouns: new Set(lists.catNouns),
      otherMarkers: new Set(lists.otherMarkers),
      followingMarkers: new Set(lists.followingMarkers),
      clauseOpeners: new Set(lists.clauseOpeners),
      perception: new Set(lists.perception),
      verbWords: new Set(lists.verbWords),
      prepositions: new Set(lists.prepositions),
      catPossessives: new Set(lists.catPossessives),
    }),
    subjects,
    contexts,
    contextPairs,
    pairTails: new Set([...contextPairs.keys()].map((k) => k.slice(k.indexOf(' ') + 1))),
  });
}

/** What `/log` understands. */
export const VOCABULARY: Vocabulary = buildVocabulary(
  SIGNAL_ENTRIES,
  {
    negators: NEGATORS,
    listNegators: LIST_NEGATORS,
    vague: VAGUE_WORDS,
    separators: SEPARATOR_WORDS,
    filler: FILLER_WORDS,
    weak: WEAK_WORDS,
    objectLeads: OBJECT_LEADS,
    objectModifiers: OBJECT_MODIFIERS,
    edges: EDGE_WORDS,
    notTypos: NOT_TYPOS,
    postNegators: POST_NEGATORS,
    negationCancellers: NEGATION_CANCELLERS,
    listClosers: LIST_CLOSERS,
    negationEnders: NEGATION_ENDERS,
    nominative: NOMINATIVE_WORDS,
    catNouns: CAT_NOUNS,
    otherMarkers: OTHER_MARKERS,
    followingMarkers: FOLLOWING_MARKERS,
    clauseOpeners: CLAUSE_OPENERS,
    perception: PERCEPTION_WORDS,
    verbWords: VERB_WORDS,
    prepositions: PREPOSITIONS,
    catPossessives: CAT_POSSESSIVES,
  },
  { subjects: SUBJECT_WORDS, contexts: CONTEXT_WORDS },
);
