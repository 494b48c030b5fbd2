/**
 * The free-text signal parser behind `/log`: owners type the way they talk ("airplane ears, then he went full
 * Houdini"), with typos, and we read it back as graded signals and wins. Whatever we cannot read stays as a note.
 *
 * Everything heavy (word forms, typo indexes, phrase patterns) is compiled once at module load, so a call is a
 * tokenise + a few map lookups per word.
 */
import { editDistance } from './editDistance.js';
import type { Severity } from './severity.js';
import { LIST_NEGATORS, NEGATORS, SIGNAL_ENTRIES, VAGUE_WORDS } from './signalVocabulary.js';
import { STAGE_IDS, STAGE_RULES, type StageId } from './stages.js';

export interface SignalDef {
  readonly id: string;
  readonly label: string;
  readonly severity: Severity;
}

export interface RecognisedItem {
  readonly id: string;
  readonly label: string;
  readonly severity: Severity;
  /** True when the stage expects this signal: shown, but not counted as stress. */
  readonly expected: boolean;
  /** Indexes into the original text. */
  readonly span: { readonly start: number; readonly end: number };
  /** The original words, `text.slice(span.start, span.end)`. */
  readonly text: string;
}

export interface ParsedLog {
  readonly items: readonly RecognisedItem[];
  readonly note: string;
}

/** Only this much of a log is read; the rest is ignored (Discord caps input anyway). */
export const MAX_PARSED_CHARS = 2000;

/** The whole vocabulary, in severity groups (mild, moderate, severe, wins, pain). */
export const SIGNALS: readonly SignalDef[] = Object.freeze(
  SIGNAL_ENTRIES.map(({ id, label, severity }) => Object.freeze({ id, label, severity })),
);

const SIGNAL_BY_ID: ReadonlyMap<string, SignalDef> = new Map(SIGNALS.map((s) => [s.id, s]));

/** The vocabulary entry for an id, if there is one. */
export function signalById(id: string): SignalDef | undefined {
  return SIGNAL_BY_ID.get(id);
}

// ---------------------------------------------------------------------------------------------------------------
// Word lists used around the phrases

const SEPARATOR_WORDS = new Set([
  'and',
  'then',
  'but',
  'though',
  'although',
  'plus',
  'afterwards',
  'however',
  'whereas',
]);

/** Dropped from the note wherever they stand: they carry nothing the owner needs read back. */
const FILLER = new Set([
  ...SEPARATOR_WORDS,
  'he',
  'she',
  'they',
  'hes',
  'shes',
  'theyre',
  'today',
  'tonight',
  'also',
  'really',
  'very',
  'quite',
  'super',
  'totally',
  'completely',
  'fully',
  'just',
  'kinda',
  'sorta',
  'lol',
  'haha',
  'omg',
  'ok',
  'okay',
  'too',
  'even',
  'briefly',
  'slightly',
  'somewhat',
  'maybe',
  'so',
  'was',
  'were',
  'is',
  'are',
  'am',
  'be',
  'been',
  'being',
  'seemed',
  'seems',
  'seem',
  'did',
  'does',
  'do',
  'had',
  'has',
  'have',
  'got',
  'definitely',
  'literally',
  'actually',
  'basically',
  'immediately',
  'instantly',
  'finally',
  'eventually',
  'quickly',
  'happily',
  'again',
]);

/** Small words that only make a note when something else is there too ("at me" alone says nothing). */
const WEAK = new Set([
  'the',
  'a',
  'an',
  'at',
  'to',
  'me',
  'my',
  'of',
  'for',
  'with',
  'on',
  'in',
  'it',
  'its',
  'his',
  'her',
  'him',
  'them',
  'their',
  'our',
  'your',
  'all',
  'any',
  'once',
  'some',
  'there',
  'here',
  'this',
  'that',
  'these',
  'those',
  'one',
  'i',
  'we',
  'us',
  'you',
  'bit',
  'little',
  'lot',
  'much',
  'many',
  'as',
  'like',
  'by',
  'from',
  'into',
  'about',
  'around',
  'out',
  'up',
  'down',
  'over',
  'off',
  'away',
  'back',
  'while',
  'when',
  'during',
  'or',
  'nor',
  'time',
  'times',
  'session',
  'cat',
  'kitty',
  'kitten',
  'more',
  'less',
  'well',
  'now',
  'still',
  'way',
  'sort',
  'kind',
  'whole',
  'entire',
  'everything',
  'everywhere',
  'again',
  'along',
  'full',
]);

/** Words that may follow a verb as its object and are understood with it ("sniffed *the grass*"). */
const OBJECT_LEADS = new Set([
  'the',
  'a',
  'an',
  'at',
  'on',
  'in',
  'into',
  'onto',
  'to',
  'with',
  'under',
  'behind',
  'around',
  'near',
  'by',
  'over',
  'through',
  'from',
  'of',
  'for',
  'towards',
  'toward',
  'his',
  'her',
  'my',
  'their',
  'its',
  'our',
  'your',
  'some',
  'all',
  'every',
  'each',
  'any',
  'this',
  'that',
  'those',
  'these',
  'like',
  'me',
  'him',
  'them',
  'us',
  'it',
  'everything',
  'everywhere',
  'about',
  'outside',
  'along',
]);
/** Words allowed before the object's noun ("the *new* harness", "for *five* minutes"). */
const OBJECT_MODIFIERS = new Set(
  `new whole entire big little tall long wet fresh green front old empty same other living dining spare few couple several one two three four
  five six seven eight nine ten fifteen twenty thirty`.split(/\s+/),
);

/** Small linking words trimmed from the edges of a leftover run ("a minute *of*"). Pronouns stay ("next to it"). */
const EDGE_WORDS = new Set(
  `a an the of to at for with in on by from into onto as like while when during until before after or nor some any all
  very full`.split(/\s+/),
);

const NEGATOR_SET = new Set(NEGATORS);
const LIST_NEGATOR_SET = new Set(LIST_NEGATORS);
const VAGUE_SET = new Set(VAGUE_WORDS);

// ---------------------------------------------------------------------------------------------------------------
// Word forms

/** Runs of one letter become one ("hisssed" → "hised"), so stretched and doubled spellings meet. */
function collapseRuns(word: string): string {
  let out = '';
  let prev = '';
  for (const ch of word) {
    if (ch !== prev) out += ch;
    prev = ch;
  }
  return out;
}

/** `word*` accepts the usual inflections. Where English is irregular both spellings go in ("swivelled"/"swiveled"). */
function inflect(word: string): string[] {
  const forms = [word];
  const stem = word.endsWith('e') && !word.endsWith('ee') ? word.slice(0, -1) : word;
  if (/(?:s|sh|ch|x|z)$/.test(word)) forms.push(`${word}es`);
  else if (/[^aeiou]y$/.test(word)) forms.push(`${word.slice(0, -1)}ies`, `${word.slice(0, -1)}ied`);
  else forms.push(`${word}s`);
  if (word.endsWith('c')) forms.push(`${word}ked`, `${word}king`);
  forms.push(word.endsWith('e') ? `${word}d` : `${word}ed`, `${stem}ing`);
  if (/(?:^|[^aeiou])[aeiou][bdglmnprt]$/.test(word)) {
    const last = word.slice(-1);
    forms.push(`${word}${last}ed`, `${word}${last}ing`);
  }
  return forms;
}

interface Slot {
  readonly words: ReadonlySet<string>;
  readonly optional: boolean;
  /** Must follow the previous word directly ("took off", never "took the harness off"). */
  readonly adjacent: boolean;
}

interface Pattern {
  readonly signal: number;
  readonly order: number;
  readonly slots: readonly Slot[];
}

const MAX_GAP = 2;
/** Edit-distance typo matching only for words this long (after collapsing runs): short words collide too easily. */
const FUZZY_MIN = 6;
const NO_MATCH = -1e9;

const FORMS = new Set<string>();
const BY_COLLAPSED = new Map<string, string[]>();
const BY_DELETION = new Map<string, string[]>();
const PATTERNS_BY_START = new Map<string, Pattern[]>();

function addTo(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else if (!list.includes(value)) list.push(value);
}

/** Collapsed forms that edit-distance typos may land on: only forms of longer words ("explore", not "bite"). */
const FUZZY_TARGETS = new Set<string>();

function addForm(form: string, fuzzyTarget: boolean): void {
  const collapsed = collapseRuns(form);
  if (fuzzyTarget && collapsed.length >= FUZZY_MIN && !FUZZY_TARGETS.has(collapsed)) {
    FUZZY_TARGETS.add(collapsed);
    for (let i = 0; i < collapsed.length; i++)
      addTo(BY_DELETION, collapsed.slice(0, i) + collapsed.slice(i + 1), collapsed);
  }
  if (FORMS.has(form)) return;
  FORMS.add(form);
  addTo(BY_COLLAPSED, collapsed, form);
}

function compileSlot(spec: string): Slot {
  const optional = spec.endsWith('?');
  const adjacent = spec.startsWith('^');
  const words = new Set<string>();
  for (const alt of spec.slice(adjacent ? 1 : 0, optional ? -1 : undefined).split('|')) {
    if (alt === '@neg') {
      for (const n of NEGATORS) words.add(n);
      continue;
    }
    const base = alt.endsWith('*') ? alt.slice(0, -1) : alt;
    const forms = alt.endsWith('*') ? inflect(base) : [alt];
    const fuzzyTarget = collapseRuns(base.replace(/(?:ing|ed|es|s|ly|y)$/, '')).length >= FUZZY_MIN;
    for (const f of forms) {
      words.add(f);
      addForm(f, fuzzyTarget);
    }
  }
  return { words, optional, adjacent };
}

let patternCount = 0;
SIGNAL_ENTRIES.forEach((entry, signal) => {
  for (const phrase of [...entry.phrases, entry.label.toLowerCase().replace(/[^a-z ]+/g, ' ')]) {
    const slots = phrase.trim().split(/\s+/).map(compileSlot);
    const pattern: Pattern = { signal, order: patternCount++, slots };
    // A match may begin at any slot up to and including the first required one.
    for (const slot of slots) {
      for (const w of slot.words) {
        const list = PATTERNS_BY_START.get(w) ?? [];
        if (!list.includes(pattern)) list.push(pattern);
        PATTERNS_BY_START.set(w, list);
      }
      if (!slot.optional) break;
    }
  }
});
for (const w of [...NEGATORS, ...VAGUE_WORDS]) addForm(w, false);

/**
 * Real words one edit away from a vocabulary word ("growing" vs "growling", "shuffled" vs "snuffled"): never
 * typo-corrected. Found by running every word of an English dictionary through parseLog; redo that when the
 * vocabulary grows.
 */
const NOT_TYPOS: ReadonlySet<string> = new Set(
  `growing pouring hiking liking liked riding paying praying placed plated scared shared stored stated
  starred staying explode explodes exploded exploding insect insects patron patrons petrol payroll child consent
  consented contend contended contest contested context convent pounded pounding couched couching crotch hanker hankered
  hankering hunger hungers hungered hunter hunters varnish varnished varnishing squire squired squirt squirts squirted
  squirting straggle straggled straggling thresh threshed thrush trashed trashing states stating stature status statute
  statutes recreated recreating retread scrabble scrabbled scuffle scuffled scuffling shuffle shuffled shuffling souffle shrink
  shrinks shrinking squeak squeaks squeaked squeaking squall squalls stillness stifle stifles`.split(/\s+/),
);

// ---------------------------------------------------------------------------------------------------------------
// Typos

const EMPTY: readonly string[] = Object.freeze([]);
const ASCII_LETTERS = /^[a-z]+$/;

function fuzzyForms(collapsed: string): readonly string[] {
  let found: string[] | undefined;
  const consider = (candidate: string): void => {
    if (
      !FUZZY_TARGETS.has(candidate) ||
      candidate[0] !== collapsed[0] ||
      editDistance(collapsed, candidate, 1) > 1
    )
      return;
    for (const form of BY_COLLAPSED.get(candidate) ?? EMPTY) {
      found ??= [];
      if (!found.includes(form)) found.push(form);
    }
  };
  for (const c of BY_DELETION.get(collapsed) ?? EMPTY) consider(c);
  for (let i = 0; i < collapsed.length; i++) {
    const shorter = collapsed.slice(0, i) + collapsed.slice(i + 1);
    consider(shorter);
    for (const c of BY_DELETION.get(shorter) ?? EMPTY) consider(c);
  }
  return found ?? EMPTY;
}

/** The vocabulary forms a normalised word stands for: itself, or what its typo most likely meant. */
function computeForms(word: string): readonly string[] {
  if (FORMS.has(word)) return [word];
  if (word.length > 30 || !ASCII_LETTERS.test(word) || NOT_TYPOS.has(word)) return EMPTY;
  const collapsed = collapseRuns(word);
  // Short words only count as typos when visibly stretched ("hisss"), so "his" never reads as "hiss".
  if (collapsed.length >= 5 || collapsed.length < word.length) {
    const hit = BY_COLLAPSED.get(collapsed);
    if (hit) return hit;
  }
  if (collapsed.length >= 4 && /[^aeiou]d$/.test(collapsed)) {
    const hit = BY_COLLAPSED.get(`${collapsed.slice(0, -1)}ed`); // "purrd", "explord"
    if (hit) return hit;
  }
  return collapsed.length >= FUZZY_MIN ? fuzzyForms(collapsed) : EMPTY;
}

/** Everything the parser needs to know about one normalised word, worked out once. */
interface WordInfo {
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

function describeWord(word: string): WordInfo {
  const separator = SEPARATOR_WORDS.has(word);
  const forms = separator ? EMPTY : computeForms(word);
  const starts: Pattern[] = [];
  for (const form of forms) {
    for (const pattern of PATTERNS_BY_START.get(form) ?? [])
      if (!starts.includes(pattern)) starts.push(pattern);
  }
  return {
    forms,
    starts,
    separator,
    negator: NEGATOR_SET.has(word),
    listNegator: LIST_NEGATOR_SET.has(word),
    vague: VAGUE_SET.has(word),
    filler: FILLER.has(word),
    weak: WEAK.has(word),
    edge: EDGE_WORDS.has(word),
    particle: word === 'on' || word === 'in',
    objectLead: OBJECT_LEADS.has(word),
    objectModifier: OBJECT_MODIFIERS.has(word) || /^\d/.test(word),
  };
}

/** Owners repeat the same few words, so word facts are memoised (bounded: cleared when full). */
const WORD_CACHE = new Map<string, WordInfo>();
const WORD_CACHE_MAX = 8192;

function wordInfo(word: string): WordInfo {
  let info = WORD_CACHE.get(word);
  if (info === undefined) {
    info = describeWord(word);
    if (WORD_CACHE.size >= WORD_CACHE_MAX) WORD_CACHE.clear();
    WORD_CACHE.set(word, info);
  }
  return info;
}

// ---------------------------------------------------------------------------------------------------------------
// Tokens

const enum Kind {
  Word,
  Separator,
  Other,
}

interface Token {
  readonly kind: Kind;
  /** Position among all tokens. */
  readonly index: number;
  readonly start: number;
  readonly end: number;
  /** Facts about the word (lowercase, accents and apostrophes removed); NOT_A_WORD for the rest. */
  readonly info: WordInfo;
}

/** Whitespace, control characters and bidi overrides: never part of a note. */
const BLANKS = /[\s\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]+/gu;
const MARKS = /\p{M}+/gu;
const NON_ASCII = /[^\p{ASCII}]/u;
const APOSTROPHES = /['’]/g;
const WORD_START = /^[\p{L}\p{N}]$/u;
const WORD_PART = /^[\p{L}\p{M}\p{N}]$/u;
const BLANK = /^[\s\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]$/u;
/** Punctuation that ends a clause. All single UTF-16 code units, so indexing by code unit is safe here. */
const SEPARATOR_CHARS: ReadonlySet<number> = (() => {
  const chars = ',;.!?:\n\r&+|/()[]{}…—–';
  const codes = new Set<number>();
  for (let i = 0; i < chars.length; i++) codes.add(chars.charCodeAt(i));
  return codes;
})();
const APOSTROPHE = 39;
const RIGHT_QUOTE = 0x2019;

function normaliseWord(raw: string): string {
  let word = raw.toLowerCase();
  if (NON_ASCII.test(word)) word = word.normalize('NFKD').replace(MARKS, '');
  return word.replace(APOSTROPHES, '');
}

function isAsciiAlnum(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Length in UTF-16 units of the code point at i. */
function codePointLength(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return c >= 0xd800 && c <= 0xdbff && i + 1 < text.length ? 2 : 1;
}

/**
 * Words (letters, digits, inner apostrophes, combining marks), decimal numbers ("2.5"), runs of separator
 * punctuation, and any other visible character as a one-character token. A hand-written scanner: plain ASCII,
 * the usual case, never touches a regex.
 */
function tokenise(text: string): Token[] {
  const tokens: Token[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    const start = i;
    if (isAsciiAlnum(c) || (c >= 128 && WORD_START.test(text.slice(i, i + codePointLength(text, i))))) {
      if (isDigit(c)) {
        while (i < n && isDigit(text.charCodeAt(i))) i++;
        while (
          i + 1 < n &&
          SEPARATOR_CHARS.has(text.charCodeAt(i)) &&
          text[i] !== ';' &&
          isDigit(text.charCodeAt(i + 1))
        ) {
          const mark = text.charCodeAt(i);
          if (mark !== 46 && mark !== 44 && mark !== 58) break; // . , :
          i++;
          while (i < n && isDigit(text.charCodeAt(i))) i++;
        }
      }
      let plain = true;
      let end = i;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (isAsciiAlnum(d)) {
          if (d <= 90 && d >= 65) plain = false;
          i++;
          end = i;
        } else if (d === APOSTROPHE || d === RIGHT_QUOTE) {
          plain = false;
          i++;
        } else if (d >= 128 && WORD_PART.test(text.slice(i, i + codePointLength(text, i)))) {
          plain = false;
          i += codePointLength(text, i);
          end = i;
        } else break;
      }
      i = end; // trailing apostrophes are quotes, not part of the word
      const raw = text.slice(start, end);
      const info = wordInfo(plain ? raw : normaliseWord(raw));
      tokens.push({
        kind: info.separator ? Kind.Separator : Kind.Word,
        index: tokens.length,
        start,
        end,
        info,
      });
    } else if (SEPARATOR_CHARS.has(c)) {
      while (i < n && SEPARATOR_CHARS.has(text.charCodeAt(i))) i++;
      tokens.push({ kind: Kind.Separator, index: tokens.length, start, end: i, info: NOT_A_WORD });
    } else {
      i += codePointLength(text, i);
      if (c === 32 || c === 9 || (c >= 128 || c < 32 || c === 127 ? BLANK.test(text.slice(start, i)) : false))
        continue;
      tokens.push({ kind: Kind.Other, index: tokens.length, start, end: i, info: NOT_A_WORD });
    }
  }
  return tokens;
}

const NOT_A_WORD: WordInfo = describeWord('');

// ---------------------------------------------------------------------------------------------------------------
// Matching: `units` are the words and separators (other symbols such as `*` or emoji are transparent).

function slotAccepts(slot: Slot, unit: Token): boolean {
  const forms = unit.info.forms;
  for (let f = 0; f < forms.length; f++) if (slot.words.has(forms[f] ?? '')) return true;
  return false;
}

/** Best end of `pattern` from slot k, scored end*64 − skipped words (longer first, then tighter). */
function matchFrom(
  units: readonly Token[],
  pattern: Pattern,
  k: number,
  pos: number,
  lastEnd: number,
  gaps: number,
): number {
  if (k === pattern.slots.length) return lastEnd < 0 ? NO_MATCH : lastEnd * 64 - gaps;
  const slot = pattern.slots[k];
  if (slot === undefined) return NO_MATCH;
  let best = slot.optional ? matchFrom(units, pattern, k + 1, pos, lastEnd, gaps) : NO_MATCH;
  const maxGap = lastEnd < 0 || slot.adjacent ? 0 : MAX_GAP;
  for (let g = 0; g <= maxGap; g++) {
    const unit = units[pos + g];
    if (unit === undefined || unit.kind === Kind.Separator) break;
    if (slotAccepts(slot, unit)) {
      const score = matchFrom(units, pattern, k + 1, pos + g + 1, pos + g, gaps + g);
      if (score > best) best = score;
    }
    if (unit.info.negator) break; // never skip over a "not"
  }
  return best;
}

const SIGNAL_BITS = 1024;

/** The best phrase starting at unit `at`, as end * SIGNAL_BITS + signal index; -1 for none. */
function bestMatchAt(units: readonly Token[], at: number): number {
  const unit = units[at];
  if (unit === undefined || unit.info.starts.length === 0) return -1;
  let bestScore = NO_MATCH;
  let bestOrder = Infinity;
  let bestSignal = -1;
  for (const pattern of unit.info.starts) {
    const score = matchFrom(units, pattern, 0, at, -1, 0);
    if (score > bestScore || (score === bestScore && score !== NO_MATCH && pattern.order < bestOrder)) {
      bestScore = score;
      bestOrder = pattern.order;
      bestSignal = pattern.signal;
    }
  }
  return bestSignal < 0 ? -1 : Math.floor((bestScore + 63) / 64) * SIGNAL_BITS + bestSignal;
}

/** After a verb, "the grass" / "at me" / "under the bed" are understood with it. */
function absorbObject(units: readonly Token[], end: number): number {
  let j = end + 1;
  let leads = 0;
  for (;;) {
    const unit = units[j];
    if (unit === undefined || leads >= 3 || !unit.info.objectLead || bestMatchAt(units, j) >= 0) break;
    leads++;
    j++;
  }
  if (leads === 0) return end;
  let last = j - 1;
  for (let words = 0; words < 2; words++) {
    const unit = units[j];
    if (unit === undefined || unit.kind === Kind.Separator || unit.info.negator) break;
    // "melted into a puddle": the next signal keeps its own words.
    if (bestMatchAt(units, j) >= 0) return words === 0 ? end : last;
    last = j;
    j++;
    if (!unit.info.objectModifier) break;
  }
  return last;
}

// ---------------------------------------------------------------------------------------------------------------
// parseLog

const EXPECTED_BY_STAGE: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  STAGE_IDS.map((stage) => [stage, new Set(STAGE_RULES[stage].expectedSignals)]),
);
const NO_EXPECTED: ReadonlySet<string> = new Set();

const EDGE_MARKUP = /^[\s*_~`|>-]+|[\s*_~`|>-]+$/g;

/**
 * One leftover run of tokens [from, to] for the note, trimmed of filler and linking words at its edges; '' when
 * only small words ("at me") remain.
 */
function notePiece(text: string, tokens: readonly Token[], from: number, to: number): string {
  const trimmable = (t: Token | undefined, atEnd: boolean): boolean =>
    t !== undefined &&
    t.kind === Kind.Word &&
    (t.info.filler || (t.info.edge && !(atEnd && t.info.particle)));
  while (from <= to && trimmable(tokens[from], false)) from++;
  while (to >= from && trimmable(tokens[to], true)) to--;
  let meaningful = false;
  for (let i = from; i <= to && !meaningful; i++) {
    const t = tokens[i];
    if (t !== undefined && t.kind === Kind.Word && !t.info.weak && !t.info.filler) meaningful = true;
  }
  const first = tokens[from];
  const last = tokens[to];
  if (!meaningful || first === undefined || last === undefined) return '';
  return text.slice(first.start, last.end).replace(BLANKS, ' ').replace(EDGE_MARKUP, '');
}

/** The note: the leftover runs of words once signals, their objects and negations are taken out. */
function buildNote(text: string, tokens: readonly Token[], understood: Uint8Array): string {
  let note = '';
  let runStart = -1;
  for (let i = 0; i <= tokens.length; i++) {
    const token = tokens[i];
    const breaks = token === undefined || token.kind === Kind.Separator || understood[i] === 1;
    if (!breaks) {
      if (runStart < 0) runStart = i;
      continue;
    }
    if (runStart >= 0) {
      const piece = notePiece(text, tokens, runStart, i - 1);
      runStart = -1;
      if (piece === '') continue;
      const longer = note === '' ? piece : `${note}, ${piece}`;
      // Joining with ", " can outgrow the text ("a,b,c…"); keep the note within the same cap as the input.
      if (longer.length > MAX_PARSED_CHARS) return `${note.slice(0, MAX_PARSED_CHARS - 1)}…`;
      note = longer;
    }
  }
  return note;
}

/** Reads an owner's free text log into graded signals and wins; what is not understood is kept as the note. */
export function parseLog(text: string, stage: StageId): ParsedLog {
  const source = text.length > MAX_PARSED_CHARS ? text.slice(0, MAX_PARSED_CHARS) : text;
  const tokens = tokenise(source);
  const units: Token[] = [];
  for (const token of tokens) if (token.kind !== Kind.Other) units.push(token);

  const expectedIds = EXPECTED_BY_STAGE.get(stage) ?? NO_EXPECTED;
  const understood = new Uint8Array(tokens.length);
  const markUnits = (from: number, to: number): void => {
    const last = units[to]?.index ?? -1;
    for (let t = units[from]?.index ?? 0; t <= last; t++) understood[t] = 1;
  };
  const items: RecognisedItem[] = [];
  const seen = new Set<string>();
  let negatorAt = -1;
  let listNegation = false;

  for (let i = 0; i < units.length;) {
    const unit = units[i];
    if (unit === undefined) break;
    if (unit.kind === Kind.Separator) {
      // A comma, "but", "then" end a negation; "and" only ends a verb's ("didn't hiss and purred").
      const isAnd = source.slice(unit.start, unit.end).toLowerCase() === 'and';
      if (negatorAt >= 0 && !(listNegation && isAnd)) negatorAt = -1;
      i++;
      continue;
    }
    const match = bestMatchAt(units, i);
    if (match >= 0) {
      const end = absorbObject(units, Math.floor(match / SIGNAL_BITS));
      markUnits(i, end);
      // A phrase that carries its own "not" ("won't eat") is not negated again by an earlier one.
      if (negatorAt >= 0 && !unit.info.negator) {
        markUnits(negatorAt, negatorAt);
      } else {
        const entry = SIGNAL_ENTRIES[match % SIGNAL_BITS];
        const span = { start: unit.start, end: units[end]?.end ?? unit.end };
        if (entry && !seen.has(entry.id)) {
          seen.add(entry.id);
          items.push({
            id: entry.id,
            label: entry.label,
            severity: entry.severity,
            expected: expectedIds.has(entry.id),
            span,
            text: source.slice(span.start, span.end),
          });
        }
      }
      i = end + 1;
      continue;
    }
    if (unit.info.negator) {
      negatorAt = i;
      listNegation = unit.info.listNegator;
    } else if (negatorAt >= 0 && unit.info.vague) {
      markUnits(negatorAt, negatorAt);
      markUnits(i, i);
    }
    i++;
  }

  return { items, note: buildNote(source, tokens, understood) };
}

// ---------------------------------------------------------------------------------------------------------------
// suggestSignals

interface SuggestInfo {
  readonly def: SignalDef;
  readonly label: string;
  readonly id: string;
  readonly words: readonly string[];
  readonly collapsedWords: readonly string[];
}

function normaliseFragment(fragment: string): string {
  return normaliseWord(fragment.slice(0, 100))
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const SUGGEST_INFO: readonly SuggestInfo[] = SIGNAL_ENTRIES.map((entry, index) => {
  const words = new Set<string>();
  const label = normaliseFragment(entry.label);
  for (const w of label.split(' ')) words.add(w);
  for (const phrase of entry.phrases) {
    for (const alt of phrase.split(/[\s|]+/)) {
      const w = alt.replace(/[*?]/g, '');
      if (w.length >= 4 && !w.startsWith('@') && !WEAK.has(w) && !FILLER.has(w) && !OBJECT_LEADS.has(w))
        words.add(w);
    }
  }
  const def = SIGNALS[index] ?? { id: entry.id, label: entry.label, severity: entry.severity };
  return {
    def,
    label,
    id: entry.id.replace(/_/g, ' '),
    words: [...words],
    collapsedWords: [...words].map(collapseRuns),
  };
});

/** "wins" and "pain" are how owners think of the groups ("pain" → every pain signal). */
function severityName(severity: Severity): string {
  return severity === 'win' ? 'wins' : severity;
}

function fuzzyPrefix(fragment: string, word: string): boolean {
  if (word.startsWith(fragment)) return true;
  if (fragment.length < 3) return false;
  for (let len = fragment.length - 1; len <= fragment.length + 1; len++) {
    if (len >= 1 && len <= word.length && editDistance(fragment, word.slice(0, len), 1) <= 1) return true;
  }
  return false;
}

/** Autocomplete helper: vocabulary entries matching a typed fragment (prefix, then word-start, then fuzzy), best first. */
export function suggestSignals(fragment: string, limit = 25): readonly SignalDef[] {
  const max = Number.isFinite(limit) ? Math.max(0, Math.floor(limit)) : 25;
  const f = normaliseFragment(fragment);
  if (f === '') return SIGNALS.slice(0, max);
  const recognised = new Set(parseLog(f, 'harness_scenery').items.map((item) => item.id));
  const lastWord = f.slice(f.lastIndexOf(' ') + 1);
  const ranked: { def: SignalDef; rank: number; index: number }[] = [];
  SUGGEST_INFO.forEach((info, index) => {
    let rank = -1;
    if (info.label.startsWith(f) || info.id.startsWith(f)) rank = 0;
    else if (` ${info.label}`.includes(` ${f}`)) rank = 1;
    else if (recognised.has(info.def.id)) rank = 2;
    else if (f.length >= 3 && severityName(info.def.severity).startsWith(f)) rank = 3;
    else if (info.words.some((w) => w.startsWith(lastWord))) rank = 4;
    if (rank >= 0) ranked.push({ def: info.def, rank, index });
  });
  // Fuzzy only as a fallback: near-misses would otherwise crowd out real matches.
  const collapsed = collapseRuns(lastWord);
  if (ranked.length === 0 && collapsed.length >= 4) {
    SUGGEST_INFO.forEach((info, index) => {
      if (info.collapsedWords.some((w) => fuzzyPrefix(collapsed, w)))
        ranked.push({ def: info.def, rank: 5, index });
    });
  }
  ranked.sort((a, b) => a.rank - b.rank || a.index - b.index);
  return ranked.slice(0, max).map((r) => r.def);
}
