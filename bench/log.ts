/** Item 1: /log through the real router on the 1M-session SQLite file, interaction in → reply payload out. */
import { closePgDatabase } from '../src/db/pg/client.js';
import { createPgStore } from '../src/db/pg/store.js';
import { createSqliteStore } from '../src/db/sqlite/store.js';
import { openDatabase, type Db } from '../src/db/sqlite/client.js';
import {
  catNamesOf,
  DATASET_NOW,
  ensureCoachDataset,
  guildOf,
  ownerId,
  SIZES,
  workCopy,
} from './lib/dataset.js';
import { runWhenMain } from './lib/item.js';
import { ensurePgDataset, pgWorkDatabase, withPgServer } from './lib/pg.js';
import { fmt, ms, prng, settle, summarise, type ItemResult, type Summary } from './lib/stats.js';
import { createStubbedBot, steppingClock, type StubbedBot } from './lib/stubbedBot.js';
import { makeTexts } from './lib/texts.js';

const WARMUP = 300;
const LOGS = 2_000;

const SYNC_MODES = ['OFF', 'NORMAL', 'FULL', 'EXTRA'];

function synchronousOf(db: Db): string {
  const value = db.$client.pragma('synchronous', { simple: true });
  return typeof value === 'number' ? (SYNC_MODES[value] ?? String(value)) : String(value);
}

interface Run {
  readonly reply: Summary;
  readonly done: Summary;
  readonly cpu: Summary;
}

async function measure(bot: StubbedBot, seed: number): Promise<Run> {
  const random = prng(seed);
  const texts = makeTexts(1_000, seed + 1);
  const once = async () => {
    const i = 1 + Math.floor(random() * (SIZES.owners - 1));
    const cat = catNamesOf(i)[random() < 0.5 ? 0 : 1];
    const options = [
      {
        name: 'what',
        type: 'string' as const,
        value: texts[Math.floor(random() * texts.length)] ?? 'purred',
      },
      { name: 'cat', type: 'string' as const, value: cat },
      ...(random() < 0.7
        ? [{ name: 'minutes', type: 'integer' as const, value: 2 + Math.floor(random() * 10) }]
        : []),
    ];
    return bot.command({ name: 'log', userId: ownerId(i), guildId: guildOf(i), options });
  };
  for (let n = 0; n < WARMUP; n++) await once();
  await settle();
  const reply: number[] = [];
  const done: number[] = [];
  const cpu: number[] = [];
  for (let n = 0; n < LOGS; n++) {
    const result = await once();
    const body = typeof result.reply.body === 'string' ? result.reply.body : '';
    if (!body.includes('"type":4')) throw new Error(`unexpected /log reply: ${body.slice(0, 300)}`);
    reply.push(result.replyMs);
    done.push(result.doneMs);
    cpu.push(result.replyCpuMs);
  }
  return { reply: summarise(reply), done: summarise(done), cpu: summarise(cpu) };
}

export async function run(): Promise<ItemResult[]> {
  const dataset = ensureCoachDataset();
  const db = openDatabase(workCopy(dataset.path, 'log'));
  const shipped = synchronousOf(db);
  const bot = createStubbedBot(
    createSqliteStore(db),
    steppingClock(new Date(DATASET_NOW.getTime() + 3_600_000), 3_000),
  );
  try {
    const asShipped = await measure(bot, 1);
    // The same again with synchronous = NORMAL, to show what the per-commit fsync costs on this disk.
    db.$client.pragma('synchronous = NORMAL');
    const normal = shipped === 'NORMAL' ? undefined : await measure(bot, 2);
    const sessions = (db.$client.prepare('SELECT COUNT(*) AS n FROM sessions').get() as { n: number }).n;
    const setting = `SQLite file (${fmt(sessions / 1e6)}M sessions, 10k owners, 20k cats), ${LOGS} logs`;
    const rows: ItemResult[] = [
      {
        item: '1',
        what: `/log via real router, reply out (synchronous=${shipped})`,
        setting,
        figure: `p50 ${ms(asShipped.reply.p50)}, p99 ${ms(asShipped.reply.p99)} (CPU p99 ${ms(asShipped.cpu.p99)})`,
        target: 'p99 ≤ 10 ms',
        met: asShipped.reply.p99 <= 10,
        details: {
          synchronous: shipped,
          replyMs: asShipped.reply,
          handlerDoneMs: asShipped.done,
          replyCpuMs: asShipped.cpu,
          warmup: WARMUP,
          datasetBuiltMs: dataset.fresh ? Math.round(dataset.ms) : 'cached',
          method:
            'discord.js ChatInputCommandInteraction built from raw INTERACTION_CREATE data, real router/commands/services/SQLite file, REST makeRequest stubbed in-process',
        },
      },
    ];
    if (normal) {
      rows.push({
        item: '1b',
        what: '/log as 1, synchronous=NORMAL',
        setting,
        figure: `p50 ${ms(normal.reply.p50)}, p99 ${ms(normal.reply.p99)} (CPU p99 ${ms(normal.cpu.p99)})`,
        target: 'p99 ≤ 10 ms',
        met: normal.reply.p99 <= 10,
        details: { replyMs: normal.reply, handlerDoneMs: normal.done, replyCpuMs: normal.cpu },
      });
    }
    return rows;
  } finally {
    await bot.close();
    db.$client.close();
  }
}

/** Item 1 on PostgreSQL: the same dataset copied into the bench server, the same logs through the router. */
export async function runPg(): Promise<ItemResult[]> {
  return withPgServer(async (adminUrl) => {
    const dataset = await ensurePgDataset(adminUrl, 'coach');
    const db = await pgWorkDatabase(adminUrl, 'log', dataset.template);
    const bot = createStubbedBot(
      createPgStore(db),
      steppingClock(new Date(DATASET_NOW.getTime() + 3_600_000), 3_000),
    );
    try {
      const result = await measure(bot, 1);
      const counted = await db.$client.query<{ n: string }>('SELECT COUNT(*) AS n FROM sessions');
      const sessions = Number(counted.rows[0]?.n ?? 0);
      return [
        {
          item: '1pg',
          what: '/log via real router, reply out, PostgreSQL',
          setting: `PostgreSQL 15 (${fmt(sessions / 1e6)}M sessions, 10k owners, 20k cats), pool ${db.$client.options.max}, ${LOGS} logs`,
          figure: `p50 ${ms(result.reply.p50)}, p99 ${ms(result.reply.p99)} (CPU p99 ${ms(result.cpu.p99)})`,
          target: 'p99 ≤ 15 ms',
          met: result.reply.p99 <= 15,
          details: {
            replyMs: result.reply,
            handlerDoneMs: result.done,
            replyCpuMs: result.cpu,
            warmup: WARMUP,
            datasetCopiedMs: dataset.fresh ? Math.round(dataset.ms) : 'cached',
            method: 'as item 1, the store on a local PostgreSQL 15 (fsync off, synchronous_commit off)',
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
