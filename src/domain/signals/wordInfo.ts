/** Everything the parser needs to know about one normalised word, worked out once per word. */
import { formsOf, NO_FORMS } from './typoIndex.js';
import type { Pattern, Vocabulary } from './vocabulary.js';

export interface WordInfo {
  /** The vocabulary forms it stands for (itself, or what its typo meant). */
  readonly forms: readonly string[];
  /** Phrases that may begin at this word. */
  readonly starts: readonly Pattern[];
  readonly separator: boolean;
  readonly negator: boolean;
  readonly listNegator: boolean;
  readonly vague: boolean;
  readonly filler: boolean;
  readonly weak: boolean;
  readonly edge: boolean;
  /** "on"/"in" end a phrase fine ("harness on"), so they are only trimmed from the start of a run. */
  readonly particle: boolean;
  readonly objectLead: boolean;
  readonly objectModifier: boolean;
}

/** The facts about `word` (normalised: lowercase, no accents or apostrophes) in a vocabulary. */
export function describeWord(vocabulary: Vocabulary, word: string): WordInfo {
  const { words } = vocabulary;
  const separator = words.separators.has(word);
  const forms = separator ? NO_FORMS : formsOf(vocabulary.typos, word);
  const starts: Pattern[] = [];
  for (const form of forms) {
    for (const pattern of vocabulary.patternsByStart.get(form) ?? [])
      if (!starts.includes(pattern)) starts.push(pattern);
  }
  return {
    forms,
    starts,
    separator,
    negator: words.negators.has(word),
    listNegator: words.listNegators.has(word),
    vague: words.vague.has(word),
    filler: words.filler.has(word),
    weak: words.weak.has(word),
    edge: words.edges.has(word),
    particle: word === 'on' || word === 'in',
    objectLead: words.objectLeads.has(word),
    objectModifier: words.objectModifiers.has(word) || /^\d/.test(word),
  };
}

const CACHE_MAX = 8192;

/** How the tokeniser learns about words. */
export interface WordLookup {
  /** The facts about a normalised word. */
  readonly describe: (word: string) => WordInfo;
  /**
   * What punctuation and symbols carry: nothing. Made by describeWord like every other WordInfo, so all of them
   * share one shape and the matcher's property reads stay fast.
   */
  readonly notAWord: WordInfo;
}

/** describeWord with a memo, as owners repeat the same few words; bounded (cleared when full) and private to it. */
export function createWordLookup(vocabulary: Vocabulary): WordLookup {
  const cache = new Map<string, WordInfo>();
  const describe = (word: string): WordInfo => {
    let info = cache.get(word);
    if (info === undefined) {
      info = describeWord(vocabulary, word);
      if (cache.size >= CACHE_MAX) cache.clear();
      cache.set(word, info);
    }
    return info;
  };
  return Object.freeze({ describe, notAWord: describeWord(vocabulary, '') });
}
