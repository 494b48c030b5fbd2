/**
 * `npm run rest-proxy` (src/restProxy/main.ts) as a child process: configured from the environment,
 * forwarding to DISCORD_API_BASE, exiting 0 on SIGTERM (restart.test.ts shows the drain in-process).
 */
import { freePort } from '../../scripts/lib/freePort.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startFakeDiscord, type FakeDiscord } from '@leash-coach/fake-discord';
import { spawnRestProxy } from '../reliability/support/childBot.js';

let fake: FakeDiscord;

beforeAll(async () => {
  fake = await startFakeDiscord();
});

afterAll(async () => {
  await fake.close();
});

it('listens on REST_PROXY_PORT, forwards to DISCORD_API_BASE, and exits 0 on SIGTERM', async () => {
  const port = await freePort();
  const proxy = spawnRestProxy({ REST_PROXY_PORT: String(port), DISCORD_API_BASE: fake.apiBase });
  try {
    const listening = await proxy.waitForLog((line) => line.msg === 'REST proxy listening');
    expect(listening).toMatchObject({ port, upstream: fake.apiBase, component: 'rest-proxy' });

    const response = await fetch(`http://127.0.0.1:${String(port)}/api/v10/users/@me`, {
      headers: { authorization: `Bot ${fake.token}` },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: fake.botUser.id });

    proxy.signal('SIGTERM');
    expect(await proxy.exited).toEqual({ code: 0, signal: null });
    expect(proxy.logs.map((line) => line.msg)).toEqual(expect.arrayContaining(['shutting down', 'stopped']));
    // The bot's token never reaches the proxy's log.
    expect(proxy.output()).not.toContain(fake.token);
  } finally {
    proxy.signal('SIGKILL');
  }
}, 30_000);

it('refuses a bad REST_PROXY_PORT with a message that says what to fix', async () => {
  const proxy = spawnRestProxy({ REST_PROXY_PORT: 'eighty' });
  expect(await proxy.exited).toEqual({ code: 1, signal: null });
  expect(proxy.output()).toContain('REST_PROXY_PORT must be a TCP port number (1–65535).');
}, 30_000);
