/**
 * The bot's real router, commands, services and database, fed with discord.js interaction objects built
 * from raw gateway data, on a client whose REST goes to an in-process stub. What is timed is only our
 * code plus discord.js's own request pipeline: no sockets, no JSON over the wire, no fake server.
 */
import { httpPhotoFetcher } from '../../src/adapters/httpPhotoFetcher.js';
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ChatInputCommandInteraction,
  Client,
  GatewayIntentBits,
  InteractionType,
  type APIApplicationCommandInteractionDataBasicOption,
  type APIChatInputApplicationCommandInteraction,
  type Interaction,
} from 'discord.js';
import type { Clock } from '../../src/clock.js';
import { notifierFor } from '../../src/discord/bot.js';
import { commands } from '../../src/discord/commands/index.js';
import { createRouter } from '../../src/discord/router.js';
import { createLogger } from '../../src/logger.js';
import { createServices } from '../../src/services/index.js';
import type { Store } from '../../src/services/store/store.js';

export interface CapturedRequest {
  readonly method: string;
  readonly url: string;
  readonly body: unknown;
  readonly at: number;
}

type Option =
  { name: string; type: 'string'; value: string } | { name: string; type: 'integer'; value: number };

export interface StubbedBot {
  readonly client: Client;
  readonly requests: CapturedRequest[];
  /**
   * Dispatches a slash command as discord.js would on INTERACTION_CREATE. Resolves with the time the
   * reply left (the interaction callback reached REST) and when the handler finished, both from dispatch.
   */
  command(input: { name: string; userId: string; guildId: string; options: Option[] }): Promise<{
    replyMs: number;
    doneMs: number;
    /** CPU time of the whole process (all threads) from dispatch to the reply. */
    replyCpuMs: number;
    reply: CapturedRequest;
  }>;
  close(): Promise<void>;
}

let snowflake = 1_400_000_000_000_000_000n;
const nextId = (): string => String(++snowflake);

/** A clock the bench moves by hand. */
export function steppingClock(start: Date, stepMs: number): Clock {
  let t = start.getTime();
  return {
    now: () => {
      t += stepMs;
      return new Date(t);
    },
  };
}

export function createStubbedBot(store: Store, clock: Clock): StubbedBot {
  const requests: CapturedRequest[] = [];
  let onCallback: ((request: CapturedRequest) => void) | undefined;
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: {
      async makeRequest(url, init) {
        const request = { method: init.method ?? 'GET', url, body: init.body, at: performance.now() };
        requests.push(request);
        if (url.includes('/callback')) {
          onCallback?.(request);
          return Promise.resolve(new Response(null, { status: 204 }));
        }
        // Follow-ups and DMs: a minimal message object.
        const message = { id: nextId(), channel_id: nextId(), content: '', embeds: [], attachments: [] };
        return Promise.resolve(
          new Response(JSON.stringify(message), {
            status: 200,
            headers: { 'content-type': 'application/json' },
          }),
        );
      },
    },
  });
  client.rest.setToken('stub.stub.stub');
  const logger = createLogger('silent');
  const services = createServices({
    store,
    clock,
    logger,
    notifier: notifierFor(client),
    photos: httpPhotoFetcher,
  });
  const route = createRouter(commands, { services, logger });
  const applicationId = nextId();
  const commandIds = new Map(commands.map((c) => [c.data.name, nextId()]));
  const InteractionClass = ChatInputCommandInteraction as unknown as new (
    client: Client,
    data: APIChatInputApplicationCommandInteraction,
  ) => ChatInputCommandInteraction;

  function raw(input: Parameters<StubbedBot['command']>[0]): APIChatInputApplicationCommandInteraction {
    const channelId = `${input.guildId.slice(0, -1)}9`;
    const user = {
      id: input.userId,
      username: `owner${input.userId.slice(-5)}`,
      discriminator: '0',
      global_name: null,
      avatar: null,
    };
    const options: APIApplicationCommandInteractionDataBasicOption[] = input.options.map((o) =>
      o.type === 'string'
        ? { name: o.name, type: ApplicationCommandOptionType.String, value: o.value }
        : { name: o.name, type: ApplicationCommandOptionType.Integer, value: o.value },
    );
    return {
      id: nextId(),
      application_id: applicationId,
      type: InteractionType.ApplicationCommand,
      token: `aW50ZXJhY3Rpb246${nextId()}:benchtoken`,
      version: 1,
      data: {
        id: commandIds.get(input.name) ?? nextId(),
        name: input.name,
        type: ApplicationCommandType.ChatInput,
        options,
      },
      guild_id: input.guildId,
      guild: { id: input.guildId, locale: 'en-US', features: [] },
      guild_locale: 'en-US',
      channel_id: channelId,
      channel: { id: channelId, type: 0, guild_id: input.guildId, name: 'general' },
      member: {
        user,
        roles: [],
        joined_at: '2025-01-01T00:00:00.000Z',
        deaf: false,
        mute: false,
        flags: 0,
        permissions: '2248473465835073',
      },
      app_permissions: '2248473465835073',
      locale: 'en-US',
      entitlements: [],
      authorizing_integration_owners: { '0': input.guildId },
      context: 0,
      attachment_size_limit: 10_485_760,
    } as unknown as APIChatInputApplicationCommandInteraction;
  }

  return {
    client,
    requests,
    async command(input) {
      const data = raw(input);
      const replied = new Promise<CapturedRequest>((resolve) => {
        onCallback = resolve;
      });
      const cpu = process.cpuUsage();
      const started = performance.now();
      const interaction = new InteractionClass(client, data) as Interaction;
      const done = route(interaction);
      const reply = await replied;
      const used = process.cpuUsage(cpu);
      await done;
      const finished = performance.now();
      onCallback = undefined;
      return {
        replyMs: reply.at - started,
        doneMs: finished - started,
        replyCpuMs: (used.user + used.system) / 1000,
        reply,
      };
    },
    async close() {
      await client.destroy();
    },
  };
}
