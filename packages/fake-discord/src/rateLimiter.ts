import { createHash } from 'node:crypto';

export interface BucketLimit {
  limit: number;
  windowMs: number;
}

/** `rateLimits: true` uses these; pass an object to change any of them. */
export interface RateLimitConfig {
  /** Requests per second per token across all routes except interaction callbacks/webhooks. */
  globalPerSecond: number;
  /** POST /channels/:id/messages, per channel. */
  messageCreate: BucketLimit;
  /** POST /users/@me/channels. */
  dmCreate: BucketLimit;
  /** Every other route, per route and major parameter. */
  other: BucketLimit;
}

export const DEFAULT_RATE_LIMITS: RateLimitConfig = {
  globalPerSecond: 50,
  messageCreate: { limit: 5, windowMs: 5_000 },
  dmCreate: { limit: 5, windowMs: 5_000 },
  other: { limit: 50, windowMs: 1_000 },
};

export interface RateLimitStats {
  /** Every REST request received (including ones answered 429). */
  totalRequests: number;
  /** Requests counted against the global limit, per second since the server started (index = second). */
  perSecond: number[];
  /** Number of 429 responses returned (bucket + global; injected 429s are not counted). */
  rateLimited: number;
  /** Of those, how many were global. */
  globalRateLimited: number;
  /** Most globally-counted requests the server *accepted* in any sliding 1 s window. */
  maxAcceptedInAnySecond: number;
  /** Most globally-counted requests the server *received* (accepted or 429) in any sliding 1 s window. */
  maxReceivedInAnySecond: number;
  /**
   * Whether the clients together ever sent more than `globalPerSecond` globally-counted requests in one
   * sliding second (`maxReceivedInAnySecond` above the limit), whether or not the excess was answered 429.
   * Always false without rate limits.
   */
  globalLimitExceeded: boolean;
}

export type LimitDecision =
  | { ok: true; headers: Record<string, string> }
  | { ok: false; status: 429; headers: Record<string, string>; body: Record<string, unknown> };

interface BucketState {
  resetAt: number;
  remaining: number;
}

function maxInWindow(times: readonly number[], windowMs: number): number {
  let max = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while ((times[end] ?? 0) - (times[start] ?? 0) >= windowMs) start++;
    max = Math.max(max, end - start + 1);
  }
  return max;
}

/** Discord-like limits: a sliding global window and fixed per-bucket windows with Discord's headers. */
export class RateLimiter {
  private readonly buckets = new Map<string, BucketState>();
  private readonly accepted: number[] = [];
  private readonly received: number[] = [];
  private readonly perSecond: number[] = [];
  private totalRequests = 0;
  private rateLimited = 0;
  private globalRateLimited = 0;
  private readonly startedAt = performance.now();

  constructor(private readonly config: RateLimitConfig | undefined) {}

  get enabled(): boolean {
    return this.config !== undefined;
  }

  limitFor(kind: 'messageCreate' | 'dmCreate' | 'other'): BucketLimit {
    return (this.config ?? DEFAULT_RATE_LIMITS)[kind];
  }

  /** Decides one request; `globallyLimited` is false for interaction endpoints. */
  check(
    routeKey: string,
    majorParameter: string,
    limit: BucketLimit,
    globallyLimited: boolean,
  ): LimitDecision {
    this.totalRequests++;
    const now = performance.now();
    const bucketHash = createHash('sha1').update(routeKey).digest('hex').slice(0, 16);
    const key = `${bucketHash}:${majorParameter}`;

    if (globallyLimited) {
      this.received.push(now);
      if (this.config) {
        const windowStart = now - 1000;
        let inWindow = 0;
        let oldest = now;
        for (let i = this.accepted.length - 1; i >= 0; i--) {
          const t = this.accepted[i] ?? 0;
          if (t <= windowStart) break;
          inWindow++;
          oldest = t;
        }
        if (inWindow >= this.config.globalPerSecond) {
          this.rateLimited++;
          this.globalRateLimited++;
          const retryAfter = Math.max(0.001, (oldest + 1000 - now) / 1000);
          return {
            ok: false,
            status: 429,
            headers: {
              'retry-after': String(Math.ceil(retryAfter)),
              'x-ratelimit-global': 'true',
              'x-ratelimit-scope': 'global',
            },
            body: { message: 'You are being rate limited.', retry_after: retryAfter, global: true, code: 0 },
          };
        }
      }
    }

    const wallNow = Date.now();
    let state = this.buckets.get(key);
    if (!state || state.resetAt <= wallNow) {
      state = { resetAt: wallNow + limit.windowMs, remaining: limit.limit };
      this.buckets.set(key, state);
    }
    const resetAfter = (state.resetAt - wallNow) / 1000;
    const baseHeaders = {
      'x-ratelimit-limit': String(limit.limit),
      'x-ratelimit-reset': (state.resetAt / 1000).toFixed(3),
      'x-ratelimit-reset-after': resetAfter.toFixed(3),
      'x-ratelimit-bucket': bucketHash,
    };
    if (this.config && state.remaining <= 0) {
      this.rateLimited++;
      return {
        ok: false,
        status: 429,
        headers: {
          ...baseHeaders,
          'x-ratelimit-remaining': '0',
          'x-ratelimit-scope': 'user',
          'retry-after': String(Math.ceil(resetAfter)),
        },
        body: { message: 'You are being rate limited.', retry_after: resetAfter, global: false },
      };
    }
    // Without limits the headers stay plausible but never tell the client to wait.
    if (this.config) state.remaining--;
    else state.remaining = limit.limit - 1;

    if (globallyLimited) {
      this.accepted.push(now);
      const second = Math.floor((now - this.startedAt) / 1000);
      while (this.perSecond.length <= second) this.perSecond.push(0);
      this.perSecond[second] = (this.perSecond[second] ?? 0) + 1;
    }
    return { ok: true, headers: { ...baseHeaders, 'x-ratelimit-remaining': String(state.remaining) } };
  }

  stats(): RateLimitStats {
    const maxReceivedInAnySecond = maxInWindow(this.received, 1000);
    return {
      totalRequests: this.totalRequests,
      perSecond: [...this.perSecond],
      rateLimited: this.rateLimited,
      globalRateLimited: this.globalRateLimited,
      maxAcceptedInAnySecond: maxInWindow(this.accepted, 1000),
      maxReceivedInAnySecond,
      globalLimitExceeded: this.config !== undefined && maxReceivedInAnySecond > this.config.globalPerSecond,
    };
  }
}
