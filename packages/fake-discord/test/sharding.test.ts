import { once } from 'node:events';
import {
  Client,
  Events,
  GatewayIntentBits,
  MessageFlags,
  SlashCommandBuilder,
  type GatewayDispatchPayload,
  type SendableChannels,
} from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { shardOf, startFakeDiscord, type FakeDiscord, type FakeDiscordOptions } from '../src/index.js';

/** A guild id whose shard is `n % 2` (of 2): `(id >> 22) % 2` is the parity of the timestamp part. */
const guildIdFor = (n: number): string => String((BigInt(900_000_000_000 + n) << 22n) | 1n);

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.reverse()) await fn();
  cleanup = [];
});

async function fakeWithGuilds(options: FakeDiscordOptions): Promise<{ fake: FakeDiscord; guilds: string[] }> {
  const fake = await startFakeDiscord(options);
  cleanup.push(() => fake.close());
  const guilds = [0, 1, 2, 3].map((n) => fake.addGuild({ id: guildIdFor(n), name: `Club ${n}` }).id);
  return { fake, guilds };
}

interface ShardClient {
  client: Client<true>;
  /** The t and guild of every dispatch this client received. */
  events: { t: string; guildId: string | undefined }[];
}

/** A tiny bot on some shards: answers /where with the shards it runs. */
async function connect(
  fake: FakeDiscord,
  shards: number[] | 'auto',
  shardCount?: number,
  onReady?: () => void,
): Promise<ShardClient> {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: { api: fake.apiBase },
    shards,
    ...(shardCount !== undefined ? { shardCount } : {}),
  });
  cleanup.push(() => client.destroy());
  const events: ShardClient['events'] = [];
  client.on(Events.Raw, (packet: GatewayDispatchPayload) => {
    const t: string = packet.t;
    const d = packet.d as { guild_id?: string; id?: string };
    events.push({ t, guildId: t === 'GUILD_CREATE' ? d.id : d.guild_id });
  });
  client.on(Events.InteractionCreate, (interaction) => {
    if (!interaction.isChatInputCommand()) return;
    const label = Array.isArray(shards) ? shards.join(',') : 'auto';
    void interaction.reply({ content: `shard ${label}`, flags: MessageFlags.Ephemeral });
  });
  const ready = once(client, Events.ClientReady);
  await client.login(fake.token);
  await ready;
  onReady?.();
  if (!client.isReady()) throw new Error('client not ready');
  return { client, events };
}

const guildCreates = (c: ShardClient): string[] =>
  c.events.flatMap((e) => (e.t === 'GUILD_CREATE' && e.guildId !== undefined ? [e.guildId] : [])).sort();

describe('sharding', () => {
  it('routes guild events and interactions to the guild’s shard, DM interactions to shard 0', async () => {
    const { fake, guilds } = await fakeWithGuilds({ shards: { count: 2 } });
    expect(guilds.map((id) => shardOf(id, 2))).toEqual([0, 1, 0, 1]);
    const [g0 = '', g1 = '', g2 = '', g3 = ''] = guilds;

    const s0 = await connect(fake, [0], 2);
    const s1 = await connect(fake, [1], 2);
    expect(fake.gatewayShards.map((s) => [s.shard, s.connected])).toEqual([
      [[0, 2], true],
      [[1, 2], true],
    ]);
    // READY listed, and GUILD_CREATE delivered, only the shard's own guilds.
    expect(guildCreates(s0)).toEqual([g0, g2].sort());
    expect(guildCreates(s1)).toEqual([g1, g3].sort());
    expect([...s0.client.guilds.cache.keys()].sort()).toEqual([g0, g2].sort());
    expect([...s1.client.guilds.cache.keys()].sort()).toEqual([g1, g3].sort());

    const sessionOf = (shard: number) => {
      const found = fake.gatewayShards.find((s) => s.shard[0] === shard);
      return { shard: found?.shard, sessionId: found?.sessionId };
    };
    await s0.client.application.commands.set([
      new SlashCommandBuilder().setName('where').setDescription('Which shard answers').toJSON(),
    ]);
    for (const [guildId, shard] of [
      [g0, 0],
      [g1, 1],
      [g2, 0],
      [g3, 1],
    ] as const) {
      const r = await fake.command({ name: 'where', guildId });
      expect((await r.reply()).content).toBe(`shard ${shard}`);
      // The result says which gateway session got it: the one of the guild's shard.
      expect(r.deliveredTo).toEqual([sessionOf(shard)]);
    }
    const dm = await fake.command({ name: 'where', user: fake.user() });
    expect((await dm.reply()).content).toBe('shard 0');
    expect(dm.deliveredTo).toEqual([sessionOf(0)]);
    const interactions = (c: ShardClient): number =>
      c.events.filter((e) => e.t === 'INTERACTION_CREATE').length;
    expect([interactions(s0), interactions(s1)]).toEqual([3, 2]);

    // A guild added later arrives as a live GUILD_CREATE on its shard only.
    const late = fake.addGuild({ id: guildIdFor(5), name: 'Late' }).id;
    await expect.poll(() => s1.client.guilds.cache.has(late)).toBe(true);
    expect(s0.client.guilds.cache.has(late)).toBe(false);
    expect(guildCreates(s0)).toEqual([g0, g2].sort());
    expect(fake.gatewayCounters).toMatchObject({ identifies: 2, invalidSessions: 0 });
    expect(fake.invalidBodies).toEqual([]);
  });

  it('answers GET /gateway/bot with the shard count and session_start_limit', async () => {
    const { fake } = await fakeWithGuilds({ shards: { count: 4, maxConcurrency: 4 } });
    const get = async (): Promise<unknown> =>
      (
        await fetch(`${fake.apiBase}/v10/gateway/bot`, { headers: { authorization: `Bot ${fake.token}` } })
      ).json();
    expect(await get()).toEqual({
      url: fake.gatewayUrl,
      shards: 4,
      session_start_limit: { total: 1000, remaining: 1000, reset_after: 14_400_000, max_concurrency: 4 },
    });
    // One discord.js client on the four recommended shards (four buckets: no wait): every guild, four sessions.
    const all = await connect(fake, 'auto');
    expect(all.client.ws.shards.size).toBe(4);
    expect(all.client.guilds.cache.size).toBe(4);
    expect(await get()).toMatchObject({ session_start_limit: { remaining: 996 } });
  });

  it('answers a too-fast IDENTIFY in the same bucket with INVALID_SESSION; discord.js retries later', async () => {
    const { fake, guilds } = await fakeWithGuilds({
      shards: { count: 2, maxConcurrency: 1, identifyIntervalMs: 5000 },
    });
    await connect(fake, [0], 2);
    // Another process (another client) starts shard 1 at once: same bucket (1 % 1 = 0), too soon.
    const started = Date.now();
    let readyAfter = 0;
    const s1 = await connect(fake, [1], 2, () => (readyAfter = Date.now() - started));
    expect(fake.gatewayCounters).toMatchObject({ identifies: 2, identifyRateLimited: 1, invalidSessions: 1 });
    // discord.js waits out its own 5 s identify throttle, then identifies again and is ready.
    expect(readyAfter).toBeGreaterThanOrEqual(5000);
    expect([...s1.client.guilds.cache.keys()].sort()).toEqual([guilds[1], guilds[3]].sort());
    expect(fake.gatewayShards.map((s) => s.shard)).toEqual([
      [0, 2],
      [1, 2],
    ]);
  }, 20_000);

  it('lets shards of different buckets identify together', async () => {
    const { fake } = await fakeWithGuilds({
      shards: { count: 2, maxConcurrency: 2, identifyIntervalMs: 5000 },
    });
    const started = Date.now();
    await Promise.all([connect(fake, [0], 2), connect(fake, [1], 2)]);
    expect(Date.now() - started).toBeLessThan(4000);
    expect(fake.gatewayCounters).toMatchObject({ identifies: 2, identifyRateLimited: 0 });
  });

  it('closes an IDENTIFY with an impossible shard with 4010', async () => {
    const { fake } = await fakeWithGuilds({});
    const ws = new WebSocket(`${fake.gatewayUrl}/?v=10&encoding=json`);
    cleanup.push(async () => {
      ws.terminate();
      await Promise.resolve();
    });
    await once(ws, 'message'); // HELLO
    ws.send(JSON.stringify({ op: 2, d: { token: fake.token, intents: 1, properties: {}, shard: [2, 2] } }));
    const [code] = (await once(ws, 'close')) as [number];
    expect(code).toBe(4010);
    expect(fake.gatewayCounters.identifies).toBe(0);
  });
});

describe('enforce_nonce', () => {
  it('returns the first message within the window and posts again after it', async () => {
    const fake = await startFakeDiscord({ nonceWindowMs: 300 });
    cleanup.push(() => fake.close());
    const channelId = fake.addGuild({ name: 'Club' }).channel('general');
    const { client } = await connect(fake, [0], 1);
    const channel = client.channels.cache.get(channelId) as SendableChannels;
    const a = await channel.send({ content: 'check-in', nonce: 'n-1', enforceNonce: true });
    const b = await channel.send({ content: 'check-in', nonce: 'n-1', enforceNonce: true });
    expect(b.id).toBe(a.id);
    await new Promise((resolve) => setTimeout(resolve, 350));
    const c = await channel.send({ content: 'check-in', nonce: 'n-1', enforceNonce: true });
    expect(c.id).not.toBe(a.id);
    expect(fake.messagesIn(channelId).map((m) => m.id)).toEqual([a.id, c.id]);
  });
});
