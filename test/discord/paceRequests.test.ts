import { describe, expect, it } from 'vitest';
import { paceRequests, paceRequestsByAnswer } from '../../src/discord/paceRequests.js';

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

describe('paceRequestsByAnswer', () => {
  it('counts a request in the window until windowMs after its answer', async () => {
    const time = fakeTime();
    const calls: { url: string; at: number }[] = [];
    // Each answer takes 300 ms; the request arrived somewhere in between.
    const makeRequest = (async (url: string) => {
      calls.push({ url, at: time.now() });
      await Promise.resolve();
      time.advance(300);
      return new Response('{}');
    }) as unknown as MakeRequest;
    const request = paceRequestsByAnswer(makeRequest, { limit: 2, windowMs: 1_000, ...time });
    await Promise.all([
      request(`${API}/channels/1/messages`, { method: 'POST' }),
      request(`${API}/channels/2/messages`, { method: 'POST' }),
    ]);
    await request(`${API}/channels/3/messages`, { method: 'POST' });
    // The clock moves 300 ms per answer: answers at 300 and 600. Counted from starts (0 and 300) the third
    // could start at 1,000; counted from answers it waits until 1,300.
    expect(calls.map((c) => c.at)).toEqual([0, 300, 1_300]);
  });

  it('waits for an answer when every place is in flight', async () => {
    const time = fakeTime();
    const answers: (() => void)[] = [];
    const started: string[] = [];
    const makeRequest = ((url: string) => {
      started.push(url);
      return new Promise((resolve) =>
        answers.push(() => {
          resolve(new Response('{}'));
        }),
      );
    }) as unknown as MakeRequest;
    const request = paceRequestsByAnswer(makeRequest, { limit: 1, windowMs: 1_000, ...time });
    const first = request(`${API}/channels/1/messages`, { method: 'POST' });
    const second = request(`${API}/channels/2/messages`, { method: 'POST' });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(started).toEqual([`${API}/channels/1/messages`]);
    answers[0]?.();
    await first;
    await expect.poll(() => started.length).toBe(2);
    answers[1]?.();
    await second;
    expect(time.sleeps).toEqual([1_000]);
  });

  it('skips a request given up while it waited: it takes no place', async () => {
    const time = fakeTime();
    const { calls, makeRequest } = recorder(time);
    const request = paceRequestsByAnswer(makeRequest, { limit: 1, windowMs: 1_000, ...time });
    const gaveUp = new AbortController();
    gaveUp.abort();
    await request(`${API}/channels/1/messages`, { method: 'POST', signal: gaveUp.signal });
    await request(`${API}/channels/2/messages`, { method: 'POST' });
    // The transport still sees the given-up one (and fails it, unsent, for its aborted signal).
    expect(calls.map((c) => c.at)).toEqual([0, 0]);
    expect(time.sleeps).toEqual([]);
  });
});
