/**
 * Negation scope, as data: which words negate, how far a negation reaches and what ends it. signals.ts walks a
 * log with these; vocabulary.ts turns the lists into per-word facts once at module load.
 *
 * The reach, in words:
 * - a negation runs to the end of its clause ("no growling whatsoever", "didn't so much as hiss");
 * - a full stop, "but", "then" and their kin always end it ("no hissing but ears flat");
 * - a comma ends it, unless a short list follows that is closed by "or"/"nor" ("no hissing, growling or
 *   swatting"); "no hissing, ears flat" keeps the flat ears;
 * - "and" ends a verb's negation ("didn't hiss and purred") but a list negator ("no", "zero", "without") reaches
 *   across it ("no hissing and growling"), unless a new subject starts there ("no hissing and she purred");
 * - a signal followed by "none", "nil" or "0" is negated too ("escape attempts: 0");
 * - "couldn't stop" / "never stopped" undo the negation: "couldn't stop purring" is purring.
 */

/** Words that negate what follows them. */
export const NEGATORS: readonly string[] = [
  'no',
  'not',
  'never',
  'without',
  'didnt',
  'doesnt',
  'dont',
  'wasnt',
  'werent',
  'isnt',
  'arent',
  'hasnt',
  'havent',
  'hadnt',
  'cant',
  'cannot',
  'couldnt',
  'wouldnt',
  'wont',
  'shouldnt',
  'nor',
  'neither',
  'zero',
  'nope',
  'nah',
  'none',
  'nothing',
  'aint',
  'didn',
  'dint',
  'dnt',
  'wasn',
];

/** Negators that name an absence rather than a verb, so they reach across "and" ("no hissing and growling"). */
export const LIST_NEGATORS: readonly string[] = [
  'no',
  'without',
  'zero',
  'nor',
  'neither',
  'none',
  'nothing',
];

/** Words after a signal that negate it ("hissing: none", "escape attempts 0"). */
export const POST_NEGATORS: readonly string[] = ['none', 'nil', 'nada', 'zilch', 'zip', '0', 'nope'];

/** Right after a negator, these turn it around: "couldn't stop purring", "never stopped sniffing". */
export const NEGATION_CANCELLERS: readonly string[] = ['stop', 'stopped', 'stopping', 'quit'];

/** Words that close a short list the negation reaches across ("no hissing, growling *or* swatting"). */
export const LIST_CLOSERS: readonly string[] = ['or', 'nor'];

/** A list item between commas longer than this many words is a new clause, not a list item. */
export const LIST_ITEM_MAX_WORDS = 3;

/**
 * Separator words that always end a negation (punctuation other than a comma does too). "and"/"plus" are not
 * here: their reach depends on the negator (see above).
 */
export const NEGATION_ENDERS: readonly string[] = [
  'then',
  'but',
  'though',
  'although',
  'afterwards',
  'however',
  'whereas',
  // Words, not separators, that turn to what did happen: "no swatting, no biting, just a bit of grumbling".
  'just',
  'only',
  'instead',
];

/** "never seen her *so* relaxed", "never been *this* calm": a negated seeing or being that praises. */
export const NEGATION_TURNAROUNDS = {
  verbs: ['seen', 'been'],
  words: ['so', 'such', 'this', 'that'],
} as const;
