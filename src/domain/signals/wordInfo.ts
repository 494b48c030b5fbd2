/** Everything the parser needs to know about one normalised word, worked out once per word. */
import { formsOf, NO_FORMS } from './typoIndex.js';
import type { Pattern, Vocabulary } from './vocabulary.js';

export interface WordInfo {
  /** The normalised word itself. */
  readonly word: string;
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
  /** Emoji that carry a signal: read only when nothing else in the clause says it (see signals.ts). */
  readonly emoji: boolean;
  /** Whose signal a clause reports when this word names its subject: a SUBJECT_CODES value, 0 for none. */
  readonly subject: number;
  readonly nominative: boolean;
  readonly catNoun: boolean;
  readonly otherMarker: boolean;
  readonly followingMarker: boolean;
  readonly clauseOpener: boolean;
  readonly perception: boolean;
  /** A verb ("-ed" or a common irregular one): a noun after it is an object. */
  readonly verb: boolean;
  readonly preposition: boolean;
  readonly catPossessive: boolean;
  /** CONTEXT_BITS this word sets on its clause. */
  readonly contexts: number;
  /** Whether it ends a two-word context ("go *out*"), so only those words pay for a pair lookup. */
  readonly pairTail: boolean;
  readonly postNegator: boolean;
  readonly negationCanceller: boolean;
  readonly listCloser: boolean;
  readonly negationEnder: boolean;
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
    word,
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
    emoji: word !== '' && !/^[\p{L}\p{N}]/u.test(word),
    subject: vocabulary.subjects.get(word) ?? 0,
    nominative: words.nominative.has(word),
    catNoun: words.catNouns.has(word),
    otherMarker: words.otherMarkers.has(word),
    followingMarker: words.followingMarkers.has(word),
    clauseOpener: words.clauseOpeners.has(word),
    perception: words.perception.has(word),
    verb: (word.length > 3 && word.endsWith('ed')) || words.verbWords.has(word),
    preposition: words.prepositions.has(word),
    catPossessive: words.catPossessives.has(word),
    contexts: vocabulary.contexts.get(word) ?? 0,
    pairTail: vocabulary.pairTails.has(word),
    postNegator: words.postNegators.has(word),
    negationCanceller: words.negationCancellers.has(word),
    listCloser: words.listClosers.has(word),
    negationEnder: words.negationEnders.has(word),
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
