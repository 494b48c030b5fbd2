/**
 * Splits a log into words, separators and other symbols, each word with its facts from the caller's lookup.
 */
import type { WordInfo, WordLookup } from './wordInfo.js';
import { normaliseWord } from './wordForms.js';

// Plain strings rather than an imported enum object: the matcher compares kinds in its innermost loop, and a
// property read through an import there measured clearly slower (bench item 3).
export type TokenKind = 'word' | 'separator' | 'other';

export interface Token {
  readonly kind: TokenKind;
  /** Position among all tokens. */
  readonly index: number;
  readonly start: number;
  readonly end: number;
  /** Facts about the word (lowercase, accents and apostrophes removed); `notAWord` for the rest. */
  readonly info: WordInfo;
}

/** Whitespace, control characters and bidi overrides: never part of a note. */
export const BLANKS = /[\s\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]+/gu;
const WORD_START = /^[\p{L}\p{N}]$/u;
const WORD_PART = /^[\p{L}\p{M}\p{N}]$/u;
const BLANK = /^[\s\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]$/u;
/** Punctuation that ends a clause. All single UTF-16 code units, so indexing by code unit is safe here. */
const SEPARATOR_CHARS: ReadonlySet<number> = new Set(
  Array.from(',;.!?:\n\r&+|/()[]{}…—–', (c) => c.charCodeAt(0)),
);
const APOSTROPHE = 39;
const RIGHT_QUOTE = 0x2019;

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
export function tokenise(text: string, words: WordLookup): Token[] {
  const tokens: Token[] = [];
  const { describe, notAWord } = words;
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
      const info = describe(plain ? raw : normaliseWord(raw));
      tokens.push({
        kind: info.separator ? 'separator' : 'word',
        index: tokens.length,
        start,
        end,
        info,
      });
    } else if (SEPARATOR_CHARS.has(c)) {
      while (i < n && SEPARATOR_CHARS.has(text.charCodeAt(i))) i++;
      tokens.push({ kind: 'separator', index: tokens.length, start, end: i, info: notAWord });
    } else {
      i += codePointLength(text, i);
      if (c === 32 || c === 9 || (c >= 128 || c < 32 || c === 127 ? BLANK.test(text.slice(start, i)) : false))
        continue;
      // An emoji the vocabulary knows (😾, 🙀) is a word; other symbols stay transparent.
      const symbol = c >= 0xd800 && c <= 0xdbff ? describe(text.slice(start, i)) : notAWord;
      const word = symbol.starts.length > 0;
      tokens.push({
        kind: word ? 'word' : 'other',
        index: tokens.length,
        start,
        end: i,
        info: word ? symbol : notAWord,
      });
    }
  }
  return tokens;
}
