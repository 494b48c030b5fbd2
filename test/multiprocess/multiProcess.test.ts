/**
 * One bot as several processes (issue 14, item 7): the REST proxy and two bot processes, shards 0 and 1
 * of 2, each a child process (`node --import tsx`, as `npm run dev`), on one real PostgreSQL database,
 * every REST request through the proxy, against the local Discord with two shards and Discord's global
 * limit (50 requests in any second). Proven here:
 * 1. commands are answered in servers of both shards, each by the process that runs the server's shard;
 * 2. one owner logging through both processes at once loses no session, and the cat's counters come out
 *    as if the logs had run one by one;
 * 3. 100 owners due in the same minute, the process sending them killed (SIGKILL) at its first DM and
 *    restarted: every owner gets exactly one check-in, the last within 60 s of the restart;
 * and over the whole run the processes together never went over the global limit; then
 * 4. SIGTERM stops every process cleanly: exit code 0, well before the forced exit.
 */
import { freePort } from '../../scripts/lib/freePort.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  shardOf,
  startFakeDiscord,
  type FakeDiscord,
  type RecordedMessage,
  type RequestLogEntry,
} from '@leash-coach/fake-discord';
import { openPgDatabase, type PgDb } from '../../src/db/pg/client.js';
import { createPgStore } from '../../src/db/pg/store.js';
import { addCat } from '../../src/services/cats.js';
import { setCheckIn } from '../../src/services/checkInSettings.js';
import { logSession } from '../../src/services/sessions.js';
import { createPgTestDatabase, openTestDatabase } from '../support/backends.js';
import { fakeClock } from '../support/fakeClock.js';
import {
  killHard,
  spawnBot,
  spawnRestProxy,
  tempDir,
  type ChildBot,
} from '../reliability/support/childBot.js';
import { guildIdFor, metric, query, stopWith, waitHealthy } from './support.js';

const GLOBAL_LIMIT = 50;
const OWNERS = 100;
/** A severe signal at the first stage: nowhere to step back to, so every log adds one step-back. */
const SEVERE = 'hissed and tried to escape';
const DM_POST = /\/channels\/(\d+)\/messages$/;
/** A metric is counted just after the answer: give a loaded machine time to catch up. */
const POLL = { timeout: 10_000, interval: 100 };

interface BotProcess {
  readonly shard: number;
  readonly healthPort: number;
  child: ChildBot;
}

let fake: FakeDiscord;
let dir: ReturnType<typeof tempDir>;
let databaseUrl: string;
let db: PgDb;
let proxy: ChildBot;
let proxyBase: string;
let bots: [BotProcess, BotProcess];
/** Every child ever started, for afterAll. */
const children: ChildBot[] = [];
/** Servers on shard 0 and on shard 1. */
const guilds: [string, string] = [guildIdFor(0), guildIdFor(1)];

function startBotProcess(shard: number, healthPort: number): ChildBot {
  const child = spawnBot({
    fake,
    databasePath: `${dir.path}/never-created.db`,
    databaseUrl,
    env: {
      SHARD_COUNT: '2',
      SHARD_IDS: String(shard),
      DISCORD_REST_PROXY: proxyBase,
      // No way to Discord but the proxy: the limit it keeps is the one of every process together.
      DISCORD_API_BASE: '',
      HEALTH_PORT: String(healthPort),
      JOBS: 'on',
    },
  });
  children.push(child);
  return child;
}

/** Ready: /healthz says the shard and the database are fine, and the bot logged 'ready' (jobs running). */
async function whenReady(bot: BotProcess): Promise<void> {
  await waitHealthy(bot.child, bot.healthPort);
  await bot.child.waitForLog((line) => line.msg === 'ready', 60_000);
}

/** The fake's gateway session of a shard (the process running that shard identified it). */
function sessionOf(shard: number) {
  const session = fake.gatewayShards.find((s) => s.shard[0] === shard && s.connected);
  if (!session) throw new Error(`no connected session for shard ${String(shard)}`);
  return { shard: session.shard, sessionId: session.sessionId };
}

const handled = (bot: BotProcess): Promise<number> => metric(bot.healthPort, 'leash_interactions_total');

/**
 * Makes the owners due now, all in the same minute (their check-in time is this very minute), and kills
 * `sender` with SIGKILL at the first check-in DM: that DM takes effect (Discord posts it) but its answer
 * never comes.
 */
async function dueNowKilledAtFirstDm(
  sender: ChildBot,
  owners: readonly string[],
): Promise<{ first: RequestLogEntry; killedAt: number }> {
  const marker = fake.requests.length;
  fake.failNext({ method: 'POST', path: /^\/channels\/\d+\/messages$/ }, { hang: true, handled: true });
  await query(
    db.$client,
    `UPDATE owners SET next_check_in_at = date_trunc('minute', now()),
       check_in_time = to_char(date_trunc('minute', now()) AT TIME ZONE 'UTC', 'HH24:MI')
     WHERE id = ANY($1)`,
    [owners],
  );
  // The check-in job runs every 15 s: the first DM comes within one period (40 s on a loaded machine).
  const deadline = Date.now() + 40_000;
  for (;;) {
    const first = fake.requests.slice(marker).find((r) => r.method === 'POST' && DM_POST.test(r.path));
    if (first !== undefined) {
      sender.signal('SIGKILL');
      const killedAt = Date.now();
      expect(await sender.exited).toEqual({ code: null, signal: 'SIGKILL' });
      return { first, killedAt };
    }
    if (Date.now() > deadline) throw new Error(`no check-in DM was sent.\n${sender.output().slice(-3000)}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

beforeAll(async () => {
  fake = await startFakeDiscord({
    shards: { count: 2, maxConcurrency: 2, identifyIntervalMs: 5_000 },
    rateLimits: { globalPerSecond: GLOBAL_LIMIT },
    timeoutMs: 20_000,
    // The bots answer in milliseconds, but this machine may be loaded: the test is not about latency.
    callbackDeadlineMs: 10_000,
  });
  for (const id of guilds) fake.addGuild({ id, name: `Club on shard ${String(shardOf(id, 2))}` });
  dir = tempDir('leash-multi-');
  databaseUrl = await createPgTestDatabase();
  db = openPgDatabase(databaseUrl, { poolSize: 3, applicationName: 'multi-process-test' });

  const proxyPort = await freePort();
  proxyBase = `http://127.0.0.1:${String(proxyPort)}/api`;
  proxy = spawnRestProxy({ REST_PROXY_PORT: String(proxyPort), DISCORD_API_BASE: fake.apiBase });
  children.push(proxy);
  await proxy.waitForLog((line) => line.msg === 'REST proxy listening');

  const ports = [await freePort(), await freePort()] as const;
  bots = [
    { shard: 0, healthPort: ports[0], child: startBotProcess(0, ports[0]) },
    { shard: 1, healthPort: ports[1], child: startBotProcess(1, ports[1]) },
  ];
  await Promise.all(bots.map(whenReady));
}, 120_000);

afterAll(async () => {
  // Whatever happened: no child outlives the test (SIGKILL works on a stopped process too).
  await Promise.all(children.map((child) => killHard(child)));
  await db.$client.end();
  await fake.close();
  dir.remove();
}, 30_000);

it('answers commands in servers of both shards, each in the process that runs the shard', async () => {
  expect(guilds.map((id) => shardOf(id, 2))).toEqual([0, 1]);
  expect(fake.gatewayShards.map((s) => s.shard).sort()).toEqual([
    [0, 2],
    [1, 2],
  ]);
  const before = await Promise.all(bots.map(handled));
  const owner = fake.user('610000000000000001', 'two_servers');

  for (const [shard, guildId] of guilds.entries()) {
    const added = await fake.command({
      name: 'cat',
      subcommand: 'add',
      user: owner,
      guildId,
      options: { name: `Mochi${String(shard)}` },
    });
    expect((await added.reply()).content).toContain(`Mochi${String(shard)}`);
    expect(added.deliveredTo).toEqual([sessionOf(shard)]);
  }
  // One database behind both: the shard-1 process lists the cat the shard-0 process added.
  const listed = await fake.command({ name: 'cat', subcommand: 'list', user: owner, guildId: guilds[1] });
  expect(listed.deliveredTo).toEqual([sessionOf(1)]);
  const list = await listed.reply();
  expect(JSON.stringify([list.content, list.embeds])).toMatch(/Mochi0[\s\S]*Mochi1|Mochi1[\s\S]*Mochi0/);
  // A DM interaction goes to shard 0.
  const help = await fake.command({ name: 'help', user: owner });
  expect(help.deliveredTo).toEqual([sessionOf(0)]);
  expect((await help.reply()).content + JSON.stringify((await help.reply()).embeds)).toMatch(/\/log/);

  // Each process handled exactly the interactions of its shard (its own metrics say so).
  await expect
    .poll(async () => (await Promise.all(bots.map(handled))).map((n, i) => n - (before[i] ?? 0)), POLL)
    .toEqual([2, 2]);
  expect(fake.invalidBodies).toEqual([]);
}, 60_000);

it('one owner logging through both processes at once loses no session', async () => {
  const owner = fake.user('610000000000000002', 'busy_owner');
  const before = await Promise.all(bots.map(handled));
  const added = await fake.command({
    name: 'cat',
    subcommand: 'add',
    user: owner,
    guildId: guilds[0],
    options: { name: 'Tofu' },
  });
  await added.reply();

  // 20 logs in a server of each shard, all at once: the two processes write to one cat together.
  const logs = await Promise.all(
    Array.from({ length: 40 }, (_, i) =>
      fake.command({
        name: 'log',
        user: owner,
        guildId: guilds[i % 2] ?? '',
        options: { what: SEVERE, minutes: 2 },
      }),
    ),
  );
  const replies: RecordedMessage[] = await Promise.all(logs.map((r) => r.reply()));
  for (const [i, r] of logs.entries()) expect(r.deliveredTo).toEqual([sessionOf(i % 2)]);
  const answered = replies.map((m) => {
    const footer = JSON.stringify(m.embeds[0]?.footer ?? null);
    return Number(/Session #(\d+)/.exec(footer)?.[1]);
  });
  expect(answered.every(Number.isInteger)).toBe(true);
  await expect
    .poll(async () => (await Promise.all(bots.map(handled))).map((n, i) => n - (before[i] ?? 0)), POLL)
    // The /cat add (shard 0), then 20 logs in each process.
    .toEqual([21, 20]);

  // Every answered log is stored, once, for this cat.
  const cat = (
    await query<{ id: number; stage: string; step_backs: number; good_days: number; moderate_run: number }>(
      db.$client,
      'SELECT id, stage, step_backs, good_days, moderate_run FROM cats WHERE owner_id = $1',
      [owner.id],
    )
  )[0];
  const stored = await query<{ id: number }>(
    db.$client,
    'SELECT id FROM sessions WHERE cat_id = $1 ORDER BY id',
    [cat?.id],
  );
  expect(stored.map((s) => s.id)).toEqual([...answered].sort((a, b) => a - b));
  const stageChanges = await query<{ n: number }>(
    db.$client,
    'SELECT count(*)::int AS n FROM stage_changes WHERE cat_id = $1',
    [cat?.id],
  );

  // The counters: as if the same 40 logs had run one by one (on SQLite, in this process).
  const serial = await openTestDatabase('sqlite');
  const deps = { store: serial.store, clock: fakeClock(new Date()) };
  const serialCat = (await addCat(deps, { ownerId: owner.id, name: 'Tofu' })).id;
  for (let i = 0; i < 40; i++) await logSession(deps, { ownerId: owner.id, what: SEVERE, minutes: 2 });
  const expected = await serial.store.cats.find(serialCat);
  const serialChanges = await serial.query<{ n: number }>(
    'SELECT count(*) AS n FROM stage_changes WHERE cat_id = ?',
    serialCat,
  );
  expect({
    stage: cat?.stage,
    stepBacks: cat?.step_backs,
    goodDays: cat?.good_days,
    moderateRun: cat?.moderate_run,
    stageChanges: stageChanges[0]?.n,
  }).toEqual({
    stage: expected?.stage,
    stepBacks: expected?.stepBacks,
    goodDays: expected?.goodDays,
    moderateRun: expected?.moderateRun,
    stageChanges: serialChanges[0]?.n,
  });
  expect(cat?.step_backs).toBe(40);
}, 90_000);

it('100 owners due at once, the sending process killed at its first DM and restarted: one check-in each', async () => {
  const [a, b] = bots;
  const owners = Array.from({ length: OWNERS }, (_, i) => `70000000000000${String(i).padStart(4, '0')}`);
  const ownerByChannel = new Map<string, string>();
  // Owners as /checkin set leaves them (a cat, a daily time, the DM channel the confirmation opened).
  const store = createPgStore(db);
  const clock = fakeClock(new Date());
  for (const [i, ownerId] of owners.entries()) {
    fake.user(ownerId, `due${String(i)}`);
    await addCat({ store, clock }, { ownerId, name: `Cat${String(i)}` });
    await setCheckIn({ store, clock }, { ownerId, time: '12:00', timezone: 'UTC' });
    const channel = fake.openDmChannel(ownerId);
    ownerByChannel.set(channel, ownerId);
    await query(db.$client, 'UPDATE owners SET dm_channel_id = $1 WHERE id = $2', [channel, ownerId]);
  }

  // Through the shared proxy the fake cannot tell the processes apart, so process B waits (SIGSTOP) until
  // the first DM is out: that DM, and every claim at that moment, are certainly process A's.
  b.child.signal('SIGSTOP');
  const { first, killedAt } = await dueNowKilledAtFirstDm(a.child, owners).finally(() => {
    b.child.signal('SIGCONT');
  });

  const hungOwner = ownerByChannel.get(DM_POST.exec(first.path)?.[1] ?? '');
  expect(hungOwner).toBeDefined();
  // At the kill every claim was A's (one run, one token), and some were still open.
  const claims = await query<{ status: string; token: string | null }>(
    db.$client,
    'SELECT status, claim_token AS token FROM check_in_sends',
  );
  const open = claims.filter((c) => c.status === 'claimed');
  expect(open.length).toBeGreaterThan(0);
  expect(new Set(open.map((c) => c.token)).size).toBe(1);

  // Restarted at once, as a process manager would (same shard, same health port).
  const restartedAt = Date.now();
  a.child = startBotProcess(0, a.healthPort);
  await whenReady(a);

  // Everyone is sent (A's open claims re-sent by B or by the new A once their lease ran out).
  await expect
    .poll(
      async () =>
        query<{ status: string; n: number }>(
          db.$client,
          'SELECT status, count(*)::int AS n FROM check_in_sends GROUP BY status',
        ),
      { timeout: 120_000, interval: 500 },
    )
    .toEqual([{ status: 'sent', n: OWNERS }]);
  // And nobody is due again today: nothing more can be sent.
  expect(
    await query(db.$client, "SELECT id FROM owners WHERE next_check_in_at < now() + interval '1 hour'"),
  ).toEqual([]);

  // Exactly one message per owner reached Discord, and it is the one recorded.
  const recorded = new Map(
    (
      await query<{ owner_id: string; message_id: string }>(
        db.$client,
        'SELECT owner_id, message_id FROM check_in_sends',
      )
    ).map((r) => [r.owner_id, r.message_id]),
  );
  for (const ownerId of owners) {
    const dms = fake.dmsTo(ownerId);
    expect({ ownerId, messages: dms.length }).toEqual({ ownerId, messages: 1 });
    expect(recorded.get(ownerId)).toBe(dms[0]?.id);
  }
  // The DM whose answer was lost was sent again with its nonce, and Discord kept the first.
  const hungChannel = fake.dmChannelOf(hungOwner ?? '') ?? '';
  const posts = fake.requests.filter(
    (r) => r.method === 'POST' && r.path.endsWith(`/channels/${hungChannel}/messages`),
  );
  expect(posts.length).toBeGreaterThanOrEqual(2);
  expect(new Set(posts.map((p) => (p.body as { nonce?: string }).nonce)).size).toBe(1);

  // A's open claims were taken over, each once, by the survivor and the restarted process together.
  const resent =
    (await metric(b.healthPort, 'leash_check_ins_total', { result: 'resent' })) +
    (await metric(a.healthPort, 'leash_check_ins_total', { result: 'resent' }));
  expect(resent).toBe(open.length);

  // The last check-in went out within 60 s of the restart (and of the death).
  const last = Math.max(...owners.map((id) => fake.dmsTo(id)[0]?.createdAt.getTime() ?? Infinity));
  expect(last - restartedAt).toBeLessThanOrEqual(60_000);
  expect(last - killedAt).toBeLessThanOrEqual(60_000);

  // Over the whole run, the processes together never sent Discord more than its global limit.
  expect(fake.stats).toMatchObject({ globalLimitExceeded: false, globalRateLimited: 0 });
  expect(fake.invalidBodies).toEqual([]);
}, 240_000);

it('SIGTERM stops every process cleanly', async () => {
  const processes = [...bots.map((b) => b.child), proxy];
  const stops = await Promise.all(processes.map((child) => stopWith(child, 'SIGTERM')));
  for (const stop of stops) {
    expect({ code: stop.code, signal: stop.signal }).toEqual({ code: 0, signal: null });
    // Well before the forced exit (15 s after SIGTERM), which would exit 0 too.
    expect(stop.ms).toBeLessThan(10_000);
  }
  for (const child of processes) {
    expect(child.logs.filter((l) => l.level >= 50)).toEqual([]);
    expect(child.logs.map((l) => l.msg)).toContain('shutting down');
  }
  expect(proxy.logs.map((l) => l.msg)).toContain('stopped');
}, 60_000);
