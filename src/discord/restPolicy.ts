/**
 * When a REST request may be sent again: discord.js's own retries, made safe for requests that could
 * otherwise act twice. Used by createClient (bot.ts) beneath the request pacer.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { DefaultRestOptions, HTTPError, type RESTOptions } from 'discord.js';

type MakeRequest = RESTOptions['makeRequest'];
type RequestInit = Parameters<MakeRequest>[1];

/** How often discord.js repeats a request after a 5xx answer or a dropped connection (its default). */
export const REST_RETRIES = 3;
/**
 * How long a refused connection is tried again: the shared REST proxy restarting (DISCORD_REST_PROXY)
 * takes a few seconds, and nothing was sent meanwhile, so any request may wait it out.
 */
export const REFUSED_PATIENCE_MS = 10_000;

/** The connection was refused: the request never left this process, so repeating it cannot act twice. */
function wasRefused(error: unknown): boolean {
  for (let e = error; e instanceof Error; e = e.cause) {
    if ((e as NodeJS.ErrnoException).code === 'ECONNREFUSED') return true;
  }
  return false;
}
const REPEAT_SAFE_POSTS = [/\/users\/@me\/channels$/, /\/interactions\/\d+\/[^/]+\/callback$/];
const MESSAGE_CREATE = /\/channels\/\d+\/messages$/;

function jsonPayload(body: RequestInit['body']): Record<string, unknown> | undefined {
  let text: unknown = body;
  // Multipart bodies (files) carry the JSON in payload_json; discord.js uses its own undici FormData class.
  if (body !== null && typeof body === 'object' && 'get' in body && typeof body.get === 'function') {
    text = (body as { get(name: string): unknown }).get('payload_json');
  }
  if (typeof text !== 'string') return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether sending this request twice does no more than sending it once. GET, PUT, PATCH and DELETE are
 * idempotent; opening a DM returns the same channel; Discord acknowledges an interaction once (a repeat
 * answers 40060); a message with enforce_nonce is deduplicated (the notifier always sets one). Follow-ups
 * (webhook executions) and messages without a nonce would post twice.
 */
export function isRepeatSafe(method: string, url: string, body: RequestInit['body']): boolean {
  if (method.toUpperCase() !== 'POST') return true;
  const path = new URL(url).pathname;
  if (REPEAT_SAFE_POSTS.some((route) => route.test(path))) return true;
  if (MESSAGE_CREATE.test(path)) return jsonPayload(body)?.enforce_nonce === true;
  return false;
}

/**
 * discord.js repeats a request after a 5xx at once, whatever the request, and after a dropped
 * connection only for ECONNRESET and timeouts (undici's "other side closed" is not repeated). This
 * request strategy makes that uniform and safe: a repeat-safe request is repeated after a 5xx or any
 * connection failure, with exponential backoff; any other request fails at once (a 5xx as HTTPError,
 * a connection failure as an Error discord.js does not repeat). 4xx answers are never repeated
 * (discord.js throws them), and a 429 waits for its retry-after (discord.js). A refused connection (the
 * REST proxy restarting) sent nothing: any request is tried again, for up to REFUSED_PATIENCE_MS.
 */
export function repeatSafeRequests(
  makeRequest: MakeRequest = DefaultRestOptions.makeRequest,
  {
    backoffMs = 200,
    retries = REST_RETRIES,
    refusedPatienceMs = REFUSED_PATIENCE_MS,
  }: { backoffMs?: number; retries?: number; refusedPatienceMs?: number } = {},
): MakeRequest {
  // discord.js passes the same headers object to every try of one request: count failures by it.
  const failures = new WeakMap<object, number>();
  async function backOff(init: RequestInit): Promise<boolean> {
    const key = (init.headers ?? init) as object;
    const failed = failures.get(key) ?? 0;
    failures.set(key, failed + 1);
    if (failed >= retries) return false;
    await sleep(backoffMs * 2 ** failed);
    return true;
  }
  const refusedWaits = new WeakMap<object, number>();
  /** Waits before another try at a refused connection; false once the patience is spent. */
  async function waitForListener(init: RequestInit): Promise<boolean> {
    const key = (init.headers ?? init) as object;
    const waited = refusedWaits.get(key) ?? 0;
    if (waited >= refusedPatienceMs) return false;
    // Each wait as long as all before it together (200, 400, 800 ms...), at most 2 s.
    const wait = Math.min(backoffMs + waited, 2_000, refusedPatienceMs - waited);
    refusedWaits.set(key, waited + wait);
    await sleep(wait);
    return true;
  }
  const notRepeated = (method: string, url: string, cause: unknown): Error =>
    new Error(`${method} ${new URL(url).pathname} got no answer; not repeated, as that could act twice`, {
      cause,
    });

  return async function request(url, init): ReturnType<MakeRequest> {
    const method = init.method ?? 'GET';
    const safe = isRepeatSafe(method, url, init.body);
    let response: Awaited<ReturnType<MakeRequest>>;
    try {
      response = await makeRequest(url, init);
    } catch (error) {
      if (wasRefused(error) && !init.signal?.aborted) {
        if (await waitForListener(init)) return request(url, init);
        throw error;
      }
      if (!safe) throw notRepeated(method, url, error);
      // A timeout aborts this try's signal: discord.js repeats it with a fresh one.
      if (init.signal?.aborted) {
        await backOff(init);
        throw error;
      }
      if (await backOff(init)) return request(url, init);
      throw notRepeated(method, url, error);
    }
    if (response.status >= 500 && response.status < 600) {
      if (!safe) {
        throw new HTTPError(response.status, response.statusText, method, url, {
          body: init.body,
          files: undefined,
        });
      }
      await backOff(init);
    }
    return response;
  };
}
