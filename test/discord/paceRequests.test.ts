import { describe, expect, it } from 'vitest';
import { paceRequests } from '../../src/discord/paceRequests.js';

type MakeRequest = Parameters<typeof paceRequests>[0];

/** A clock that only moves when the pacer sleeps, so every start time is exact. */
function fakeTime() {
  let t = 0;
  const sleeps: number[] = [];
  return {
    now: () => t,
    sleep: (ms: number): Promise<void> => {
      sleeps.push(ms);
      t += ms;
      return Promise.resolve();
    },
    advance: (ms: number) => {
      t += ms;
    },
    sleeps,
  };
}

function recorder(clock: { now: () => number }) {
  const calls: { url: string; at: number }[] = [];
  const makeRequest = ((url: string) => {
    calls.push({ url, at: clock.now() });
    return Promise.resolve(new Response('{}'));
  }) as unknown as MakeRequest;
  return { calls, makeRequest };
}

const API = 'https://discord.com/api/v10';

describe('paceRequests', () => {
  it('starts at most `limit` requests in any rolling window, in call order', async () => {
    const time = fakeTime();
    const { calls, makeRequest } = recorder(time);
    const request = paceRequests(makeRequest, { limit: 3, windowMs: 1_000, ...time });
    await Promise.all(
      Array.from({ length: 7 }, (_, i) =>
        request(`${API}/channels/${String(i)}/messages`, { method: 'POST' }),
      ),
    );
    expect(calls.map((c) => c.url)).toEqual(
      Array.from({ length: 7 }, (_, i) => `${API}/channels/${String(i)}/messages`),
    );
    expect(calls.map((c) => c.at)).toEqual([0, 0, 0, 1_000, 1_000, 1_000, 2_000]);
    // No window of 1,000 ms holds more than three starts.
    for (const { at } of calls) {
      expect(calls.filter((c) => c.at > at - 1_000 && c.at <= at).length).toBeLessThanOrEqual(3);
    }
  });

  it('waits only as long as the oldest start in the window needs', async () => {
    const time = fakeTime();
    const { calls, makeRequest } = recorder(time);
    const request = paceRequests(makeRequest, { limit: 2, windowMs: 1_000, ...time });
    await request(`${API}/users/@me/channels`, { method: 'POST' });
    time.advance(400);
    await request(`${API}/users/@me/channels`, { method: 'POST' });
    await request(`${API}/users/@me/channels`, { method: 'POST' });
    expect(calls.map((c) => c.at)).toEqual([0, 400, 1_000]);
    expect(time.sleeps).toEqual([600]);
  });

  it('never holds back interaction responses and follow-ups, which Discord exempts', async () => {
    const time = fakeTime();
    const { calls, makeRequest } = recorder(time);
    const request = paceRequests(makeRequest, { limit: 1, windowMs: 1_000, ...time });
    await request(`${API}/channels/1/messages`, { method: 'POST' });
    await request(`${API}/interactions/2/token/callback`, { method: 'POST' });
    await request(`${API}/webhooks/3/token`, { method: 'POST' });
    expect(calls.map((c) => c.at)).toEqual([0, 0, 0]);
    expect(time.sleeps).toEqual([]);
  });

  it('passes the answer through unchanged', async () => {
    const time = fakeTime();
    const response = new Response('{"id":"1"}', { status: 201 });
    const request = paceRequests(() => Promise.resolve(response), {
      limit: 5,
      windowMs: 1_000,
      ...time,
    });
    expect(await request(`${API}/channels/1/messages`, { method: 'POST' })).toBe(response);
  });
});
