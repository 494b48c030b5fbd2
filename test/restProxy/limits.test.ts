/**
 * Two bot processes through one proxy stay under Discord's global limit together, and under each
 * channel's bucket, and lose nothing. Each sender alone would go at its own 50/s; together at twice that.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Routes } from 'discord.js';
import { startFakeDiscord, type FakeDiscord } from '@leash-coach/fake-discord';
import { clientOf, startProxy, type RunningProxy } from './support.js';

const GLOBAL_LIMIT = 50;
const CHANNELS = 12;
const PER_CHANNEL_PER_SENDER = 5;

let fake: FakeDiscord;
let running: RunningProxy;

beforeAll(async () => {
  fake = await startFakeDiscord({
    rateLimits: { globalPerSecond: GLOBAL_LIMIT, messageCreate: { limit: 5, windowMs: 1_000 } },
  });
  running = await startProxy(fake.apiBase);
});

afterAll(async () => {
  await running.proxy.close(0);
  await fake.close();
});

it('two senders: never over the global limit in aggregate, every message once', async () => {
  const guild = fake.addGuild({
    name: 'Busy',
    channels: Array.from({ length: CHANNELS }, (_, i) => ({ name: `room-${String(i)}` })),
  });
  const senders = ['a', 'b'].map((name) => ({ name, rest: clientOf(running.base, fake.token) }));
  const sends = senders.flatMap(({ name, rest }) =>
    guild.channels.flatMap((channel) =>
      Array.from({ length: PER_CHANNEL_PER_SENDER }, (_, i) => {
        const content = `${name}-${channel.name}-${String(i)}`;
        return rest.post(Routes.channelMessages(channel.id), {
          body: { content, nonce: content, enforce_nonce: true },
        });
      }),
    ),
  );
  const results = await Promise.allSettled(sends);
  expect(results.filter((r) => r.status === 'rejected')).toEqual([]);

  const delivered = guild.channels.flatMap((channel) => fake.messagesIn(channel.id).map((m) => m.content));
  const expected = senders.flatMap(({ name }) =>
    guild.channels.flatMap((channel) =>
      Array.from({ length: PER_CHANNEL_PER_SENDER }, (_, i) => `${name}-${channel.name}-${String(i)}`),
    ),
  );
  expect(delivered.sort()).toEqual(expected.sort());

  const stats = fake.stats;
  expect(stats.globalRateLimited).toBe(0);
  expect(stats.maxReceivedInAnySecond).toBeLessThanOrEqual(GLOBAL_LIMIT);
  expect(stats.maxAcceptedInAnySecond).toBeLessThanOrEqual(GLOBAL_LIMIT);
});
