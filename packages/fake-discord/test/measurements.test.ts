/**
 * What a test with several bot processes reads off the fake: whether the processes together ever went over
 * the global limit, and a request that takes effect but is never answered (the sender died waiting).
 * Plain fetch, no discord.js: exactly these requests, at exactly these moments.
 */
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeDiscord, type FakeDiscord, type FakeDiscordOptions } from '../src/index.js';

let fakes: FakeDiscord[] = [];
afterEach(async () => {
  await Promise.all(fakes.map((f) => f.close()));
  fakes = [];
});

async function start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const fake = await startFakeDiscord(options);
  fakes.push(fake);
  return fake;
}

function getMe(fake: FakeDiscord): Promise<number> {
  return fetch(`${fake.apiBase}/v10/users/@me`, { headers: { authorization: `Bot ${fake.token}` } }).then(
    async (r) => {
      await r.arrayBuffer();
      return r.status;
    },
  );
}

const burst = (fake: FakeDiscord, n: number): Promise<number[]> =>
  Promise.all(Array.from({ length: n }, () => getMe(fake)));

describe('globalLimitExceeded', () => {
  it('stays false while the clients keep to the limit, and turns true once they send more', async () => {
    const fake = await start({ rateLimits: { globalPerSecond: 5 } });
    expect(await burst(fake, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(fake.stats).toMatchObject({ maxReceivedInAnySecond: 5, globalLimitExceeded: false });
    // A second later the window is free again: 5 of 7 go through; together the clients went over.
    await new Promise((resolve) => setTimeout(resolve, 1_050));
    expect((await burst(fake, 7)).sort()).toEqual([200, 200, 200, 200, 200, 429, 429]);
    expect(fake.stats).toMatchObject({
      maxReceivedInAnySecond: 7,
      globalRateLimited: 2,
      globalLimitExceeded: true,
    });
  });

  it('is false without rate limits, however fast the requests come', async () => {
    const fake = await start();
    await burst(fake, 60);
    expect(fake.stats).toMatchObject({ maxReceivedInAnySecond: 60, globalLimitExceeded: false });
  });
});

describe('failNext with { hang: true, handled: true }', () => {
  it('posts the message but never answers; a repeat with the nonce returns that message', async () => {
    const fake = await start({ rateLimits: true });
    const user = fake.user(undefined, 'mia');
    const dm = fake.openDmChannel(user.id);
    fake.failNext({ method: 'POST', path: /^\/channels\/\d+\/messages$/ }, { hang: true, handled: true });
    const post = (signal?: AbortSignal): Promise<Response> =>
      fetch(`${fake.apiBase}/v10/channels/${dm}/messages`, {
        method: 'POST',
        headers: { authorization: `Bot ${fake.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ content: 'check-in', nonce: 'n-1', enforce_nonce: true }),
        ...(signal ? { signal } : {}),
      });

    const sender = new AbortController();
    const unanswered = post(sender.signal);
    // It takes effect: the message is posted, and the global limit counts the request…
    expect((await fake.waitForDm(user.id)).content).toBe('check-in');
    expect(fake.stats.maxReceivedInAnySecond).toBe(1);
    // …but no answer comes: the sender gives up.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(fake.requests.map((r) => r.status)).toEqual([0]);
    sender.abort();
    await expect(unanswered).rejects.toThrow();

    // The sender repeats it with the same nonce: the same message, not a second one.
    const repeat = await post();
    expect(repeat.status).toBe(200);
    expect(((await repeat.json()) as { id: string }).id).toBe(fake.dmsTo(user.id)[0]?.id);
    expect(fake.dmsTo(user.id)).toHaveLength(1);
  });

  it('without handled, the request takes no effect', async () => {
    const fake = await start();
    const channel = fake.addGuild({ name: 'Club' }).channel('general');
    fake.failNext({ method: 'POST', path: /^\/channels\/\d+\/messages$/ }, { hang: true });
    await expect(
      fetch(`${fake.apiBase}/v10/channels/${channel}/messages`, {
        method: 'POST',
        headers: { authorization: `Bot ${fake.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ content: 'lost' }),
        signal: AbortSignal.timeout(300),
      }),
    ).rejects.toThrow();
    expect(fake.messagesIn(channel)).toEqual([]);
    expect(fake.requests.map((r) => [r.status, r.body])).toEqual([[0, { content: 'lost' }]]);
  });
});

describe('a client that leaves while sending its body', () => {
  it('is not recorded and the fake serves on (no unhandled rejection)', async () => {
    const fake = await start();
    const socket = connect(fake.port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(
      `POST /api/v10/channels/1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bot ${fake.token}\r\n` +
        'Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"content":',
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fake.requests).toEqual([]);
    expect(await getMe(fake)).toBe(200);
  });
});
