/** Item 2: /progress with its chart PNG, for a cat with 1,000 sessions, through the real router. */
import { applyNativeAllocatorDefaults } from '../src/config.js';
import { closePgDatabase } from '../src/db/pg/client.js';
import { createPgStore } from '../src/db/pg/store.js';
import { createSqliteStore } from '../src/db/sqlite/store.js';
import { openDatabase } from '../src/db/sqlite/client.js';
import { BIG_CAT, DATASET_NOW, ensureCoachDataset, guildOf, ownerId, workCopy } from './lib/dataset.js';
import { runWhenMain } from './lib/item.js';
import { ms, settle, summarise, type ItemResult, type Summary } from './lib/stats.js';
import { createStubbedBot, steppingClock, type StubbedBot } from './lib/stubbedBot.js';
import { ensurePgDataset, pgWorkDatabase, withPgServer } from './lib/pg.js';

const WARMUP = 30;
const RUNS = 300;

const input = {
  name: 'progress',
  userId: ownerId(BIG_CAT.ownerIndex),
  guildId: guildOf(BIG_CAT.ownerIndex),
  options: [{ name: 'cat', type: 'string' as const, value: BIG_CAT.name }],
};

async function measure(bot: StubbedBot): Promise<{ reply: Summary; cpu: Summary; pngBytes: number }> {
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
  return { reply: summarise(reply), cpu: summarise(cpu), pngBytes };
}

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
  try {
    const { reply: r, cpu, pngBytes } = await measure(bot);
    return [
      {
        item: '2',
        what: '/progress incl. chart PNG (reply out)',
        setting: `cat with ${sessions} sessions; ${RUNS} runs`,
        figure: `p50 ${ms(r.p50)}, p99 ${ms(r.p99)}`,
        target: 'p99 ≤ 50 ms',
        met: r.p99 <= 50,
        details: { replyMs: r, replyCpuMs: cpu, pngBytes, warmup: WARMUP },
      },
    ];
  } finally {
    await bot.close();
    db.$client.close();
  }
}

/** Item 2 on PostgreSQL: the same cat in the coach dataset copied into the bench server. */
export async function runPg(): Promise<ItemResult[]> {
  applyNativeAllocatorDefaults();
  return withPgServer(async (adminUrl) => {
    const dataset = await ensurePgDataset(adminUrl, 'coach');
    const db = await pgWorkDatabase(adminUrl, 'progress', dataset.template);
    const bot = createStubbedBot(
      createPgStore(db),
      steppingClock(new Date(DATASET_NOW.getTime() + 3_600_000), 1_000),
    );
    try {
      const counted = await db.$client.query<{ n: string }>(
        'SELECT COUNT(*) AS n FROM sessions WHERE cat_id = $1',
        [BIG_CAT.catId],
      );
      const sessions = Number(counted.rows[0]?.n ?? 0);
      const { reply: r, cpu, pngBytes } = await measure(bot);
      return [
        {
          item: '2pg',
          what: '/progress incl. chart PNG, PostgreSQL',
          setting: `cat with ${sessions} sessions; ${RUNS} runs`,
          figure: `p50 ${ms(r.p50)}, p99 ${ms(r.p99)}`,
          target: 'p99 ≤ 60 ms',
          met: r.p99 <= 60,
          details: {
            replyMs: r,
            replyCpuMs: cpu,
            pngBytes,
            warmup: WARMUP,
            datasetCopiedMs: dataset.fresh ? Math.round(dataset.ms) : 'cached',
          },
        },
      ];
    } finally {
      await bot.close();
      await closePgDatabase(db);
    }
  });
}

runWhenMain(import.meta.url, run, runPg);
