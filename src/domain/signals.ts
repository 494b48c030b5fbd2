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
import { BLANKS, tokenise, type Token } from './signals/tokenise.js';
import { VOCABULARY } from './signals/vocabulary.js';
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

export interface ParsedLog {
  readonly items: readonly RecognisedItem[];
  readonly note: string;
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

/**
 * One leftover run of tokens [from, to] for the note, trimmed of filler and linking words at its edges; '' when
 * only small words ("at me") remain.
 */
function notePiece(text: string, tokens: readonly Token[], from: number, to: number): string {
  const trimmable = (t: Token | undefined, atEnd: boolean): boolean =>
    t !== undefined && t.kind === 'word' && (t.info.filler || (t.info.edge && !(atEnd && t.info.particle)));
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

/** Reads an owner's free text log into graded signals and wins; what is not understood is kept as the note. */
export function parseLog(text: string, stage: StageId): ParsedLog {
  const source = text.length > MAX_PARSED_CHARS ? text.slice(0, MAX_PARSED_CHARS) : text;
  const tokens = tokenise(source, WORDS);
  const units: Token[] = [];
  for (const token of tokens) if (token.kind !== 'other') units.push(token);

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
    if (unit.kind === 'separator') {
      // A comma, "but", "then" end a negation; "and" only ends a verb's ("didn't hiss and purred").
      const isAnd = source.slice(unit.start, unit.end).toLowerCase() === 'and';
      if (negatorAt >= 0 && !(listNegation && isAnd)) negatorAt = -1;
      i++;
      continue;
    }
    const match = bestMatchAt(units, i);
    if (match >= 0) {
      const end = absorbObject(units, matchEnd(match));
      markUnits(i, end);
      // A phrase that carries its own "not" ("won't eat") is not negated again by an earlier one.
      if (negatorAt >= 0 && !unit.info.negator) {
        markUnits(negatorAt, negatorAt);
      } else {
        const entry = VOCABULARY.entries[matchSignal(match)];
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
