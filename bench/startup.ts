/** Item 8: spawn src/main.ts against the local server with item 1's migrated database; time to 'ready'. */
import { execFileSync } from 'node:child_process';
import { startFakeDiscord } from '@leash-coach/fake-discord';
import { logMsg, nodeFlagsOf, ROOT, spawnTs } from './lib/child.js';
import { ensureCoachDataset, workCopy } from './lib/dataset.js';
import { runWhenMain } from './lib/item.js';
import { fmt, ms, summarise, type ItemResult } from './lib/stats.js';

const RUNS = 5;

export async function run(): Promise<ItemResult[]> {
  const path = workCopy(ensureCoachDataset().path, 'startup');
  const fake = await startFakeDiscord();
  fake.addGuild({ name: 'Cat Club' });
  try {
    const env = {
      DISCORD_TOKEN: fake.token,
      DISCORD_API_BASE: fake.apiBase,
      DATABASE_PATH: path,
      LOG_LEVEL: 'info',
    };
    // `npm start` builds, then runs the compiled bot with plain node and its flags: build it once.
    execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
      cwd: ROOT,
    });
    const ready: number[] = [];
    const readyProd: number[] = [];
    const trivial: number[] = [];
    const dbReady: number[] = [];
    // One unmeasured start of each warms the OS file cache for node_modules and the database.
    for (let n = -1; n < RUNS; n++) {
      const base = spawnTs('bench/lib/trivial.ts', {});
      const t = await base.waitForLine(logMsg('ready'), 30_000);
      await base.stop();
      const bot = spawnTs('src/main.ts', env);
      const database = bot.waitForLine(logMsg('database ready'), 30_000);
      const r = await bot.waitForLine(logMsg('ready'), 30_000);
      const d = await database;
      await bot.stop();
      const prod = spawnTs('dist/main.js', env, null, nodeFlagsOf('start:prod'));
      const p = await prod.waitForLine(logMsg('ready'), 30_000);
      await prod.stop();
      if (n < 0) continue;
      trivial.push(t);
      ready.push(r);
      readyProd.push(p);
      dbReady.push(d);
    }
    const r = summarise(ready);
    const rp = summarise(readyProd);
    const t = summarise(trivial);
    const d = summarise(dbReady);
    return [
      {
        item: '8',
        what: "start to 'ready' (npm start, after its build: node dist/main.js)",
        setting: `local server, item 1's 1M-session DB file; ${RUNS} starts`,
        figure: `p50 ${ms(rp.p50)}, max ${ms(rp.max)}`,
        target: '≤ 2 s',
        met: rp.max <= 2_000,
        details: { readyMs: rp },
      },
      {
        item: '8b',
        what: "start to 'ready' (npm run dev's way: node --import tsx src/main.ts)",
        setting: `local server, item 1's 1M-session DB file; ${RUNS} starts`,
        figure: `p50 ${ms(r.p50)}, max ${ms(r.max)}; tsx+Node alone ${ms(t.p50)} (${fmt((100 * t.p50) / r.p50)}%)`,
        target: '–',
        met: null,
        details: { readyMs: r, trivialScriptMs: t, databaseReadyMs: d },
      },
    ];
  } finally {
    await fake.close();
  }
}

runWhenMain(import.meta.url, run);
