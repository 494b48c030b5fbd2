/** Sharding as Discord does it: which shard gets a guild's events, and how fast shards may identify. */

export interface ShardOptions {
  /** The recommended shard count `GET /gateway/bot` answers (`shards`); default 1. */
  count?: number;
  /** `session_start_limit.max_concurrency`; IDENTIFY buckets are `shard_id % maxConcurrency`. Default 1. */
  maxConcurrency?: number;
  /**
   * At most one IDENTIFY per bucket in this many ms; one that comes sooner is answered with INVALID_SESSION
   * (op 9, `d: false`). Discord's is 5000. Default: not enforced.
   */
  identifyIntervalMs?: number;
  /** `session_start_limit.total` (default 1000); `remaining` counts down with each accepted IDENTIFY. */
  sessionStartTotal?: number;
}

/** A gateway connection's shard: `[shard_id, num_shards]`. */
export type ShardKey = readonly [id: number, count: number];

/** Where a dispatch goes: the shard of a guild, or shard 0 (DMs and events with no guild). */
export type Route = { guildId: string } | { dm: true };

/** `(guild_id >> 22) % num_shards`, on the snowflake as a BigInt. */
export function shardOf(guildId: string, count: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(count));
}

/** Whether a connection identified as `shard` receives an event routed to `route`. */
export function receives(shard: ShardKey, route: Route): boolean {
  const [id, count] = shard;
  return 'guildId' in route ? shardOf(route.guildId, count) === id : id === 0;
}

/** The route of an arbitrary dispatch: its `guild_id`, a GUILD_* event's own `id`, else shard 0. */
export function routeOf(t: string, d: unknown): Route {
  if (typeof d === 'object' && d !== null) {
    const o = d as Record<string, unknown>;
    if (typeof o.guild_id === 'string') return { guildId: o.guild_id };
    if (t.startsWith('GUILD_') && typeof o.id === 'string') return { guildId: o.id };
  }
  return { dm: true };
}

const SESSION_RESET_AFTER_MS = 14_400_000;

/** `session_start_limit` and the one-IDENTIFY-per-interval-per-bucket rule. */
export class IdentifyLimiter {
  readonly count: number;
  readonly maxConcurrency: number;
  private readonly intervalMs: number | undefined;
  private readonly total: number;
  private started = 0;
  private readonly lastByBucket = new Map<number, number>();

  constructor(options: ShardOptions = {}) {
    this.count = positive(options.count ?? 1, 'shards.count');
    this.maxConcurrency = positive(options.maxConcurrency ?? 1, 'shards.maxConcurrency');
    this.intervalMs = options.identifyIntervalMs;
    this.total = options.sessionStartTotal ?? 1000;
  }

  /** Records an IDENTIFY of `shardId`; false when its bucket identified less than the interval ago. */
  tryIdentify(shardId: number, now = Date.now()): boolean {
    const bucket = shardId % this.maxConcurrency;
    const last = this.lastByBucket.get(bucket);
    if (this.intervalMs !== undefined && last !== undefined && now - last < this.intervalMs) return false;
    this.lastByBucket.set(bucket, now);
    this.started++;
    return true;
  }

  sessionStartLimit(): {
    total: number;
    remaining: number;
    reset_after: number;
    max_concurrency: number;
  } {
    return {
      total: this.total,
      remaining: Math.max(0, this.total - this.started),
      reset_after: SESSION_RESET_AFTER_MS,
      max_concurrency: this.maxConcurrency,
    };
  }
}

function positive(n: number, name: string): number {
  if (!Number.isInteger(n) || n < 1) throw new Error(`FakeDiscord: ${name} must be a positive integer`);
  return n;
}
