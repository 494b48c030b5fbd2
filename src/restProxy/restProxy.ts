/**
 * The shared REST proxy: one HTTP server in front of Discord for every process of one bot, so that
 * together they stay under Discord's global limit and its per-route buckets. Its queues are discord.js's
 * own (@discordjs/rest); the forwarding is @discordjs/proxy's, made safe (forwardRequests.ts).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DefaultRestOptions, REST, RESTEvents, type RESTOptions } from '@discordjs/rest';
import { DISCORD_GLOBAL_LIMIT, paceRequestsByAnswer, type PaceOptions } from '../discord/paceRequests.js';
import type { Logger } from '../logger.js';
import { forwardRequests } from './forwardRequests.js';

type MakeRequest = RESTOptions['makeRequest'];

/** How long one request may take upstream once sent (discord.js's own default). */
export const UPSTREAM_TIMEOUT_MS = 15_000;
/**
 * How long a request may wait in the queues before the proxy gives up on it. Senders give up sooner
 * (discord.js: 15 s), and a sender that leaves cancels its request; this only bounds the pathological.
 */
const QUEUED_TIMEOUT_MS = 120_000;

export interface RestProxyOptions {
  /** Where requests go (DISCORD_API_BASE, e.g. http://127.0.0.1:8080/api); undefined: Discord. */
  readonly upstream: string | undefined;
  readonly logger: Logger;
  /**
   * The global limit of one bot: 50 arrivals in any rolling second (see paceRequestsByAnswer), starting
   * with a full window.
   */
  readonly pace?: PaceOptions;
  readonly upstreamTimeoutMs?: number;
  /** The transport (undici's, as discord.js); a test wraps it to watch or disturb what goes upstream. */
  readonly makeRequest?: MakeRequest;
  readonly maxBodyBytes?: number;
}

export interface RestProxy {
  /** Listens on `port` (0: any free one) of every interface unless `host` says; resolves to the port. */
  listen(port: number, host?: string): Promise<number>;
  /**
   * Stops taking connections, lets the requests in flight finish for up to `drainMs`, then closes every
   * connection: a request cut off there is the sender's to repeat (it does for what is safe to repeat).
   */
  close(drainMs?: number): Promise<void>;
  /** Requests being handled now. */
  readonly inFlight: number;
}

/** Bounds one upstream try; a request still queued is bounded by its sender (see forwardRequests). */
function withTimeout(makeRequest: MakeRequest, ms: number): MakeRequest {
  return (url, init) => {
    const timeout = AbortSignal.timeout(ms);
    const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    return makeRequest(url, { ...init, signal });
  };
}

export function createRestProxy(options: RestProxyOptions): RestProxy {
  const { logger } = options;
  // A proxy that just (re)started waits one window: its predecessor may have filled it.
  const pace = options.pace ?? { ...DISCORD_GLOBAL_LIMIT, startFull: true };
  const rest = new REST({
    ...(options.upstream ? { api: options.upstream } : {}),
    version: '10',
    // Never repeated here after a 5xx or a lost connection: only the sender knows whether a request is
    // safe to repeat (a message with a nonce is; one without would post twice). A 429 is always retried:
    // Discord did not act on it.
    retries: 0,
    timeout: QUEUED_TIMEOUT_MS,
    globalRequestsPerSecond: pace.limit,
    // Paced over a rolling window counted from answers: discord.js's own global limiter counts fixed
    // seconds (up to 2× the limit across a boundary), and counting from starts lets latency bunch arrivals.
    makeRequest: paceRequestsByAnswer(
      withTimeout(
        options.makeRequest ?? DefaultRestOptions.makeRequest,
        options.upstreamTimeoutMs ?? UPSTREAM_TIMEOUT_MS,
      ),
      pace,
    ),
  });
  rest.on(RESTEvents.Response, (request, response) => {
    // The proxy paces under the limits it knows; a 429 means another client of this bot's token, or a
    // limit Discord did not announce. discord.js waits it out and repeats the request.
    if (response.status === 429) {
      logger.warn({ method: request.method, route: request.route }, 'Discord answered 429; waiting it out');
    }
  });
  rest.on(RESTEvents.RateLimited, (info) => {
    logger.debug(
      { route: info.route, global: info.global, waitMs: info.timeToReset },
      'waiting for a rate limit',
    );
  });

  const forward = forwardRequests(rest, {
    logger,
    ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
  });
  let inFlight = 0;
  let drained: (() => void) | undefined;
  const server: Server = createServer((req, res) => {
    inFlight++;
    void forward(req, res)
      .catch((error: unknown) => {
        // forwardRequests never rejects; should it, one request fails, not the proxy.
        logger.error({ err: error }, 'request handler failed');
        res.destroy();
      })
      .finally(() => {
        inFlight--;
        if (inFlight === 0) drained?.();
      });
  });
  server.on('clientError', (error, socket) => {
    logger.debug({ err: error }, 'bad or broken client connection');
    socket.destroy();
  });

  return {
    get inFlight() {
      return inFlight;
    },
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve((server.address() as AddressInfo).port);
        });
      });
    },
    async close(drainMs = 10_000) {
      const closed = new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
      server.closeIdleConnections();
      if (inFlight > 0) {
        await new Promise<void>((resolve) => {
          const deadline = setTimeout(resolve, drainMs);
          drained = () => {
            clearTimeout(deadline);
            resolve();
          };
        });
      }
      server.closeAllConnections();
      await closed;
      rest.clearHashSweeper();
      rest.clearHandlerSweeper();
    },
  };
}
