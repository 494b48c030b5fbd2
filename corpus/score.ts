/** Scores parseLog against the owner-text corpus: a text is right when its signals (and set-asides) match. */
import { parseLog } from '../src/domain/signals.js';
import { CORPUS_KINDS, type CorpusKind, type OwnerText } from './ownerTexts.js';

export interface KindScore {
  readonly kind: CorpusKind;
  readonly total: number;
  readonly correct: number;
  readonly accuracy: number;
}

export interface CorpusMiss {
  readonly kind: CorpusKind;
  readonly text: string;
  readonly expect: readonly string[];
  readonly got: readonly string[];
  readonly expectSetAside?: readonly string[];
  readonly gotSetAside: readonly string[];
}

export interface CorpusScore {
  readonly total: number;
  readonly correct: number;
  readonly accuracy: number;
  readonly byKind: readonly KindScore[];
  readonly misses: readonly CorpusMiss[];
}

const sortedUnique = (ids: readonly string[]): string[] => [...new Set(ids)].sort();
const same = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/** Reads every text as /log would (stage and cat name included) and compares with the expected labels. */
export function scoreCorpus(texts: readonly OwnerText[]): CorpusScore {
  const misses: CorpusMiss[] = [];
  const tally = new Map<CorpusKind, { total: number; correct: number }>(
    CORPUS_KINDS.map((k) => [k, { total: 0, correct: 0 }]),
  );
  for (const t of texts) {
    const parsed = parseLog(t.text, t.stage, { catName: t.catName ?? null });
    const got = sortedUnique(parsed.items.map((i) => i.id));
    const gotSetAside = sortedUnique((parsed.setAside ?? []).map((i) => i.id));
    const right =
      same(got, t.expect) && (t.setAside === undefined || same(gotSetAside, sortedUnique(t.setAside)));
    const row = tally.get(t.kind);
    if (row) {
      row.total++;
      if (right) row.correct++;
    }
    if (!right) {
      misses.push({
        kind: t.kind,
        text: t.text,
        expect: t.expect,
        got,
        gotSetAside,
        ...(t.setAside ? { expectSetAside: t.setAside } : {}),
      });
    }
  }
  const byKind = CORPUS_KINDS.map((kind) => {
    const { total, correct } = tally.get(kind) ?? { total: 0, correct: 0 };
    return { kind, total, correct, accuracy: total === 0 ? 1 : correct / total };
  });
  const total = texts.length;
  const correct = total - misses.length;
  return { total, correct, accuracy: total === 0 ? 1 : correct / total, byKind, misses };
}

/** One line per kind and the total, e.g. "whose 44/45 (97.8 %)". */
export function formatScore(score: CorpusScore): string {
  const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;
  const lines = score.byKind.map((k) => `${k.kind.padEnd(10)} ${k.correct}/${k.total} (${pct(k.accuracy)})`);
  lines.push(`${'overall'.padEnd(10)} ${score.correct}/${score.total} (${pct(score.accuracy)})`);
  return lines.join('\n');
}
