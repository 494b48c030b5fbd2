/** Item 5: check-in fan-out to 10,000 due owners against the local Discord-compatible server, no limits. */
import { runDueCheckIns, type CheckInRunDeps } from '../src/services/checkInRun.js';
import { startFakeDiscord } from '@leash-coach/fake-discord';
import { DATASET_NOW, ownerId } from './lib/dataset.js';
import { forkFakeDiscord, type Tally } from './lib/fakeServer.js';
import {
  checkInDeps,
  checkInDepsOver,
  movableClock,
  seedDueOwners,
  seedDueOwnersPg,
  sendsByStatus,
  sendsByStatusPg,
} from './lib/fanout.js';
import { pgWorkDatabase, withPgServer } from './lib/pg.js';
import { closePgDatabase } from '../src/db/pg/client.js';
import { createPgStore } from '../src/db/pg/store.js';
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

interface Server {
  readonly apiBase: string;
  readonly token: string;
  tally(userIds: string[]): Promise<Tally>;
  close(): Promise<void>;
}

/** The fake in this process (it shares the bot's core) or in its own (the bot's capacity alone). */
async function startServer(where: 'own process' | 'same process'): Promise<Server> {
  if (where === 'own process') return forkFakeDiscord();
  const fake = await startFakeDiscord({ rateLimits: false });
  return {
    apiBase: fake.apiBase,
    token: fake.token,
    tally: (userIds) => {
      let missing = 0;
      let duplicates = 0;
      for (const id of userIds) {
        const n = fake.dmsTo(id).length;
        if (n === 0) missing++;
        if (n > 1) duplicates++;
      }
      return Promise.resolve({
        missing,
        duplicates,
        requests: fake.stats.totalRequests,
        dmChannelCreates: fake.dmChannelCreates,
        cpuSeconds: Number.NaN,
      });
    },
    close: () => fake.close(),
  };
}

/** Runs one tick over `deps` and reads what the server saw: the figures of one fan-out row. */
async function measure(
  deps: CheckInRunDeps,
  server: Server,
  owners: number,
  details: () => Promise<Record<string, unknown>>,
): Promise<Fanout> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const summary = await runDueCheckIns(deps);
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const tally = await server.tally(Array.from({ length: owners }, (_, i) => ownerId(i)));
  return {
    rate: summary.sent / seconds,
    seconds,
    sent: summary.sent,
    missing: tally.missing,
    duplicates: tally.duplicates,
    details: {
      summary,
      seconds,
      botCpuSeconds: (used.user + used.system) / 1e6,
      serverProcessCpuSeconds: tally.cpuSeconds,
      requests: tally.requests,
      dmChannelCreates: tally.dmChannelCreates,
      ...(await details()),
    },
  };
}

async function fanout(
  name: string,
  owners: number,
  synchronousNormal: boolean,
  where: 'own process' | 'same process',
): Promise<Fanout> {
  const now = new Date(DATASET_NOW.getTime() + 3_600_000);
  const path = seedDueOwners(name, owners, now);
  const fake = await startServer(where);
  const { deps, db, close } = checkInDeps(path, fake.apiBase, fake.token, movableClock(now), {
    clientGlobalLimit: false,
  });
  if (synchronousNormal) db.$client.pragma('synchronous = NORMAL');
  try {
    return await measure(deps, fake, owners, () =>
      Promise.resolve({ server: where, sends: sendsByStatus(path) }),
    );
  } finally {
    await close();
    await fake.close();
  }
}

function row(item: string, what: string, owners: number, setting: string, f: Fanout): ItemResult {
  return {
    item,
    what,
    setting: `${fmt(owners)} due owners, ${setting}`,
    figure: `${fmt(f.rate)} DMs/s (${f.sent} in ${fmt(f.seconds)} s, bot CPU ${fmt(Number(f.details.botCpuSeconds))} s; ${f.missing} missing, ${f.duplicates} dup)`,
    target: '≥ 500 DMs/s',
    met: f.rate >= 500 && f.missing === 0 && f.duplicates === 0,
    details: f.details,
  };
}

export async function run(): Promise<ItemResult[]> {
  const own = await fanout('fanout', OWNERS, false, 'own process');
  const shared = await fanout('fanout-shared', OWNERS, false, 'same process');
  const normal = await fanout('fanout-normal', NORMAL_OWNERS, true, 'own process');
  const setting = 'first DM each (open + send); discord.js client limiter lifted';
  return [
    row('5', 'check-in fan-out, no rate limits', OWNERS, `${setting}; fake server in its own process`, own),
    row('5s', 'same, fake server in the bot’s process', OWNERS, `${setting}; both on one core`, shared),
    row('5b', 'same, synchronous=NORMAL', NORMAL_OWNERS, 'as 5', normal),
  ];
}

/** Item 5 on PostgreSQL: the same owners in a fresh database on the bench server, fake in its own process. */
export async function runPg(): Promise<ItemResult[]> {
  return withPgServer(async (adminUrl) => {
    const now = new Date(DATASET_NOW.getTime() + 3_600_000);
    const db = await pgWorkDatabase(adminUrl, 'fanout', null);
    try {
      await seedDueOwnersPg(db, OWNERS, now);
      const fake = await startServer('own process');
      const { deps, close } = checkInDepsOver(
        createPgStore(db),
        fake.apiBase,
        fake.token,
        movableClock(now),
        { clientGlobalLimit: false },
      );
      try {
        const f = await measure(deps, fake, OWNERS, async () => ({
          server: 'own process',
          pool: db.$client.options.max,
          sends: await sendsByStatusPg(db),
        }));
        return [
          row(
            '5pg',
            'check-in fan-out, no rate limits, PostgreSQL',
            OWNERS,
            `first DM each (open + send); discord.js client limiter lifted; fake server in its own process; pool ${db.$client.options.max}`,
            f,
          ),
        ];
      } finally {
        await close();
        await fake.close();
      }
    } finally {
      await closePgDatabase(db);
    }
  });
}

runWhenMain(import.meta.url, run, runPg);
