/**
 * The free-text signal parser behind `/log`: owners type the way they talk ("airplane ears, then he went full
 * Houdini"), with typos, and we read it back as graded signals and wins. Whatever we cannot read stays as a note.
 *
 * Everything heavy (word forms, typo indexes, phrase patterns) is compiled once at module load, in
 * signals/vocabulary.ts, so a call is a tokenise + a few map lookups per word. This module turns the matches of
 * signals/phraseMatcher.ts into items and a note.
 */
import type { Severity } from './severity.js';
import { absorbObject, bestMatchAt, matchEnd, matchSignal } from './signals/phraseMatcher.js';
import { listFollows, postNegatedAt, separatorKind, turnsAround } from './signals/negation.js';
import {
  compiledObjectSignals,
  compiledSenseRules,
  senseOf,
  subjectKind,
  subjectText,
  whyText,
  type SetAsideReason,
} from './signals/reading.js';
import { BLANKS, tokenise, type Token } from './signals/tokenise.js';
import { SUBJECT_CODES, VOCABULARY } from './signals/vocabulary.js';
import { normaliseWord } from './signals/wordForms.js';
import { createWordLookup } from './signals/wordInfo.js';
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

/** A signal read but not counted: someone else's, or a look-alike word in another sense. It stays in the note. */
export interface SetAsideItem {
  readonly id: string;
  readonly label: string;
  readonly severity: Severity;
  readonly reason: SetAsideReason;
  /** A few words on why, for the read-back: "the cat next door", "you", "the weather". */
  readonly why: string;
  readonly span: { readonly start: number; readonly end: number };
  readonly text: string;
}

export interface ParsedLog {
  readonly items: readonly RecognisedItem[];
  readonly note: string;
  /** Present only when something was set aside. */
  readonly setAside?: readonly SetAsideItem[];
}

/** Only this much of a log is read; the rest is ignored (Discord caps input anyway). */
export const MAX_PARSED_CHARS = 2000;

/** The whole vocabulary, in severity groups (mild, moderate, severe, wins, pain). */
export const SIGNALS: readonly SignalDef[] = Object.freeze(
  VOCABULARY.entries.map(({ id, label, severity }) => Object.freeze({ id, label, severity })),
);

const SIGNAL_BY_ID: ReadonlyMap<string, SignalDef> = new Map(SIGNALS.map((s) => [s.id, s]));

/** The vocabulary entry for an id, if there is one. */
export function signalById(id: string): SignalDef | undefined {
  return SIGNAL_BY_ID.get(id);
}

const EXPECTED_BY_STAGE: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  STAGE_IDS.map((stage) => [stage, new Set(STAGE_RULES[stage].expectedSignals)]),
);
const NO_EXPECTED: ReadonlySet<string> = new Set();

const WORDS = createWordLookup(VOCABULARY);

const EDGE_MARKUP = /^[\s*_~`|>-]+|[\s*_~`|>-]+$/g;

/** Whether a note piece may drop this token at its start (or, with atEnd, its end). */
function trimmable(t: Token | undefined, atEnd: boolean): boolean {
  return (
    t !== undefined && t.kind === 'word' && (t.info.filler || (t.info.edge && !(atEnd && t.info.particle)))
  );
}

/**
 * One leftover run of tokens [from, to] for the note, trimmed of filler and linking words at its edges; '' when
 * only small words ("at me") remain.
 */
function notePiece(text: string, tokens: readonly Token[], from: number, to: number): string {
  while (from <= to && trimmable(tokens[from], false)) from++;
  while (to >= from && trimmable(tokens[to], true)) to--;
  let meaningful = false;
  for (let i = from; i <= to && !meaningful; i++) {
    const t = tokens[i];
    if (t !== undefined && t.kind === 'word' && !t.info.weak && !t.info.filler) meaningful = true;
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
    const breaks = token === undefined || token.kind === 'separator' || understood[i] === 1;
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

/** What parseLog may know besides the text. */
export interface ParseOptions {
  /** The trained cat's name: a clause about it is the cat's, like "she" or an omitted subject. */
  readonly catName?: string | null | undefined;
}

const CAT = SUBJECT_CODES.cat;
const ANIMAL = SUBJECT_CODES.animal;
const PERSON = SUBJECT_CODES.person;
const JOINT = SUBJECT_CODES.joint;
const THING = SUBJECT_CODES.thing;
const SENSES = compiledSenseRules(VOCABULARY);
const OBJECT_SIGNALS_BY_ENTRY = compiledObjectSignals(VOCABULARY);

/** The name's words as the tokeniser sees them; those that are also ordinary words must be capitalised to count. */
function nameWords(catName: string | null | undefined): ReadonlyMap<string, boolean> | null {
  if (!catName) return null;
  const words = new Map<string, boolean>();
  for (const raw of catName.split(/[^\p{L}\p{N}'’]+/u)) {
    const word = normaliseWord(raw);
    if (word.length < 2) continue;
    const info = WORDS.describe(word);
    const ordinary =
      info.forms.length > 0 ||
      info.negator ||
      info.separator ||
      info.filler ||
      info.weak ||
      info.subject !== 0;
    words.set(word, ordinary);
    words.set(`${word}s`, ordinary); // "Luna's ears"
  }
  return words.size === 0 ? null : words;
}

/** A noun after a preposition ("spooked by the leash") is an object, whatever determiners stand between. */
function afterPreposition(units: readonly Token[], i: number): boolean {
  for (let j = i - 1; j >= i - 3; j--) {
    const unit = units[j];
    if (unit === undefined || unit.kind !== 'word') return false;
    if (unit.info.preposition) return true;
    if (!unit.info.weak && !unit.info.otherMarker && unit.info.subject === 0) return false;
  }
  return false;
}

/** One parse's working state, passed to the helpers below (closures per call cost more than they say). */
interface Reading {
  readonly source: string;
  readonly units: readonly Token[];
  readonly understood: Uint8Array;
  readonly expectedIds: ReadonlySet<string>;
  readonly items: RecognisedItem[];
  readonly setAside: SetAsideItem[];
  readonly seen: Set<string>;
  readonly names: ReadonlyMap<string, boolean> | null;
}

function markUnits(r: Reading, from: number, to: number): void {
  const last = r.units[to]?.index ?? -1;
  for (let t = r.units[from]?.index ?? 0; t <= last; t++) r.understood[t] = 1;
}

function pushItem(r: Reading, entryIndex: number, from: number, to: number): void {
  const entry = VOCABULARY.entries[entryIndex];
  const first = r.units[from];
  if (entry === undefined || first === undefined || r.seen.has(entry.id)) return;
  r.seen.add(entry.id);
  const span = { start: first.start, end: r.units[to]?.end ?? first.end };
  r.items.push({
    id: entry.id,
    label: entry.label,
    severity: entry.severity,
    expected: r.expectedIds.has(entry.id),
    span,
    text: r.source.slice(span.start, span.end),
  });
}

function putAside(
  r: Reading,
  entryIndex: number,
  from: number,
  to: number,
  reason: SetAsideReason,
  why: string,
): void {
  const entry = VOCABULARY.entries[entryIndex];
  const first = r.units[from];
  if (entry === undefined || first === undefined) return;
  const span = { start: first.start, end: r.units[to]?.end ?? first.end };
  const text = r.source.slice(span.start, span.end);
  r.setAside.push({ id: entry.id, label: entry.label, severity: entry.severity, reason, why, span, text });
}

/** An emoji read at the end of its clause, if nothing else in the clause was a signal. */
function commitEmoji(r: Reading, entryIndex: number, at: number): void {
  if (entryIndex < 0) return;
  markUnits(r, at, at);
  pushItem(r, entryIndex, at, at);
}

/** Whether unit j is the cat's name (a name that is also an ordinary word counts only when capitalised). */
function isNameAt(r: Reading, j: number): boolean {
  const u = r.units[j];
  const ordinary = u === undefined ? undefined : r.names?.get(u.info.word);
  return u !== undefined && ordinary !== undefined && (!ordinary || /\p{Lu}/u.test(r.source.charAt(u.start)));
}

/**
 * Reads an owner's free text log into graded signals and wins; what is not understood is kept as the note.
 * Signals of someone else (the dog next door, the owner) or in another sense (a freezing morning) are set aside:
 * kept in the note and listed in `setAside` with why.
 */
export function parseLog(text: string, stage: StageId, options: ParseOptions = {}): ParsedLog {
  const source = text.length > MAX_PARSED_CHARS ? text.slice(0, MAX_PARSED_CHARS) : text;
  const tokens = tokenise(source, WORDS);
  const units: Token[] = [];
  for (const token of tokens) if (token.kind !== 'other') units.push(token);
  const r: Reading = {
    source,
    units,
    understood: new Uint8Array(tokens.length),
    expectedIds: EXPECTED_BY_STAGE.get(stage) ?? NO_EXPECTED,
    items: [],
    setAside: [],
    seen: new Set(),
    names: nameWords(options.catName),
  };

  let negatorAt = -1;
  let listNegation = false;
  let acrossAnd = false;
  // The clause's subject so far (a SUBJECT_CODES value, 0 for none named), and the previous clause's when joined
  // by "and"/"then"/"but" ("the dog barked and lunged"); a comma or a full stop goes back to the cat.
  let subject = 0;
  let subjectAt = -1;
  let subjectThrough = -1;
  let subjectIsCatNoun = false;
  let opened = false;
  let verbSeen = false;
  let inherited = 0;
  let inheritedAt = -1;
  let inheritedThrough = -1;
  let otherMarkAt = -10;
  let clauseHasSignal = false;
  let pendingEmoji = -1;
  let pendingAt = -1;

  for (let i = 0; i < units.length;) {
    const unit = units[i];
    if (unit === undefined) break;
    const info = unit.info;
    if (unit.kind === 'separator') {
      const kind = separatorKind(source, unit);
      if (negatorAt >= 0) {
        if (kind === 2 && listNegation) acrossAnd = true;
        else if (!(kind === 1 && listFollows(units, i))) negatorAt = -1;
      }
      if (!clauseHasSignal) commitEmoji(r, pendingEmoji, pendingAt);
      pendingEmoji = -1;
      if (kind >= 2) {
        if (subject !== 0) {
          inherited = subject;
          inheritedAt = subjectAt;
          inheritedThrough = subjectThrough;
        }
      } else inherited = 0;
      subject = 0;
      opened = false;
      verbSeen = false;
      clauseHasSignal = false;
      i++;
      continue;
    }
    const isName = r.names !== null && isNameAt(r, i);
    const match = isName ? -1 : bestMatchAt(units, i);
    if (match >= 0) {
      const at = i;
      const matchedTo = matchEnd(match);
      const end = absorbObject(units, matchedTo);
      let entryIndex = matchSignal(match);
      const post = postNegatedAt(source, units, end);
      // A phrase that carries its own "not" ("won't eat") is not negated again by an earlier one.
      if ((negatorAt >= 0 && !info.negator) || post >= 0) {
        markUnits(r, i, end);
        if (negatorAt >= 0) markUnits(r, negatorAt, negatorAt);
        if (post >= 0) markUnits(r, end + 1, post);
        i = Math.max(end, post) + 1;
        continue;
      }
      const entry = VOCABULARY.entries[entryIndex];
      // "I touched her sore paw": a body part named with the cat's possessive is the cat's, whoever acts.
      const owned = at > 0 && (units[at - 1]?.info.catPossessive === true || isNameAt(r, at - 1));
      const who = owned ? CAT : subject !== 0 ? subject : inherited !== 0 ? inherited : CAT;
      i = end + 1;
      verbSeen = true;
      if (info.emoji) {
        // Things have no faces: "harness on 😸" is the cat's.
        if ((who === CAT || who === THING) && !clauseHasSignal && pendingEmoji < 0) {
          pendingEmoji = entryIndex;
          pendingAt = at;
        }
        continue;
      }
      clauseHasSignal = true;
      pendingEmoji = -1;
      if (who !== CAT && !(who === JOINT && entry?.severity === 'win')) {
        const kind = subjectKind(who);
        if (kind !== 'cat') {
          const through = subject !== 0 ? subjectThrough : inheritedThrough;
          const whoAt = subject !== 0 ? subjectAt : inheritedAt;
          const text = subjectText(source, units, whoAt, through);
          putAside(r, entryIndex, at, matchedTo, kind, whyText(kind, text));
        }
        continue;
      }
      const sense = senseOf(VOCABULARY, source, units, SENSES[entryIndex], { at, matchedTo, end });
      if (sense !== null && sense.becomes < 0) {
        putAside(r, entryIndex, at, matchedTo, 'sense', sense.why);
        continue;
      }
      if (sense !== null) entryIndex = sense.becomes;
      const objectSignal = OBJECT_SIGNALS_BY_ENTRY[entryIndex];
      const objectLead = units[matchedTo + 1];
      if (
        objectSignal !== undefined &&
        end > matchedTo &&
        objectSignal.leads.has(objectLead?.info.word ?? '')
      ) {
        markUnits(r, at, end);
        pushItem(r, entryIndex, at, matchedTo);
        pushItem(r, objectSignal.adds, matchedTo + 1, end);
        continue;
      }
      markUnits(r, at, end);
      pushItem(r, entryIndex, at, end);
      continue;
    }
    if (info.negator) {
      negatorAt = i;
      listNegation = info.listNegator;
      acrossAnd = false;
    } else if (
      negatorAt >= 0 &&
      ((info.negationCanceller && i - negatorAt <= 2) || info.negationEnder || turnsAround(units, i))
    ) {
      negatorAt = -1;
    } else if (negatorAt >= 0 && info.vague) {
      markUnits(r, negatorAt, negatorAt);
      markUnits(r, i, i);
    }
    // The owner watching ("I saw the dog…") starts afresh; the cat watching ("she watched the rain") does not.
    const watching = info.perception && subject !== CAT && subject !== ANIMAL && subject !== PERSON;
    if (watching) {
      subject = 0;
      opened = true;
      verbSeen = false;
    } else if (info.clauseOpener) {
      opened = true;
      verbSeen = false;
    }
    if (info.otherMarker) otherMarkAt = i;
    if (info.followingMarker && subjectIsCatNoun && subject === CAT && subjectAt >= i - 2) {
      subject = ANIMAL;
      subjectThrough = units[i + 1]?.kind === 'word' ? i + 1 : i;
    }
    const code = isName ? CAT : info.subject;
    if (code !== 0) {
      let kind = code;
      const head = subjectAt === i - 1 && subject !== 0;
      if (info.catNoun && code === CAT) {
        if (otherMarkAt >= i - 2 && otherMarkAt < i) kind = ANIMAL;
        else if (head && (subject === PERSON || subject === ANIMAL)) kind = ANIMAL;
      }
      const strong = info.nominative || isName;
      const object = !strong && !head && (verbSeen || afterPreposition(units, i));
      if (!object && (subject === 0 || strong || opened || head)) {
        if (acrossAnd && (info.nominative || isName)) negatorAt = -1;
        subject = kind;
        subjectAt = i;
        subjectThrough = i;
        subjectIsCatNoun = info.catNoun;
        opened = false;
      }
    }
    if (info.verb && !watching) verbSeen = true;
    i++;
  }
  if (!clauseHasSignal) commitEmoji(r, pendingEmoji, pendingAt);

  const note = buildNote(source, tokens, r.understood);
  return r.setAside.length === 0 ? { items: r.items, note } : { items: r.items, note, setAside: r.setAside };
}
