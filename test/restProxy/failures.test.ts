/**
 * Senders that leave and upstreams that fail do not bring the proxy down: a client gone mid-upload, one
 * that gives up while its request waits upstream or in a rate-limit queue (then it is never sent), an
 * upstream that cannot be reached, a body too large. After each, the next request is served.
 */
import { request } from 'node:http';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { HTTPError, Routes } from 'discord.js';
import { startFakeDiscord, type FakeDiscord } from '@leash-coach/fake-discord';
import { clientOf, startProxy, type RunningProxy } from './support.js';

let fake: FakeDiscord;
let running: RunningProxy;
let channelId: string;

beforeAll(async () => {
  // Messages: 1 per second per channel, so a second one waits in the proxy's queue.
  fake = await startFakeDiscord({
    rateLimits: { globalPerSecond: 50, messageCreate: { limit: 1, windowMs: 1_000 } },
  });
  channelId = fake.addGuild({ name: 'Failures' }).channel('general');
  running = await startProxy(fake.apiBase);
});

afterAll(async () => {
  await running.proxy.close(0);
  await fake.close();
});

afterEach(async () => {
  // Whatever happened, nothing is left in flight in the proxy.
  await expect.poll(() => running.proxy.inFlight).toBe(0);
});

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const postStatuses = (channel: string): number[] =>
  fake.requests
    .filter((r) => r.method === 'POST' && r.path === `/api/v10/channels/${channel}/messages`)
    .map((r) => r.status);

async function stillServes(): Promise<void> {
  const me = (await clientOf(running.base, fake.token).get(Routes.user())) as { id: string };
  expect(me.id).toBe(fake.botUser.id);
}

it('survives a client that leaves in the middle of its upload; nothing is sent', async () => {
  const channel = fake.addGuild({ name: 'Upload' }).channel('general');
  const req = request({
    host: '127.0.0.1',
    port: running.port,
    method: 'POST',
    path: `/api/v10/channels/${channel}/messages`,
    headers: {
      authorization: `Bot ${fake.token}`,
      'content-type': 'application/json',
      'content-length': '1000',
    },
  });
  req.on('error', () => undefined);
  req.write('{"content":"half a bo');
  await sleep(50);
  req.destroy();

  await stillServes();
  expect(postStatuses(channel)).toEqual([]);
});

it('cancels a request whose sender left while Discord had not answered, and frees its route', async () => {
  fake.failNext({ method: 'GET', path: /^\/channels\/\d+$/ }, { hang: true });
  const gaveUp = new AbortController();
  const rest = clientOf(running.base, fake.token, { retries: 0 });
  const hung = rest.get(Routes.channel(channelId), { signal: gaveUp.signal });
  await expect.poll(() => fake.requests.some((r) => r.status === 0)).toBe(true);
  gaveUp.abort();
  await expect(hung).rejects.toThrow();

  // The same route (one queue in the proxy) answers at once, not after the hung request's timeout.
  const channel = (await rest.get(Routes.channel(channelId))) as { id: string };
  expect(channel.id).toBe(channelId);
  await stillServes();
});

it('never sends a request whose sender gave up while it waited for its bucket', async () => {
  const rest = clientOf(running.base, fake.token, { retries: 0 });
  // The proxy learns the route's bucket from Discord's first answer on it (discord.js's queues do).
  await rest.post(Routes.channelMessages(channelId), { body: { content: 'warm-up' } });
  const channel = fake.addGuild({ name: 'Queue' }).channel('general');
  await rest.post(Routes.channelMessages(channel), { body: { content: 'first' } });
  // The bucket is empty for a second: this one waits in the proxy, and its sender gives up.
  const gaveUp = new AbortController();
  const waiting = rest.post(Routes.channelMessages(channel), {
    body: { content: 'given up' },
    signal: gaveUp.signal,
  });
  await sleep(100);
  gaveUp.abort();
  await expect(waiting).rejects.toThrow();

  await rest.post(Routes.channelMessages(channel), { body: { content: 'third' } });
  expect(fake.messagesIn(channel).map((m) => m.content)).toEqual(['first', 'third']);
  // The given-up request never went out: no 429 from trying it early, no second message.
  expect(postStatuses(channel)).toEqual([200, 200]);
});

it('answers 502 when Discord cannot be reached (not 200), and keeps running', async () => {
  const nowhere = await startProxy('http://127.0.0.1:1/api');
  try {
    const sent = clientOf(nowhere.base, fake.token, { retries: 0 }).post(Routes.channelMessages(channelId), {
      body: { content: 'lost' },
    });
    await expect(sent).rejects.toBeInstanceOf(HTTPError);
    await expect(sent).rejects.toMatchObject({ status: 502 });
    const again = await fetch(`${nowhere.base}/v10/users/@me`, {
      headers: { authorization: `Bot ${fake.token}` },
    });
    expect(again.status).toBe(502);
  } finally {
    await nowhere.proxy.close(0);
  }
});

it('answers 504 when Discord does not answer in time', async () => {
  const slow = await startProxy(fake.apiBase, { upstreamTimeoutMs: 200 });
  try {
    fake.failNext({ method: 'GET', path: /^\/users\/@me$/ }, { hang: true });
    const response = await fetch(`${slow.base}/v10/users/@me`, {
      headers: { authorization: `Bot ${fake.token}` },
    });
    expect(response.status).toBe(504);
  } finally {
    await slow.proxy.close(0);
  }
});

it('refuses a body over the limit with 413 and sends nothing', async () => {
  const small = await startProxy(fake.apiBase, { maxBodyBytes: 1_000 });
  const channel = fake.addGuild({ name: 'Big' }).channel('general');
  try {
    const sent = clientOf(small.base, fake.token, { retries: 0 }).post(Routes.channelMessages(channel), {
      body: { content: 'big' },
      files: [{ name: 'big.bin', data: Buffer.alloc(5_000) }],
    });
    await expect(sent).rejects.toMatchObject({ status: 413 });
    expect(postStatuses(channel)).toEqual([]);
  } finally {
    await small.proxy.close(0);
  }
  await stillServes();
});
