/** Item 5: check-in fan-out to 10,000 due owners against the local Discord-compatible server, no limits. */
import { runDueCheckIns } from '../src/services/checkIns.js';
import { startFakeDiscord } from '../test/support/fakeDiscord/index.js';
import { DATASET_NOW, ownerId } from './lib/dataset.js';
import { checkInDeps, movableClock, seedDueOwners, sendsByStatus } from './lib/fanout.js';
import { runWhenMain } from './lib/item.js';
import { fmt, type ItemResult } from './lib/stats.js';

const OWNERS = Number(process.env.BENCH_FANOUT_OWNERS ?? 10_000);
const NORMAL_OWNERS = Math.min(OWNERS, 2_000);

interface Fanout {
  readonly rate: number;
  readonly seconds: number;
  readonly sent: number;
  readonly missing: number;
  readonly duplicates: number;
  readonly details: Record<string, unknown>;
}

async function fanout(name: string, owners: number, synchronousNormal: boolean): Promise<Fanout> {
  const now = new Date(DATASET_NOW.getTime() + 3_600_000);
  const path = seedDueOwners(name, owners, now);
  const fake = await startFakeDiscord({ rateLimits: false });
  const { deps, close } = checkInDeps(path, fake.apiBase, fake.token, movableClock(now), {
    clientGlobalLimit: false,
  });
  if (synchronousNormal) deps.db.$client.pragma('synchronous = NORMAL');
  try {
    const cpu = process.cpuUsage();
    const started = performance.now();
    const summary = await runDueCheckIns(deps);
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    let missing = 0;
    let duplicates = 0;
    for (let i = 0; i < owners; i++) {
      const n = fake.dmsTo(ownerId(i)).length;
      if (n === 0) missing++;
      if (n > 1) duplicates++;
    }
    return {
      rate: summary.sent / seconds,
      seconds,
      sent: summary.sent,
      missing,
      duplicates,
      details: {
        summary,
        seconds,
        processCpuSeconds: (used.user + used.system) / 1e6,
        requests: fake.stats.totalRequests,
        dmChannelCreates: fake.dmChannelCreates,
        sends: sendsByStatus(path),
      },
    };
  } finally {
    await close();
    await fake.close();
  }
}

export async function run(): Promise<ItemResult[]> {
  const main = await fanout('fanout', OWNERS, false);
  const normal = await fanout('fanout-normal', NORMAL_OWNERS, true);
  const setting = 'first DM each (open + send); bot and fake in 1 process; discord.js client limiter lifted';
  return [
    {
      item: '5',
      what: 'check-in fan-out, no rate limits',
      setting: `${fmt(OWNERS)} due owners, ${setting}`,
      figure: `${fmt(main.rate)} DMs/s (${main.sent} in ${fmt(main.seconds)} s; ${main.missing} missing, ${main.duplicates} dup)`,
      target: '≥ 500 DMs/s',
      met: main.rate >= 500 && main.missing === 0 && main.duplicates === 0,
      details: main.details,
    },
    {
      item: '5b',
      what: 'same, synchronous=NORMAL',
      setting: `${fmt(NORMAL_OWNERS)} due owners, as 5`,
      figure: `${fmt(normal.rate)} DMs/s (${normal.sent} in ${fmt(normal.seconds)} s; ${normal.missing} missing, ${normal.duplicates} dup)`,
      target: '≥ 500 DMs/s',
      met: normal.rate >= 500 && normal.missing === 0 && normal.duplicates === 0,
      details: normal.details,
    },
  ];
}

runWhenMain(import.meta.url, run);
