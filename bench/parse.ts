/**
 * Item 3: parseLog throughput on mixed realistic texts, typos included; beside it, how well it reads the owner-text
 * corpus (corpus/), overall and per kind.
 */
import { OWNER_TEXTS } from '../corpus/ownerTexts.js';
import { scoreCorpus } from '../corpus/score.js';
import { parseLog } from '../src/domain/signals.js';
import { STAGE_IDS } from '../src/domain/stages.js';
import { runWhenMain } from './lib/item.js';
import { fmt, settle, summarise, type ItemResult } from './lib/stats.js';
import { makeTexts } from './lib/texts.js';

const TEXTS = 5_000;
const ROUNDS = 7;
const ROUND_MS = 700;

export function run(): Promise<ItemResult[]> {
  const texts = makeTexts(TEXTS, 99);
  const stages = texts.map((_, i) => STAGE_IDS[i % STAGE_IDS.length] ?? 'indoor_safari');
  let sink = 0;
  const pass = (): void => {
    for (let i = 0; i < texts.length; i++)
      sink += parseLog(texts[i] ?? '', stages[i] ?? 'indoor_safari').items.length;
  };
  // Warm-up: let V8 optimise the parser before measuring.
  for (let i = 0; i < 3; i++) pass();
  const rates: number[] = [];
  return settle().then(() => {
    for (let round = 0; round < ROUNDS; round++) {
      let parsed = 0;
      const started = performance.now();
      while (performance.now() - started < ROUND_MS) {
        pass();
        parsed += texts.length;
      }
      rates.push(parsed / ((performance.now() - started) / 1000));
    }
    const r = summarise(rates);
    const chars = texts.reduce((n, t) => n + t.length, 0) / texts.length;
    const score = scoreCorpus(OWNER_TEXTS);
    const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;
    return [
      {
        item: '3',
        what: 'parseLog throughput',
        setting: `${fmt(TEXTS)} mixed texts (avg ${Math.round(chars)} chars, ~12% words typo'd), 1 core`,
        figure: `${fmt(r.p50)} texts/s (median of ${ROUNDS} rounds; worst ${fmt(r.min)})`,
        target: '≥ 50,000 texts/s',
        met: r.p50 >= 50_000,
        details: { textsPerSecond: r, avgChars: chars, recognisedItems: sink },
      },
      {
        item: '3',
        what: 'parseLog reading accuracy',
        setting: `owner-text corpus, ${fmt(score.total)} texts in ${score.byKind.length} kinds`,
        figure: `${pct(score.accuracy)} overall; ${score.byKind.map((k) => `${k.kind} ${pct(k.accuracy)}`).join(', ')}`,
        target: '≥ 97 % overall, ≥ 90 % per kind',
        met: score.accuracy >= 0.97 && score.byKind.every((k) => k.accuracy >= 0.9),
        details: { byKind: score.byKind, misses: score.misses.map((m) => m.text) },
      },
    ];
  });
}

runWhenMain(import.meta.url, run);
