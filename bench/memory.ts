/**
 * Item 7: RSS of the running bot (src/main.ts as a child) with 1,000 guilds announced by the gateway,
 * after a check-in fan-out and a few hundred /log and /progress commands.
 */
import { openDatabase } from '../src/db/client.js';
import { startFakeDiscord } from '../test/support/fakeDiscord/index.js';
import { logMsg, spawnTs } from './lib/child.js';
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

export async function run(): Promise<ItemResult[]> {
  const path = workCopy(ensureCoachDataset().path, 'memory');
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
  const bot = spawnTs('src/main.ts', {
    DISCORD_TOKEN: fake.token,
    DISCORD_API_BASE: fake.apiBase,
    DATABASE_PATH: path,
    LOG_LEVEL: 'info',
  });
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
    return [
      {
        item: '7',
        what: 'RSS of the running bot (child, src/main.ts)',
        setting: `${fmt(GUILDS)} guilds; after ${DUE} check-in DMs, ${LOGS} /log, ${PROGRESS} /progress`,
        figure: `${fmt(after.rssMb)} MB (peak ${fmt(after.peakMb)} MB; at ready ${fmt(atReady.rssMb)} MB)`,
        target: '≤ 150 MB',
        met: after.rssMb <= 150,
        details: { atReady, after, dmChannelCreates: fake.dmChannelCreates },
      },
    ];
  } finally {
    await bot.stop();
    await fake.close();
  }
}

runWhenMain(import.meta.url, run);
