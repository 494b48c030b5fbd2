/** Item 2: /progress with its chart PNG, for a cat with 1,000 sessions, through the real router. */
import { applyNativeAllocatorDefaults } from '../src/config.js';
import { createSqliteStore } from '../src/db/sqlite/store.js';
import { openDatabase } from '../src/db/sqlite/client.js';
import { BIG_CAT, DATASET_NOW, ensureCoachDataset, guildOf, ownerId, workCopy } from './lib/dataset.js';
import { runWhenMain } from './lib/item.js';
import { ms, settle, summarise, type ItemResult } from './lib/stats.js';
import { createStubbedBot, steppingClock } from './lib/stubbedBot.js';

const WARMUP = 30;
const RUNS = 300;

export async function run(): Promise<ItemResult[]> {
  // As the bot does at start, before the chart library loads (at the first chart).
  applyNativeAllocatorDefaults();
  const dataset = ensureCoachDataset();
  const db = openDatabase(workCopy(dataset.path, 'progress'));
  const bot = createStubbedBot(
    createSqliteStore(db),
    steppingClock(new Date(DATASET_NOW.getTime() + 3_600_000), 1_000),
  );
  const sessions = (
    db.$client.prepare('SELECT COUNT(*) AS n FROM sessions WHERE cat_id = ?').get(BIG_CAT.catId) as {
      n: number;
    }
  ).n;
  const input = {
    name: 'progress',
    userId: ownerId(BIG_CAT.ownerIndex),
    guildId: guildOf(BIG_CAT.ownerIndex),
    options: [{ name: 'cat', type: 'string' as const, value: BIG_CAT.name }],
  };
  try {
    for (let n = 0; n < WARMUP; n++) await bot.command(input);
    await settle();
    const reply: number[] = [];
    const cpu: number[] = [];
    let pngBytes = 0;
    for (let n = 0; n < RUNS; n++) {
      const result = await bot.command(input);
      reply.push(result.replyMs);
      cpu.push(result.replyCpuMs);
      const body = result.reply.body;
      if (!(body instanceof FormData)) throw new Error('/progress replied without a file');
      const file = [...body.values()].find((v) => typeof v !== 'string');
      if (file === undefined || typeof file === 'string' || !file.name.endsWith('.png')) {
        throw new Error('/progress reply carries no PNG');
      }
      pngBytes = file.size;
    }
    const r = summarise(reply);
    return [
      {
        item: '2',
        what: '/progress incl. chart PNG (reply out)',
        setting: `cat with ${sessions} sessions; ${RUNS} runs`,
        figure: `p50 ${ms(r.p50)}, p99 ${ms(r.p99)}`,
        target: 'p99 ≤ 50 ms',
        met: r.p99 <= 50,
        details: { replyMs: r, replyCpuMs: summarise(cpu), pngBytes, warmup: WARMUP },
      },
    ];
  } finally {
    await bot.close();
    db.$client.close();
  }
}

runWhenMain(import.meta.url, run);
