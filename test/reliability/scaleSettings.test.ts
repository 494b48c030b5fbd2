/**
 * The settings for running several processes, on the real bot (a child process): a process that runs
 * only shard 1 of 2 and no scheduled work connects, leaves command registration to the shard-0 process,
 * runs no job, and serves /healthz and /metrics.
 */
import { freePort } from '../../scripts/lib/freePort.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startFakeDiscord, type FakeDiscord } from '@leash-coach/fake-discord';
import { killHard, startChildBot, tempDir, type ChildBot } from './support/childBot.js';

let fake: FakeDiscord;
let dir: ReturnType<typeof tempDir>;
let running: ChildBot | undefined;

beforeAll(async () => {
  fake = await startFakeDiscord({ timeoutMs: 10_000 });
  dir = tempDir('leash-scale-');
});

afterAll(async () => {
  if (running) await killHard(running);
  await fake.close();
  dir.remove();
});

it('shard 1 of 2 with JOBS=off: ready and healthy, registers no commands, runs no job, serves metrics', async () => {
  const port = await freePort();
  running = await startChildBot({
    fake,
    databasePath: `${dir.path}/coach.db`,
    env: { SHARD_COUNT: '2', SHARD_IDS: '1', JOBS: 'off', HEALTH_PORT: String(port) },
  });
  const ready = running.logs.find((line) => line.msg === 'ready');
  expect(ready).toMatchObject({ shards: { mode: 'fixed', count: 2, ids: [1] }, jobs: false });
  expect(running.logs.some((line) => line.msg === 'health and metrics listening')).toBe(true);
  // The shard-0 process (or npm run deploy-commands) registers the commands; this one leaves them alone.
  expect(fake.registeredCommands()).toEqual([]);

  const health = await fetch(`http://127.0.0.1:${String(port)}/healthz`);
  expect(health.status).toBe(200);
  expect(await health.json()).toMatchObject({
    status: 'ok',
    shards: [{ id: 1, status: 'Ready' }],
    database: 'ok',
  });
  const metrics = await (await fetch(`http://127.0.0.1:${String(port)}/metrics`)).text();
  expect(metrics).toContain('leash_outbox_depth 0');
  expect(metrics).toMatch(/leash_discord_rest_responses_total\{status="2xx"\} \d+/);

  // No scheduled work in this process: no job ever ran (the catch-up at start would have logged one).
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  expect(running.logs.filter((line) => line.msg === 'job finished' || line.msg === 'job failed')).toEqual([]);
}, 60_000);
