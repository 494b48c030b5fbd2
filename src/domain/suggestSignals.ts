/** Autocomplete over the vocabulary: which signals an owner may mean by a few typed letters. */
import { editDistance } from './editDistance.js';
import type { Severity } from './severity.js';
import { parseLog, SIGNALS, type SignalDef } from './signals.js';
import { VOCABULARY, type Vocabulary } from './signals/vocabulary.js';
import { collapseRuns, normaliseWord } from './signals/wordForms.js';

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

/** What a fragment is compared with, per entry: its label, id, and the telling words of its phrases. */
function buildSuggestInfo(vocabulary: Vocabulary, signals: readonly SignalDef[]): readonly SuggestInfo[] {
  const { weak, filler, objectLeads } = vocabulary.words;
  return Object.freeze(
    vocabulary.entries.map((entry, index) => {
      const words = new Set<string>();
      const label = normaliseFragment(entry.label);
      for (const w of label.split(' ')) words.add(w);
      for (const phrase of entry.phrases) {
        for (const alt of phrase.split(/[\s|]+/)) {
          const w = alt.replace(/[*?]/g, '');
          if (w.length >= 4 && !w.startsWith('@') && !weak.has(w) && !filler.has(w) && !objectLeads.has(w))
            words.add(w);
        }
      }
      const def = signals[index] ?? { id: entry.id, label: entry.label, severity: entry.severity };
      return Object.freeze({
        def,
        label,
        id: entry.id.replace(/_/g, ' '),
        words: [...words],
        collapsedWords: [...words].map(collapseRuns),
      });
    }),
  );
}

const SUGGEST_INFO = buildSuggestInfo(VOCABULARY, SIGNALS);

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

/**
 * Autocomplete helper: up to `limit` vocabulary entries matching a typed fragment (prefix, then word-start, then
 * fuzzy), best first. The limit is the caller's, as the cap belongs to where the list is shown (Discord: 25).
 */
export function suggestSignals(fragment: string, limit: number): readonly SignalDef[] {
  // Without a usable number there is no cap to apply; the domain does not guess one.
  const max = Number.isNaN(limit) ? Infinity : Math.max(0, Math.floor(limit));
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
