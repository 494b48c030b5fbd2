/** Item 3: parseLog throughput on mixed realistic texts, typos included. */
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
    ];
  });
}

runWhenMain(import.meta.url, run);
