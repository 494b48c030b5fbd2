// @discordjs/rest (what discord.js re-exports), so that the REST proxy can pace with it without loading discord.js.
import { DefaultRestOptions, type RESTOptions } from '@discordjs/rest';

type MakeRequest = RESTOptions['makeRequest'];

export interface PaceOptions {
  /** Requests allowed in any rolling window (Discord: 50 per second per bot). */
  readonly limit: number;
  /** The window, with a margin for network jitter between our send and Discord's count. */
  readonly windowMs: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  /**
   * Start as if the window were full (paceRequestsByAnswer): a process that just started cannot know
   * what its predecessor sent in the last window, so it waits one window before its first request.
   */
  readonly startFull?: boolean;
}

/** Discord's global limit is 50/s; 1,050 ms keeps arrivals under it when latency varies a little. */
export const DISCORD_GLOBAL_PACE: PaceOptions = { limit: 50, windowMs: 1_050 };

const defaultSleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

/** Interaction responses and follow-ups are exempt from Discord's global limit: never hold them back. */
const EXEMPT = /\/(interactions|webhooks)\//;

/**
 * Wraps REST's request function so that at most `limit` requests start in any rolling window, in call
 * order. discord.js's own global limiter counts fixed one-second windows, so a burst at the end of one
 * window and another at the start of the next reach Discord as up to 2× the limit in one second: each
 * 429 that earns then stops every request for a whole second (bench item 6: 118 × 429, 25.6 s instead
 * of 20 s for 1,000 DMs). A rolling window never exceeds the limit, so check-ins go at Discord's pace.
 * The bot paces its own requests with it, and the REST proxy (src/restProxy/) those of every process.
 */
export function paceRequests(
  makeRequest: MakeRequest = DefaultRestOptions.makeRequest,
  options: PaceOptions = DISCORD_GLOBAL_PACE,
): MakeRequest {
  const now = options.now ?? (() => performance.now());
  const sleep = options.sleep ?? defaultSleep;
  const started: number[] = [];
  let queue: Promise<void> = Promise.resolve();

  async function turn(signal: AbortSignal | null | undefined): Promise<void> {
    for (;;) {
      // A request given up while it waited (its sender left, or timed out) takes no place in the window:
      // the transport below then fails it at once, unsent.
      if (signal?.aborted) return;
      const t = now();
      while (started.length > 0 && (started[0] ?? 0) <= t - options.windowMs) started.shift();
      if (started.length < options.limit) {
        started.push(t);
        return;
      }
      await sleep((started[0] ?? t) + options.windowMs - t);
    }
  }

  return async (url, init) => {
    if (!EXEMPT.test(url)) {
      const mine = queue.then(() => turn(init.signal));
      queue = mine;
      await mine;
    }
    return makeRequest(url, init);
  };
}

/** A promise and the function that resolves it (Promise.withResolvers, which Node 20 lacks). */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

/** Discord's global limit as it counts it: 50 arrivals in any second (paceRequestsByAnswer needs no margin). */
export const DISCORD_GLOBAL_LIMIT: PaceOptions = { limit: 50, windowMs: 1_000 };

/**
 * Like paceRequests, but a request holds its place in the window from its start until `windowMs` after
 * its answer, not after its start. Discord counts a request when it arrives, somewhere between our start
 * and the answer: counting from the answer keeps every rolling window of arrivals within `limit` however
 * much latency varies (a margin on starts only covers variations smaller than the margin), at the cost of
 * one round trip per place. For the REST proxy, which carries every process's requests.
 */
export function paceRequestsByAnswer(
  makeRequest: MakeRequest = DefaultRestOptions.makeRequest,
  options: PaceOptions = DISCORD_GLOBAL_LIMIT,
): MakeRequest {
  const now = options.now ?? (() => performance.now());
  const sleep = options.sleep ?? defaultSleep;
  let inFlight = 0;
  const answeredAt: number[] = options.startFull ? Array.from({ length: options.limit }, () => now()) : [];
  let answered = deferred();
  let queue: Promise<unknown> = Promise.resolve();

  /** Resolves true once this request may start and holds a place, false when it was given up first. */
  async function turn(signal: AbortSignal | null | undefined): Promise<boolean> {
    for (;;) {
      if (signal?.aborted) return false;
      const t = now();
      while (answeredAt.length > 0 && (answeredAt[0] ?? 0) <= t - options.windowMs) answeredAt.shift();
      if (inFlight + answeredAt.length < options.limit) {
        inFlight++;
        return true;
      }
      // A place frees when the oldest answer leaves the window, or when a request in flight is answered.
      const oldest = answeredAt[0];
      await Promise.race([
        answered.promise,
        ...(oldest === undefined ? [] : [sleep(oldest + options.windowMs - t)]),
      ]);
    }
  }

  return async (url, init) => {
    if (EXEMPT.test(url)) return makeRequest(url, init);
    const mine = queue.then(() => turn(init.signal));
    queue = mine;
    const holdsPlace = await mine;
    try {
      return await makeRequest(url, init);
    } finally {
      if (holdsPlace) {
        inFlight--;
        answeredAt.push(now());
        answered.resolve();
        answered = deferred();
      }
    }
  };
}
