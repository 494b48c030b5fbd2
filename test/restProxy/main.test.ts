/**
 * `npm run rest-proxy` (src/restProxy/main.ts) as a child process: configured from the environment,
 * forwarding to DISCORD_API_BASE, exiting 0 on SIGTERM (restart.test.ts shows the drain in-process).
 */
import { freePort } from '../../scripts/lib/freePort.js';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startFakeDiscord, type FakeDiscord } from '@leash-coach/fake-discord';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

let fake: FakeDiscord;

beforeAll(async () => {
  fake = await startFakeDiscord();
});

afterAll(async () => {
  await fake.close();
});

interface Child {
  readonly logs: { msg: string; [key: string]: unknown }[];
  output(): string;
  waitForLog(msg: string): Promise<{ msg: string; [key: string]: unknown }>;
  signal(signal: NodeJS.Signals): void;
  readonly exited: Promise<number | null>;
}

function startProxyProcess(env: Record<string, string>): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/restProxy/main.ts'], {
    cwd: ROOT,
    // Set (possibly empty) so a developer's .env cannot change them: variables already set win.
    env: { PATH: process.env.PATH, HOME: process.env.HOME, DISCORD_API_BASE: '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Child['logs'] = [];
  let raw = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    raw += chunk;
    logs.splice(
      0,
      logs.length,
      ...raw.split('\n').flatMap((line) => {
        try {
          return [JSON.parse(line) as Child['logs'][number]];
        } catch {
          return [];
        }
      }),
    );
  });
  child.stderr.on('data', (chunk: string) => (raw += chunk));
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      resolve(code);
    }),
  );
  return {
    logs,
    output: () => raw,
    async waitForLog(msg) {
      await expect.poll(() => logs.find((line) => line.msg === msg), { timeout: 15_000 }).toBeDefined();
      return logs.find((line) => line.msg === msg) ?? { msg };
    },
    signal: (signal) => child.kill(signal),
    exited,
  };
}

it('listens on REST_PROXY_PORT, forwards to DISCORD_API_BASE, and exits 0 on SIGTERM', async () => {
  const port = await freePort();
  const proxy = startProxyProcess({ REST_PROXY_PORT: String(port), DISCORD_API_BASE: fake.apiBase });
  try {
    const listening = await proxy.waitForLog('REST proxy listening');
    expect(listening).toMatchObject({ port, upstream: fake.apiBase, component: 'rest-proxy' });

    const response = await fetch(`http://127.0.0.1:${String(port)}/api/v10/users/@me`, {
      headers: { authorization: `Bot ${fake.token}` },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: fake.botUser.id });

    proxy.signal('SIGTERM');
    expect(await proxy.exited).toBe(0);
    expect(proxy.logs.map((line) => line.msg)).toEqual(expect.arrayContaining(['shutting down', 'stopped']));
    // The bot's token never reaches the proxy's log.
    expect(proxy.output()).not.toContain(fake.token);
  } finally {
    proxy.signal('SIGKILL');
  }
}, 30_000);

it('refuses a bad REST_PROXY_PORT with a message that says what to fix', async () => {
  const proxy = startProxyProcess({ REST_PROXY_PORT: 'eighty' });
  expect(await proxy.exited).toBe(1);
  expect(proxy.output()).toContain('REST_PROXY_PORT must be a TCP port number (1–65535).');
}, 30_000);
