import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
/**
 * Item 7: RSS of the running bot (src/main.ts as a child) with 1,000 guilds announced by the gateway,
 * after a check-in fan-out and a few hundred /log and /progress commands.
 */
import { openDatabase } from '../src/db/sqlite/client.js';
import { startFakeDiscord } from '@leash-coach/fake-discord';
import { logMsg, nodeFlagsOf, ROOT, spawnTs } from './lib/child.js';
import {
  catNamesOf,
  ensureCoachDataset,
  GUILD_COUNT,
  guildOf,
  ownerId,
  SIZES,
  workCopy,
} from './lib/dataset.js';
import { runWhenMain } from './lib/item.js';
import { fmt, prng, sleep, type ItemResult } from './lib/stats.js';
import { makeTexts } from './lib/texts.js';

const GUILDS = 1_000;
const DUE = 300;
const LOGS = 300;
const PROGRESS = 50;

type Entry = 'tsx' | 'compiled';

/** With BENCH_HEAP_SNAPSHOT=<dir>, the bot writes a heap snapshot there at the end (SIGUSR2), for bench/heapSummary.ts. */
const SNAPSHOT_DIR = process.env.BENCH_HEAP_SNAPSHOT;

async function measure(entry: Entry) {
  const path = workCopy(ensureCoachDataset().path, `memory-${entry}`);
  // Some owners due for today's check-in right now: the bot sends them at start (it catches up at once).
  const db = openDatabase(path);
  const due = Date.now() - 30_000;
  db.$client
    .prepare(
      `UPDATE owners SET timezone = 'UTC', check_in_time = ?, next_check_in_at = ?, last_activity_at = ?
       WHERE id IN (SELECT id FROM owners ORDER BY id LIMIT ?)`,
    )
    .run(new Date(due).toISOString().slice(11, 16), due, due - 86_400_000, DUE);
  db.$client.close();

  const fake = await startFakeDiscord({ timeoutMs: 30_000 });
  for (let g = 0; g < GUILDS; g++) {
    fake.addGuild({
      ...(g < GUILD_COUNT ? { id: guildOf(g) } : {}),
      name: `Cat Club ${g}`,
      channels: [{ name: 'general' }, { name: 'wins' }, { name: 'training' }, { name: 'photos' }],
      roles: [{ name: 'cat people' }, { name: 'mods' }],
    });
  }
  const env = {
    DISCORD_TOKEN: fake.token,
    DISCORD_API_BASE: fake.apiBase,
    DATABASE_PATH: path,
    LOG_LEVEL: 'info',
    // Only the flags below: none inherited from the shell that runs the bench.
    NODE_OPTIONS: '',
  };
  const nodeArgs = [
    ...nodeFlagsOf('start:prod'),
    // BENCH_BOT_NODE_OPTIONS: node flags for the bot alone, for experiments (e.g. --max-semi-space-size=1).
    ...(process.env.BENCH_BOT_NODE_OPTIONS ?? '').split(/\s+/).filter(Boolean),
    ...(SNAPSHOT_DIR ? ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${SNAPSHOT_DIR}`] : []),
  ];
  const bot =
    entry === 'tsx'
      ? spawnTs('src/main.ts', env, 'tsx', nodeArgs)
      : spawnTs(join(ROOT, 'dist', 'main.js'), env, null, nodeArgs);
  try {
    await bot.waitForLine(logMsg('ready'), 60_000);
    const atReady = bot.memory();
    // Let the start-up check-in run finish (discord.js keeps the bot at 50 requests/s).
    const deadline = Date.now() + 60_000;
    while (fake.dmChannelCreates < DUE && Date.now() < deadline) await sleep(200);
    await sleep(1_000);
    const random = prng(7);
    const texts = makeTexts(200, 8);
    for (let n = 0; n < LOGS + PROGRESS; n++) {
      const i = 1 + Math.floor(random() * (SIZES.owners - 1));
      const cat = catNamesOf(i)[random() < 0.5 ? 0 : 1];
      const where = { user: ownerId(i), guildId: guildOf(i) };
      if (n < LOGS) {
        await fake.command({
          ...where,
          name: 'log',
          options: { what: texts[n % texts.length] ?? 'purred', cat },
        });
      } else {
        await fake.command({ ...where, name: 'progress', options: { cat } });
      }
    }
    await sleep(2_000);
    const after = bot.memory();
    if (SNAPSHOT_DIR) {
      writeFileSync(join(SNAPSHOT_DIR, `smaps-${entry}.txt`), readFileSync(`/proc/${bot.pid}/smaps`));
      bot.process.kill('SIGUSR2');
      await sleep(8_000);
    }
    return { atReady, after, dmChannelCreates: fake.dmChannelCreates };
  } finally {
    await bot.stop();
    await fake.close();
  }
}

const SETTING = `${fmt(GUILDS)} guilds; after ${DUE} check-in DMs, ${LOGS} /log, ${PROGRESS} /progress`;

function row(
  item: string,
  what: string,
  m: Awaited<ReturnType<typeof measure>>,
  targeted: boolean,
): ItemResult {
  const { atReady, after } = m;
  return {
    item,
    what,
    setting: SETTING,
    figure: `${fmt(after.rssMb)} MB (anon ${fmt(after.anonMb)}, file ${fmt(after.fileMb)}; peak ${fmt(after.peakMb)} MB; at ready ${fmt(atReady.rssMb)} MB)`,
    target: targeted ? '≤ 150 MB' : '–',
    met: targeted ? after.rssMb <= 150 : null,
    details: m,
  };
}

/**
 * 7: as `npm start` runs it (it builds, then `npm run start:prod`: node with its flags on dist/main.js);
 * 7t, for information: the same code under tsx, as `npm run dev` runs it, whose TypeScript loader lives
 * in the process (a loader thread with its own heap). BENCH_MEMORY_ENTRY=tsx|compiled runs one.
 */
export async function run(): Promise<ItemResult[]> {
  const only = process.env.BENCH_MEMORY_ENTRY as Entry | undefined;
  const rows: ItemResult[] = [];
  if (only !== 'tsx') {
    execFileSync(
      process.execPath,
      [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
      { cwd: ROOT, stdio: 'inherit' },
    );
    rows.push(
      row('7', 'RSS of the running bot (npm start: node dist/main.js)', await measure('compiled'), true),
    );
  }
  if (only !== 'compiled') {
    rows.push(row('7t', 'same, under tsx (npm run dev, for development)', await measure('tsx'), false));
  }
  return rows;
}

runWhenMain(import.meta.url, run);
