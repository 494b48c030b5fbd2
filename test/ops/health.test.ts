import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../src/db/sqlite/store.js';
import { healthOf, startHealthServer, type HealthChecks } from '../../src/ops/healthServer.js';
import { createMetrics } from '../../src/ops/metrics.js';
import { createTestDb } from '../support/testDb.js';

const servers: { close(): void }[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

function checks(ready: boolean, database: () => Promise<void>): HealthChecks {
  return {
    gateway: () => ({ ready, shards: [{ id: 0, status: ready ? 'Ready' : 'Connecting' }] }),
    database,
  };
}

describe('/healthz', () => {
  it('is 200 when the shards are ready and the database answers', async () => {
    const db = createTestDb();
    const store = createSqliteStore(db);
    expect(await healthOf(checks(true, () => store.ping()))).toEqual({
      status: 200,
      body: { status: 'ok', shards: [{ id: 0, status: 'Ready' }], database: 'ok' },
    });
  });

  it('is 503 with a short reason while connecting, or when the database fails or hangs', async () => {
    expect(await healthOf(checks(false, () => Promise.resolve()))).toMatchObject({
      status: 503,
      body: { status: 'unavailable', reason: 'gateway not ready' },
    });
    const db = createTestDb();
    const store = createSqliteStore(db);
    db.$client.close();
    const failing = await healthOf(checks(true, () => store.ping()));
    expect(failing).toMatchObject({ status: 503, body: { database: 'failing' } });
    expect(failing.body.reason).toMatch(/^database: .*not open/);
    expect(
      await healthOf(
        checks(true, () => new Promise(() => undefined)),
        50,
      ),
    ).toMatchObject({
      status: 503,
      body: { reason: 'database: no answer within 50 ms' },
    });
  });
});

describe('the health server', () => {
  it('serves /healthz as JSON and /metrics in Prometheus text format; other paths are 404', async () => {
    let depth = 3;
    const metrics = createMetrics({
      outboxDepth: () => Promise.resolve(depth),
      shards: () => [{ id: 0, pingMs: 42 }],
    });
    metrics.interaction({ kind: 'command', outcome: 'ok', seconds: 0.012 });
    metrics.interaction({ kind: 'button', outcome: 'user_error', seconds: 0.2 });
    metrics.checkIns({ sent: 5, failed: 1, resent: 0 });
    metrics.restResponse(200);
    metrics.restResponse(429);
    metrics.restRateLimited(false);
    const server = await startHealthServer({
      port: 0,
      host: '127.0.0.1',
      checks: checks(true, () => Promise.resolve()),
      metrics,
    });
    servers.push(server);
    const base = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;

    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(health.headers.get('content-type')).toBe('application/json');
    expect(await health.json()).toMatchObject({ status: 'ok' });

    depth = 7;
    const scraped = await fetch(`${base}/metrics`);
    expect(scraped.status).toBe(200);
    expect(scraped.headers.get('content-type')).toContain('text/plain');
    const text = await scraped.text();
    expect(text).toContain('leash_interactions_total{kind="command",outcome="ok"} 1');
    expect(text).toContain('leash_interactions_total{kind="button",outcome="user_error"} 1');
    expect(text).toContain('leash_interaction_duration_seconds_bucket{le="0.025",kind="command"} 1');
    expect(text).toContain('leash_check_ins_total{result="sent"} 5');
    expect(text).toContain('leash_check_ins_total{result="failed"} 1');
    expect(text).toContain('leash_discord_rest_responses_total{status="4xx"} 1');
    expect(text).toContain('leash_discord_rest_rate_limited_total{global="false"} 1');
    expect(text).toContain('leash_outbox_depth 7');
    expect(text).toContain('leash_gateway_ping_seconds{shard="0"} 0.042');
    expect(text).toContain('process_resident_memory_bytes');

    expect((await fetch(`${base}/nothing`)).status).toBe(404);
    expect((await fetch(`${base}/healthz`, { method: 'POST' })).status).toBe(405);
  });
});
