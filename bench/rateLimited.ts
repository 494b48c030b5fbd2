/**
 * Item 6: the fan-out against the local server enforcing Discord's limits (global 50/s sliding window,
 * per-route buckets, real 429s with retry-after), DM channel ids stored; then a restart (new client, same
 * database) the next day, which must open no DM channel again.
 */
import { runDueCheckIns } from '../src/services/checkInRun.js';
import { startFakeDiscord, type FakeDiscord } from '@leash-coach/fake-discord';
import { DATASET_NOW, ownerId } from './lib/dataset.js';
import { checkInDeps, movableClock, seedDueOwners, sendsByStatus } from './lib/fanout.js';
import { runWhenMain } from './lib/item.js';
import { fmt, type ItemResult } from './lib/stats.js';

const OWNERS = 1_000;
const GLOBAL_PER_SECOND = 50;
const MINIMUM_S = OWNERS / GLOBAL_PER_SECOND;

function deliveries(fake: FakeDiscord): { perOwner: Map<number, number>; nonces: number } {
  const perOwner = new Map<number, number>();
  const nonces = new Set<string>();
  for (let i = 0; i < OWNERS; i++) {
    const dms = fake.dmsTo(ownerId(i));
    perOwner.set(dms.length, (perOwner.get(dms.length) ?? 0) + 1);
    for (const m of dms) if (m.nonce !== undefined) nonces.add(String(m.nonce));
  }
  return { perOwner, nonces: nonces.size };
}

export async function run(): Promise<ItemResult[]> {
  const day1 = new Date(DATASET_NOW.getTime() + 3_600_000);
  const fake = await startFakeDiscord({ rateLimits: true });
  const stored = Array.from({ length: OWNERS }, (_, i) => fake.openDmChannel(ownerId(i)));
  const path = seedDueOwners('ratelimited', OWNERS, day1, (i) => stored[i] ?? null);
  const clock = movableClock(day1);
  try {
    const days: { seconds: number; sent: number; requests: number; dmOpens: number; posted: number }[] = [];
    for (const day of [0, 1]) {
      // Day 2 runs on a new client and new services over the same file: a restart.
      clock.set(new Date(day1.getTime() + day * 86_400_000));
      const { deps, close } = checkInDeps(path, fake.apiBase, fake.token, clock);
      const before = fake.stats.totalRequests;
      const logged = fake.requests.length;
      const started = performance.now();
      const summary = await runDueCheckIns(deps);
      days.push({
        seconds: (performance.now() - started) / 1000,
        sent: summary.sent,
        requests: fake.stats.totalRequests - before,
        dmOpens: fake.requests.slice(logged).filter((r) => r.path.endsWith('/users/@me/channels')).length,
        posted: fake.requests.slice(logged).filter((r) => r.path.endsWith('/messages') && r.status === 200)
          .length,
      });
      await close();
    }
    const stats = fake.stats;
    const { perOwner, nonces } = deliveries(fake);
    const exactlyTwo = perOwner.get(2) ?? 0;
    const lost = OWNERS - exactlyTwo - [...perOwner].filter(([n]) => n > 2).reduce((a, [, c]) => a + c, 0);
    const duplicates = [...perOwner].filter(([n]) => n > 2).reduce((a, [, c]) => a + c, 0);
    const [first, second] = days;
    if (!first || !second) throw new Error('missing a day');
    const withinTime = first.seconds <= MINIMUM_S * 1.1 && second.seconds <= MINIMUM_S * 1.1;
    const reopened = fake.dmChannelCreates;
    return [
      {
        item: '6',
        what: 'fan-out under Discord limits (429s real)',
        setting: `${fmt(OWNERS)} due owners, DM ids stored; global ${GLOBAL_PER_SECOND}/s → min ${MINIMUM_S} s`,
        figure: `${fmt(first.seconds)} s; ${lost} lost, ${duplicates} dup, max ${stats.maxAcceptedInAnySecond}/s accepted, ${stats.rateLimited} × 429`,
        target: `all served, ≤ 50/s, ≤ ${fmt(MINIMUM_S * 1.1)} s`,
        met:
          lost === 0 &&
          duplicates === 0 &&
          stats.maxAcceptedInAnySecond <= 50 &&
          first.seconds <= MINIMUM_S * 1.1,
        details: {
          days,
          stats: { ...stats, perSecond: undefined },
          perOwnerDmCounts: Object.fromEntries(perOwner),
          distinctNonces: nonces,
          sends: sendsByStatus(path),
        },
      },
      {
        item: '6b',
        what: 'same after restart, next day',
        setting: 'new client + services, same DB file',
        figure: `${fmt(second.seconds)} s; ${second.posted} DMs posted for ${second.sent} sent, ${second.dmOpens} DM opens (${second.requests - second.posted} 429 retries)`,
        target: `no DM opened again, 1 accepted request per DM, ≤ ${fmt(MINIMUM_S * 1.1)} s`,
        met: reopened === 0 && second.dmOpens === 0 && second.posted === second.sent && withinTime,
        details: { dmChannelCreates: reopened },
      },
    ];
  } finally {
    await fake.close();
  }
}

runWhenMain(import.meta.url, run);
