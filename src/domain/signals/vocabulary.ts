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
  EDGE_WORDS,
  FILLER_WORDS,
  LIST_NEGATORS,
  NEGATORS,
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
}

export interface Vocabulary {
  readonly entries: readonly SignalEntry[];
  /** The patterns that may begin at a vocabulary form, in phrase order. */
  readonly patternsByStart: ReadonlyMap<string, readonly Pattern[]>;
  readonly typos: TypoIndex;
  /** The word lists as sets, for lookups. */
  readonly words: { readonly [K in keyof WordLists]: ReadonlySet<string> };
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
export function buildVocabulary(entries: readonly SignalEntry[], lists: WordLists): Vocabulary {
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
    }),
  });
}

/** What `/log` understands. */
export const VOCABULARY: Vocabulary = buildVocabulary(SIGNAL_ENTRIES, {
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
});
