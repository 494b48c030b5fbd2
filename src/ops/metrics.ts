/**
 * The bot's metrics in Prometheus' text format (prom-client): what an operator watches on a dashboard.
 * Label values are bounded (kinds, outcomes, status classes, shard ids), never user or guild ids.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface MetricsSources {
  /** Items waiting in the outbox. */
  outboxDepth(): Promise<number>;
  /** Gateway shards of this process with their last heartbeat ping (-1: none yet). */
  shards(): readonly { readonly id: number; readonly pingMs: number }[];
}

export interface CheckInCounts {
  readonly sent: number;
  readonly failed: number;
  readonly resent: number;
}

export function createMetrics(sources: MetricsSources) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const interactions = new Counter({
    name: 'leash_interactions_total',
    help: 'Interactions handled, by kind and outcome.',
    labelNames: ['kind', 'outcome'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'leash_interaction_duration_seconds',
    help: 'Time from receiving an interaction to having answered it.',
    labelNames: ['kind'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const checkIns = new Counter({
    name: 'leash_check_ins_total',
    help: 'Check-in DMs by result: sent, failed, re-sent after an interrupted send.',
    labelNames: ['result'] as const,
    registers: [registry],
  });
  const restRequests = new Counter({
    name: 'leash_discord_rest_responses_total',
    help: 'Responses from Discord REST (or the shared proxy), by status class.',
    labelNames: ['status'] as const,
    registers: [registry],
  });
  const rateLimited = new Counter({
    name: 'leash_discord_rest_rate_limited_total',
    help: 'Requests that hit a rate limit and waited, by whether the limit was global.',
    labelNames: ['global'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'leash_outbox_depth',
    help: 'Coach effects (stage-up and milestone posts) waiting to be delivered.',
    registers: [registry],
    async collect() {
      this.set(await sources.outboxDepth());
    },
  });
  new Gauge({
    name: 'leash_gateway_ping_seconds',
    help: 'Heartbeat round trip of each gateway shard of this process.',
    labelNames: ['shard'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const shard of sources.shards()) {
        if (shard.pingMs >= 0) this.set({ shard: String(shard.id) }, shard.pingMs / 1000);
      }
    },
  });

  return {
    registry,
    interaction: (event: {
      readonly kind: string;
      readonly outcome: string;
      readonly seconds: number;
    }): void => {
      interactions.inc({ kind: event.kind, outcome: event.outcome });
      latency.observe({ kind: event.kind }, event.seconds);
    },
    checkIns: (counts: CheckInCounts): void => {
      if (counts.sent > 0) checkIns.inc({ result: 'sent' }, counts.sent);
      if (counts.failed > 0) checkIns.inc({ result: 'failed' }, counts.failed);
      if (counts.resent > 0) checkIns.inc({ result: 'resent' }, counts.resent);
    },
    restResponse: (status: number): void => {
      restRequests.inc({ status: `${String(Math.floor(status / 100))}xx` });
    },
    restRateLimited: (global: boolean): void => {
      rateLimited.inc({ global: String(global) });
    },
    /** The text served at /metrics. */
    text: () => registry.metrics(),
    contentType: registry.contentType,
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
