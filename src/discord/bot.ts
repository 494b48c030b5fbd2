import { Client, Events, GatewayIntentBits, Options, RESTEvents, Status } from 'discord.js';
import type { Logger } from '../logger.js';
import type { Services } from '../services/index.js';
import type { Notifier } from '../services/ports.js';
import { syncCommands } from './commandSync.js';
import { commands } from './commands/index.js';
import { createDiscordNotifier } from './notifier.js';
import { paceRequests } from './paceRequests.js';
import { REST_RETRIES, repeatSafeRequests } from './restPolicy.js';
import { createRouter, type InteractionObserver } from './router.js';
import { NO_MENTIONS } from './views/common.js';

export interface BotOptions {
  readonly token: string;
  readonly apiBase: string | undefined;
  readonly guildId: string | undefined;
  readonly logger: Logger;
  /**
   * Whether this process makes the registered commands match the definitions: only the process that runs
   * shard 0 does, so several processes never overwrite them at once. Default true.
   */
  readonly registerCommands?: boolean;
  /** Told about every handled interaction (metrics). */
  readonly observe?: InteractionObserver;
}

/** Which gateway shards a client runs: every shard Discord recommends, or these ids of `count`. */
export type ShardSelection = 'auto' | { readonly count: number; readonly ids: readonly number[] };

export interface ClientOptions {
  /** REST base (a local server, or the shared REST proxy); undefined: Discord. */
  readonly restBase: string | undefined;
  readonly shards?: ShardSelection;
}

/** Whether this process runs shard 0 (the one that registers commands and gets DM interactions). */
export function runsShardZero(shards: ShardSelection | undefined): boolean {
  return shards === undefined || shards === 'auto' || shards.ids.includes(0);
}

/**
 * A client with only what the bot uses: the Guilds intent (slash commands, buttons and modals need no
 * privileged intent), and caches trimmed to channels, roles and the bot's own member for permission checks.
 */
export function createClient({ restBase: apiBase, shards }: ClientOptions): Client {
  return new Client({
    intents: [GatewayIntentBits.Guilds],
    ...(shards === undefined
      ? {}
      : shards === 'auto'
        ? { shards: 'auto' as const }
        : { shards: [...shards.ids], shardCount: shards.count }),
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
  const route = createRouter(commands, { services, logger }, options.observe);
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
      const synced =
        options.registerCommands === false
          ? Promise.resolve()
          : syncCommands({
              rest: readyClient.rest,
              applicationId: readyClient.application.id,
              guildId: options.guildId,
              logger,
            });
      synced.then(
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

export interface GatewayState {
  /** Every shard of this process is connected and ready. */
  readonly ready: boolean;
  readonly shards: readonly { readonly id: number; readonly status: string; readonly pingMs: number }[];
}

/** The gateway shards of this process, for /healthz and metrics. */
export function gatewayState(client: Client): GatewayState {
  const shards = [...client.ws.shards.values()].map((shard) => ({
    id: shard.id,
    status: Status[shard.status],
    pingMs: shard.ping,
  }));
  return {
    ready: client.isReady() && shards.length > 0 && shards.every((s) => s.status === 'Ready'),
    shards,
  };
}

/** REST traffic, for metrics: every response's status, and every 429 discord.js waited out. */
export function observeRest(
  client: Client,
  observer: { response(status: number): void; rateLimited(global: boolean): void },
): void {
  client.rest.on(RESTEvents.Response, (_request, response) => {
    observer.response(response.status);
  });
  client.rest.on(RESTEvents.RateLimited, (info) => {
    observer.rateLimited(info.global);
  });
}
