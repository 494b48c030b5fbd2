import { setTimeout as sleep } from 'node:timers/promises';
import {
  Client,
  DefaultRestOptions,
  Events,
  GatewayIntentBits,
  HTTPError,
  Options,
  type RESTOptions,
} from 'discord.js';
import type { Logger } from '../logger.js';
import type { Services } from '../services/index.js';
import type { Notifier } from '../services/ports.js';
import { syncCommands } from './commandSync.js';
import { commands } from './commands/index.js';
import { createDiscordNotifier } from './notifier.js';
import { paceRequests } from './paceRequests.js';
import { createRouter } from './router.js';
import { NO_MENTIONS } from './views/common.js';

export interface BotOptions {
  readonly token: string;
  readonly apiBase: string | undefined;
  readonly guildId: string | undefined;
  readonly logger: Logger;
}

type MakeRequest = RESTOptions['makeRequest'];
type RequestInit = Parameters<MakeRequest>[1];

/** How often discord.js repeats a request after a 5xx answer or a dropped connection (its default). */
export const REST_RETRIES = 3;
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
 * (discord.js throws them), and a 429 waits for its retry-after (discord.js).
 */
export function repeatSafeRequests(
  makeRequest: MakeRequest = DefaultRestOptions.makeRequest,
  { backoffMs = 200, retries = REST_RETRIES }: { backoffMs?: number; retries?: number } = {},
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

/**
 * A client with only what the bot uses: the Guilds intent (slash commands, buttons and modals need no
 * privileged intent), and caches trimmed to channels, roles and the bot's own member for permission checks.
 */
export function createClient(apiBase: string | undefined): Client {
  return new Client({
    intents: [GatewayIntentBits.Guilds],
    // `{ api: undefined }` would break requests to Discord, so the key is left out entirely when unset.
    rest: {
      ...(apiBase ? { api: apiBase } : {}),
      retries: REST_RETRIES,
      // Paced under Discord's global limit over a rolling second, then made repeat-safe (see both).
      makeRequest: paceRequests(repeatSafeRequests()),
    },
    allowedMentions: NO_MENTIONS,
    makeCache: Options.cacheWithLimits({
      ...Options.DefaultMakeCacheSettings,
      MessageManager: 0,
      PresenceManager: 0,
      ReactionManager: 0,
      ReactionUserManager: 0,
      VoiceStateManager: 0,
      GuildEmojiManager: 0,
      GuildStickerManager: 0,
      GuildScheduledEventManager: 0,
      StageInstanceManager: 0,
      ThreadManager: 0,
      ThreadMemberManager: 0,
      GuildInviteManager: 0,
      GuildBanManager: 0,
      AutoModerationRuleManager: 0,
      ApplicationCommandManager: 0,
      GuildMessageManager: 0,
      DMMessageManager: 0,
      GuildMemberManager: { maxSize: 0, keepOverLimit: (member) => member.id === member.client.user.id },
      UserManager: { maxSize: 1000, keepOverLimit: (user) => user.id === user.client.user.id },
    }),
    sweepers: {
      ...Options.DefaultSweeperSettings,
      users: { interval: 3600, filter: () => (user) => user.id !== user.client.user.id },
    },
  });
}

/** The notifier for a client, usable before login (REST needs only the token). */
export function notifierFor(client: Client, logger?: Logger): Notifier {
  return createDiscordNotifier(client.rest, logger);
}

export interface RunningBot {
  readonly client: Client;
  /** Resolves when every interaction that had started is done (or the timeout passes). */
  drain(timeoutMs: number): Promise<void>;
  stop(): Promise<void>;
}

/** Wires the router, syncs the commands when ready, and logs in. */
export async function startBot(client: Client, services: Services, options: BotOptions): Promise<RunningBot> {
  const { logger } = options;
  const route = createRouter(commands, { services, logger });
  const inFlight = new Set<Promise<void>>();
  let accepting = true;

  client.on(Events.InteractionCreate, (interaction) => {
    if (!accepting) return;
    const task = route(interaction).finally(() => inFlight.delete(task));
    inFlight.add(task);
  });
  client.on(Events.Error, (error) => {
    logger.error({ err: error }, 'discord client error');
  });
  // A dropped gateway connection reconnects and resumes by itself: one warning, then one info line.
  client.on(Events.ShardReconnecting, (shardId) => {
    if (accepting) logger.warn({ shardId }, 'gateway connection lost; reconnecting');
  });
  client.on(Events.ShardResume, (shardId, replayed) => {
    logger.info({ shardId, replayed }, 'gateway resumed');
  });
  // Only for close codes discord.js cannot recover from (bad token, disallowed intents): no more events.
  client.on(Events.ShardDisconnect, (event, shardId) => {
    logger.error({ code: event.code, shardId }, 'gateway disconnected for good');
  });

  const ready = new Promise<void>((resolve, reject) => {
    client.once(Events.ClientReady, (readyClient) => {
      logger.info(
        { user: readyClient.user.tag, guilds: readyClient.guilds.cache.size },
        'connected to Discord',
      );
      syncCommands({
        rest: readyClient.rest,
        applicationId: readyClient.application.id,
        guildId: options.guildId,
        logger,
      }).then(
        () => {
          resolve();
        },
        (error: unknown) => {
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
  });
  await client.login(options.token);
  await ready;

  return {
    client,
    async drain(timeoutMs) {
      accepting = false;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([...inFlight]),
        new Promise((resolve) => {
          timer = setTimeout(resolve, timeoutMs);
        }),
      ]);
      clearTimeout(timer);
    },
    async stop() {
      accepting = false;
      await client.destroy();
    },
  };
}
