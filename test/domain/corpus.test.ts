import { describe, expect, it } from 'vitest';
import { CORPUS_KINDS, OWNER_TEXTS } from '../../corpus/ownerTexts.js';
import { formatScore, scoreCorpus } from '../../corpus/score.js';
import { signalById } from '../../src/domain/signals.js';
import { STAGE_IDS } from '../../src/domain/stages.js';

describe('owner-text corpus (issue 16)', () => {
  const score = scoreCorpus(OWNER_TEXTS);

  it('is big and broad: 300+ texts, every stage, every signal family, every kind', () => {
    expect(OWNER_TEXTS.length).toBeGreaterThanOrEqual(300);
    expect(new Set(OWNER_TEXTS.map((t) => t.stage))).toEqual(new Set(STAGE_IDS));
    const labelled = OWNER_TEXTS.flatMap((t) => [...t.expect, ...(t.setAside ?? [])]);
    for (const id of labelled) expect(signalById(id), id).toBeDefined();
    const grades = new Set(labelled.map((id) => signalById(id)?.severity));
    expect([...grades].sort()).toEqual(['mild', 'moderate', 'pain', 'severe', 'win']);
    for (const kind of CORPUS_KINDS)
      expect(OWNER_TEXTS.filter((t) => t.kind === kind).length).toBeGreaterThanOrEqual(20);
  });

  it('reads ≥ 97 % of texts right overall and ≥ 90 % of each kind', () => {
    console.log(`corpus accuracy\n${formatScore(score)}`);
    for (const miss of score.misses)
      console.log(
        `  miss [${miss.kind}] ${miss.text} → ${miss.got.join(' ') || '-'} (want ${miss.expect.join(' ') || '-'})`,
      );
    expect(score.accuracy).toBeGreaterThanOrEqual(0.97);
    for (const kind of score.byKind) expect(kind.accuracy, kind.kind).toBeGreaterThanOrEqual(0.9);
  });
});
