/**
 * One request through the proxy: what @discordjs/proxy's `proxyRequests` does, without its failure modes.
 * It handed the incoming stream itself to @discordjs/rest as the body, so a request repeated after a 429
 * went out empty (a file upload then failed 400); a client that left mid-upload, or an upstream that could
 * not be reached, rejected the handler's promise (an unhandled rejection: the process died), the latter
 * after answering 200 with no body; and a request whose sender had left still held its route's queue.
 * Here the body is read whole before it is queued, the sender leaving cancels the request (unsent if it
 * was still waiting), and every outcome ends in an answer or a closed socket, never a rejection.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { populateErrorResponse, populateSuccessfulResponse } from '@discordjs/proxy';
import { RequestMethod, type REST } from '@discordjs/rest';
import type { Logger } from '../logger.js';

/** Discord's largest upload (100 MiB in a boosted server) and room for the form around it. */
export const MAX_BODY_BYTES = 101 * 1024 * 1024;

/** What a bot's request carries that Discord reads; the REST client adds its own User-Agent. */
const FORWARDED_HEADERS = ['content-type', 'authorization', 'x-audit-log-reason'] as const;

/** The methods Discord's API has. */
const METHODS: ReadonlyMap<string, RequestMethod> = new Map(
  Object.values(RequestMethod).map((method) => [method.toUpperCase(), method]),
);

/** Tokens in interaction and webhook routes are credentials: kept out of the logs. */
function loggable(route: string): string {
  return route.replace(/^\/(interactions|webhooks)\/(\d+)\/[^/]+/, '/$1/$2/:token');
}

class BodyTooLarge extends Error {
  override readonly name = 'BodyTooLarge';
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  if (Number(req.headers['content-length'] ?? 0) > limit) throw new BodyTooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const data = chunk as Buffer;
    size += data.length;
    if (size > limit) throw new BodyTooLarge();
    chunks.push(data);
  }
  return Buffer.concat(chunks);
}

function answer(res: ServerResponse, status: number, message: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json');
  res.end(JSON.stringify({ message: `${String(status)}: ${message}`, code: 0 }));
}

export interface ForwardOptions {
  readonly logger: Logger;
  readonly maxBodyBytes?: number;
}

/**
 * A request handler that forwards to `rest` (its queues hold every route's bucket and the global limit).
 * The returned promise never rejects.
 */
export function forwardRequests(
  rest: REST,
  { logger, maxBodyBytes = MAX_BODY_BYTES }: ForwardOptions,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    const started = performance.now();
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://proxy.invalid');
    // Bots send to <proxy>/api/v10/...; the REST client adds its own base and version.
    const fullRoute = url.pathname.replace(/^(\/api)?(\/v\d+)?(?=\/)/, '') as `/${string}`;
    const log = logger.child({ method, route: loggable(fullRoute) });

    // The sender gave up (closed its connection, or timed out): its request is cancelled, and if it was
    // still waiting for its turn it is never sent, so the sender may repeat it without it acting twice.
    const left = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) left.abort();
    });

    const restMethod = METHODS.get(method);
    if (restMethod === undefined) {
      req.resume();
      answer(res, 405, 'Method Not Allowed');
      return;
    }

    let body: Buffer;
    try {
      body = await readBody(req, maxBodyBytes);
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        log.warn({ limit: maxBodyBytes }, 'request body too large');
        res.setHeader('Connection', 'close');
        answer(res, 413, 'Request entity too large');
      } else {
        log.debug({ err: error }, 'sender left before its request was complete; nothing sent');
        res.destroy();
      }
      return;
    }

    const headers: Record<string, string> = {};
    for (const name of FORWARDED_HEADERS) {
      const value = req.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }

    try {
      const response = await rest.queueRequest({
        fullRoute,
        method: restMethod,
        // A buffer, not the stream: a request repeated after a 429 goes out with the same bytes.
        ...(body.length > 0 ? { body } : {}),
        passThroughBody: true,
        // The sender's own Authorization header is forwarded; the proxy holds no token.
        auth: false,
        query: url.searchParams,
        headers,
        signal: left.signal,
      });
      if (left.signal.aborted) {
        await response.arrayBuffer().catch(() => undefined);
        log.debug({ status: response.status }, 'sender left before the answer');
        return;
      }
      await populateSuccessfulResponse(res, response);
      if (!res.writableEnded) res.end();
      log.debug({ status: response.status, ms: Math.round(performance.now() - started) }, 'forwarded');
    } catch (error) {
      if (left.signal.aborted) {
        log.debug('sender left; request cancelled');
        res.destroy();
        return;
      }
      if (res.headersSent) {
        log.warn({ err: error }, 'answer cut off');
        res.destroy();
        return;
      }
      if (error instanceof Error && error.name === 'TimeoutError') {
        log.warn('upstream did not answer in time');
        answer(res, 504, 'Upstream timed out');
        return;
      }
      // Discord's 4xx (with its JSON) and 5xx, and an upstream timeout, answered as @discordjs/proxy does.
      if (populateErrorResponse(res, error)) {
        if (res.statusCode >= 500) log.warn({ status: res.statusCode }, 'upstream failed');
        else log.debug({ status: res.statusCode }, 'forwarded');
        res.end();
        return;
      }
      log.warn({ err: error }, 'upstream unreachable');
      answer(res, 502, 'Bad gateway: the proxy could not reach Discord');
    }
  };
}
