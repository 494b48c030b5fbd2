import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeGateway, type GatewayCounters } from './gateway.js';
import {
  buildCommandOptions,
  findComponent,
  listCustomIds,
  type FakeAttachmentInput,
  type OptionValue,
} from './interactions.js';
import { asArray, asObject, asString, type JsonObject } from './json.js';
import { DEFAULT_EVERYONE_PERMISSIONS, Permission } from './permissions.js';
import {
  DEFAULT_RATE_LIMITS,
  RateLimiter,
  type RateLimitConfig,
  type RateLimitStats,
} from './rateLimiter.js';
import { FakeRest, type PendingFailure } from './rest.js';
import { FakeState, type InteractionRecord } from './state.js';
import type {
  FailureMatcher,
  FakeGuildInfo,
  FakeGuildInput,
  FakeUser,
  InjectedFailure,
  InvalidBody,
  RecordedMessage,
  RequestLogEntry,
  StoredCommand,
  UnhandledRequest,
} from './types.js';

export type * from './types.js';
export type { FakeAttachmentInput, OptionValue } from './interactions.js';
export type { RateLimitConfig, RateLimitStats } from './rateLimiter.js';
export type { JsonObject } from './json.js';
export { Permission } from './permissions.js';

export interface FakeDiscordOptions {
  /** Port on 127.0.0.1; default a random free one. */
  port?: number;
  /** `true` for Discord's limits (50/s global, 5 per 5 s per channel for messages, ...), or adjust them. */
  rateLimits?: boolean | Partial<RateLimitConfig>;
  /** Default timeout of every wait, in ms (5000). */
  timeoutMs?: number;
  /** How long the bot has to acknowledge an interaction (Discord: 3000 ms). */
  callbackDeadlineMs?: number;
}

interface WhereInput {
  user?: FakeUser | string;
  guildId?: string;
  channelId?: string;
  /** The invoking member's permissions in the channel; default computed from the guild's roles. */
  memberPermissions?: bigint;
  locale?: string;
  timeoutMs?: number;
}

export interface CommandInput extends WhereInput {
  name: string;
  options?: Record<string, OptionValue>;
  subcommand?: string;
  subcommandGroup?: string;
  /** Attachment options by name (same as passing them in `options`). */
  attachments?: Record<string, FakeAttachmentInput>;
}

export interface AutocompleteInput extends CommandInput {
  /** The option the user is typing in. */
  focused: string;
}

export interface ClickInput extends WhereInput {
  /** The message the component is on: a recorded message, a command result, or a message id. */
  message: RecordedMessage | InteractionResult | string;
  customId: string;
  /** For select menus: the chosen values. */
  values?: string[];
}

export interface ModalSubmitInput extends WhereInput {
  /** The result that showed the modal (type 9); fills customId and checks the fields exist. */
  from?: InteractionResult;
  customId?: string;
  fields: Record<string, string>;
}

export interface AutocompleteChoice {
  name: string;
  value: string | number;
}

/** What the bot did with one interaction. */
export interface InteractionResult {
  id: string;
  token: string;
  /** The callback body the bot sent: `{ type, data }`. */
  response: { type: number; data: JsonObject | undefined };
  type: number;
  ephemeral: boolean;
  /** The message `@original` currently is (undefined for modal/autocomplete/pong). */
  readonly message: RecordedMessage | undefined;
  /** The final visible reply: for deferred responses it waits for the edit of `@original`. */
  reply: (options?: { timeoutMs?: number }) => Promise<RecordedMessage>;
  /** Follow-up messages, live. */
  followups: RecordedMessage[];
  /** Waits until at least `count` follow-ups exist; resolves to the last one. */
  waitForFollowup: (count?: number, options?: { timeoutMs?: number }) => Promise<RecordedMessage>;
  /** Type 8 results. */
  choices: AutocompleteChoice[] | undefined;
  /** Type 9 results: the modal the bot showed. */
  modal: JsonObject | undefined;
}

interface Marker {
  requests: number;
  invalid: number;
  unhandled: number;
}

/** A local Discord: REST under `apiBase`, a gateway, recorded traffic and a driver for interactions. */
export class FakeDiscord {
  readonly requests: RequestLogEntry[] = [];
  readonly invalidBodies: InvalidBody[] = [];
  readonly unhandled: UnhandledRequest[] = [];
  private readonly failures: PendingFailure[] = [];
  private readonly listeners = new Set<() => void>();
  private readonly state = new FakeState();
  private readonly limiter: RateLimiter;
  private readonly gateway: FakeGateway;
  private readonly timeoutMs: number;
  private closed = false;

  private constructor(
    private readonly server: Server,
    options: FakeDiscordOptions,
  ) {
    const rl = options.rateLimits;
    this.limiter = new RateLimiter(
      rl === true ? DEFAULT_RATE_LIMITS : rl ? { ...DEFAULT_RATE_LIMITS, ...rl } : undefined,
    );
    this.timeoutMs = options.timeoutMs ?? 5000;
    const rest = new FakeRest({
      state: this.state,
      limiter: this.limiter,
      requests: this.requests,
      invalidBodies: this.invalidBodies,
      unhandled: this.unhandled,
      failures: this.failures,
      callbackDeadlineMs: options.callbackDeadlineMs ?? 3000,
      gatewayUrl: () => this.gatewayUrl,
      onChange: () => {
        this.notify();
      },
    });
    server.on('request', (req, res) => {
      void rest.handle(req, res);
    });
    this.gateway = new FakeGateway(server, () => this.gatewayUrl, {
      token: () => this.state.token,
      readyPayload: () => ({
        v: 10,
        user: { ...this.state.botUser, verified: true, mfa_enabled: false, flags: 0, email: null },
        guilds: [...this.state.guilds.keys()].map((id) => ({ id, unavailable: true })),
        application: { id: this.state.applicationId, flags: 0 },
        private_channels: [],
        presences: [],
        relationships: [],
        guild_join_requests: [],
        geo_ordered_rtc_regions: [],
        user_settings: {},
        session_type: 'normal',
      }),
      guildCreates: () => [...this.state.guilds.values()].map((g) => this.state.guildCreateApi(g)),
      onChange: () => {
        this.notify();
      },
    });
  }

  /** @internal use startFakeDiscord */
  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const server = createServer({ keepAlive: true });
    const fake = new FakeDiscord(server, options);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    fake.state.baseUrl = `http://127.0.0.1:${fake.port}`;
    return fake;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }
  /** Pass as `rest.api` to discord.js. */
  get apiBase(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }
  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }
  /** A token shaped like a real bot token; the only one this fake accepts. */
  get token(): string {
    return this.state.token;
  }
  get applicationId(): string {
    return this.state.applicationId;
  }
  get botUser(): FakeUser {
    return this.state.botUser;
  }
  get dmChannelCreates(): number {
    return this.state.dmChannelCreates;
  }
  get stats(): RateLimitStats {
    return this.limiter.stats();
  }
  get gatewayCounters(): GatewayCounters {
    return { ...this.gateway.counters };
  }

  /** A user (registered with the fake, so options and members can refer to it). Same id → same user. */
  user(id?: string, username?: string): FakeUser {
    return this.state.user(id, username);
  }

  /** Adds a guild the bot is in. Before login it comes with READY; after, it arrives as a live GUILD_CREATE. */
  addGuild(input: FakeGuildInput = {}): FakeGuildInfo {
    const guild = this.state.addGuild(input);
    if (this.gateway.ready) this.gateway.dispatch('GUILD_CREATE', this.state.guildCreateApi(guild));
    return this.state.guildInfo(guild);
  }

  /** The commands the bot registered (global when no guild id). */
  registeredCommands(guildId?: string): StoredCommand[] {
    return this.state.commandsFor(guildId);
  }

  /** Messages the bot created in a channel (interaction responses included), oldest first. */
  messagesIn(channelId: string): RecordedMessage[] {
    return this.state.messagesIn(channelId);
  }
  dmChannelOf(userId: string): string | undefined {
    return this.state.dmChannelByUser.get(userId);
  }
  dmsTo(userId: string): RecordedMessage[] {
    const channelId = this.dmChannelOf(userId);
    return channelId === undefined ? [] : this.messagesIn(channelId);
  }

  async waitForMessage(
    channelId: string,
    predicate: (m: RecordedMessage) => boolean = () => true,
    options: { timeoutMs?: number } = {},
  ): Promise<RecordedMessage> {
    return this.waitFor(
      () => this.messagesIn(channelId).find(predicate),
      `a message in channel ${channelId}`,
      options.timeoutMs,
    );
  }
  async waitForDm(
    userId: string,
    predicate: (m: RecordedMessage) => boolean = () => true,
    options: { timeoutMs?: number } = {},
  ): Promise<RecordedMessage> {
    return this.waitFor(
      () => this.dmsTo(userId).find(predicate),
      `a DM to user ${userId}`,
      options.timeoutMs,
    );
  }

  /**
   * The DM channel with this user, as if the bot had opened it in an earlier session (so it is not
   * counted in dmChannelCreates): for runs that start with DM channel ids already stored.
   */
  openDmChannel(userId: string): string {
    return this.state.dmChannelFor(this.state.user(userId).id).id;
  }

  /** POST /channels/<this user's DM>/messages answers 403 50007 from now on. */
  closeDms(userId: string): void {
    this.state.closedDms.add(userId);
  }
  openDms(userId: string): void {
    this.state.closedDms.delete(userId);
  }

  /** The next `times` requests matching answer with `response` (or a destroyed socket) instead. */
  failNext(matcher: FailureMatcher, response: InjectedFailure, times = 1): void {
    this.failures.push({ matcher, response, remaining: times });
  }

  /** Resolves once the bot has identified on the gateway (READY and GUILD_CREATEs sent). */
  async waitForReady(options: { timeoutMs?: number } = {}): Promise<void> {
    await this.waitFor(
      () => (this.gateway.counters.identifies > 0 ? true : undefined),
      'the bot to identify',
      options.timeoutMs,
    );
  }

  /** Closes the bot's gateway socket with a resumable close code (default 4000). */
  async disconnectGateway(code = 4000): Promise<void> {
    await this.gateway.disconnect(code);
  }

  /** Resolves once the bot has resumed more times than `before` (default: the count now). */
  async waitForResume(options: { before?: number; timeoutMs?: number } = {}): Promise<void> {
    const before = options.before ?? this.gateway.counters.resumes;
    await this.waitFor(
      () => (this.gateway.counters.resumes > before && this.gateway.connected ? true : undefined),
      'the bot to resume its gateway session',
      options.timeoutMs,
    );
  }

  /** Sends any dispatch event to the bot. */
  dispatch(t: string, d: unknown): void {
    this.gateway.dispatch(t, d);
  }

  // ---- interactions ------------------------------------------------------------------

  /** Sends a slash command as a user would and resolves when the bot has acknowledged it. */
  async command(input: CommandInput): Promise<InteractionResult> {
    const where = this.where(input);
    const command = this.findCommand(input.name, where.guildId, where.context);
    const { options, resolved } = buildCommandOptions(this.state, command, {
      options: { ...input.options, ...input.attachments },
      subcommand: input.subcommand,
      subcommandGroup: input.subcommandGroup,
      focused: undefined,
      guildId: where.guildId,
      channelId: where.channelId,
    });
    const label = `/${[input.name, input.subcommandGroup, input.subcommand].filter((x) => x !== undefined).join(' ')}`;
    return this.run(2, label, where, input, {
      data: {
        id: command.id,
        name: command.name,
        type: command.type,
        ...(options.length > 0 ? { options } : {}),
        ...(Object.keys(resolved).length > 0 ? { resolved } : {}),
        ...(command.guild_id !== undefined ? { guild_id: command.guild_id } : {}),
      },
    });
  }

  /** Sends an autocomplete interaction and resolves to the choices the bot returned. */
  async autocomplete(input: AutocompleteInput): Promise<AutocompleteChoice[]> {
    const where = this.where(input);
    const command = this.findCommand(input.name, where.guildId, where.context);
    const { options } = buildCommandOptions(this.state, command, {
      options: input.options ?? {},
      subcommand: input.subcommand,
      subcommandGroup: input.subcommandGroup,
      focused: input.focused,
      guildId: where.guildId,
      channelId: where.channelId,
    });
    const result = await this.run(4, `autocomplete /${input.name} ${input.focused}`, where, input, {
      data: {
        id: command.id,
        name: command.name,
        type: command.type,
        options,
        ...(command.guild_id !== undefined ? { guild_id: command.guild_id } : {}),
      },
    });
    return result.choices ?? [];
  }

  /** Clicks a button (or picks select values) on a message the bot sent. */
  async clickButton(input: ClickInput): Promise<InteractionResult> {
    const message = this.resolveMessage(input.message);
    const component = findComponent(message.components, input.customId);
    if (!component) {
      throw new Error(
        `FakeDiscord: message ${message.id} has no component with custom_id "${input.customId}" (has: ${listCustomIds(message.components).join(', ') || 'none'})`,
      );
    }
    if (component.disabled === true)
      throw new Error(`FakeDiscord: component "${input.customId}" is disabled`);
    const componentType = typeof component.type === 'number' ? component.type : 2;
    if (componentType === 2 && (component.style === 5 || component.style === 6)) {
      throw new Error(
        `FakeDiscord: "${input.customId}" is a link/premium button; clicking it sends no interaction`,
      );
    }
    const channel = this.state.channels.get(message.channelId);
    const where = this.where({
      ...input,
      channelId: message.channelId,
      ...(channel?.guildId !== undefined ? { guildId: channel.guildId } : {}),
    });
    return this.run(
      3,
      `component ${input.customId}`,
      where,
      input,
      {
        data: {
          custom_id: input.customId,
          component_type: componentType,
          ...(componentType === 2 ? {} : { values: input.values ?? [] }),
        },
        message: this.state.messageApi(message),
      },
      message.id,
    );
  }

  /** Submits a modal the bot showed. */
  async submitModal(input: ModalSubmitInput): Promise<InteractionResult> {
    const modal = input.from?.modal;
    if (input.from && !modal)
      throw new Error(
        `FakeDiscord: interaction ${input.from.id} did not answer with a modal (type ${input.from.type})`,
      );
    const customId = input.customId ?? asString(modal?.custom_id);
    if (customId === undefined) throw new Error('FakeDiscord: submitModal needs customId or from');
    const fromRecord = input.from ? this.state.interactions.get(input.from.id) : undefined;
    const channelId = input.channelId ?? fromRecord?.channelId;
    const guildId = input.guildId ?? fromRecord?.guildId;
    const user = input.user ?? fromRecord?.user;
    const where = this.where({
      ...input,
      ...(channelId !== undefined ? { channelId } : {}),
      ...(guildId !== undefined ? { guildId } : {}),
      ...(user !== undefined ? { user } : {}),
    });

    let components: JsonObject[];
    if (modal) {
      const known = listCustomIds(asArray(modal.components).map(asObject));
      const unknown = Object.keys(input.fields).filter((k) => !known.includes(k));
      if (unknown.length > 0)
        throw new Error(
          `FakeDiscord: modal "${customId}" has no fields ${unknown.join(', ')} (has: ${known.join(', ')})`,
        );
      components = asArray(modal.components).map((raw) => {
        const row = asObject(raw);
        const inner = row.type === 18 ? asObject(row.component) : asObject(asArray(row.components)[0]);
        const id = asString(inner.custom_id) ?? '';
        const submitted = {
          type: inner.type,
          custom_id: id,
          ...(inner.type === 4 ? { value: input.fields[id] ?? '' } : { values: [input.fields[id] ?? ''] }),
        };
        return row.type === 18
          ? { type: 18, id: row.id ?? 0, component: submitted }
          : { type: 1, components: [submitted] };
      });
    } else {
      components = Object.entries(input.fields).map(([id, value]) => ({
        type: 1,
        components: [{ type: 4, custom_id: id, value }],
      }));
    }
    const componentMessageId = fromRecord?.componentMessageId;
    const componentMessage =
      componentMessageId !== undefined ? this.state.messages.get(componentMessageId) : undefined;
    return this.run(
      5,
      `modal ${customId}`,
      where,
      input,
      {
        data: { custom_id: customId, components },
        ...(componentMessage ? { message: this.state.messageApi(componentMessage) } : {}),
      },
      componentMessageId,
    );
  }

  private resolveMessage(ref: RecordedMessage | InteractionResult | string): RecordedMessage {
    const id = typeof ref === 'string' ? ref : 'response' in ref ? ref.message?.id : ref.id;
    const message = id !== undefined ? this.state.messages.get(id) : undefined;
    if (!message || message.deleted)
      throw new Error(`FakeDiscord: no (undeleted) message ${String(id)} to click on`);
    return message;
  }

  private findCommand(name: string, guildId: string | undefined, context: number): StoredCommand {
    const candidates = [
      ...(guildId !== undefined ? this.state.commandsFor(guildId) : []),
      ...this.state.commandsFor(undefined),
    ];
    const command = candidates.find((c) => c.name === name && c.type === 1);
    if (!command) {
      throw new Error(
        `FakeDiscord: no slash command "${name}" is registered (registered: ${candidates.map((c) => c.name).join(', ') || 'none'})`,
      );
    }
    const contexts = asArray(command.contexts);
    if (contexts.length > 0 && !contexts.includes(context)) {
      throw new Error(
        `FakeDiscord: /${name} is not available in this context (${context}); its contexts are ${JSON.stringify(contexts)}`,
      );
    }
    if (context === 1 && contexts.length === 0 && command.dm_permission === false) {
      throw new Error(`FakeDiscord: /${name} has dm_permission false`);
    }
    return command;
  }

  private where(input: WhereInput): {
    user: FakeUser;
    guildId: string | undefined;
    channelId: string;
    context: number;
    memberPermissions: bigint | undefined;
  } {
    const user =
      input.user !== undefined
        ? this.state.resolveUser(input.user)
        : this.state.user('200000000000000001', 'default_owner');
    let guildId = input.guildId;
    let channelId = input.channelId;
    if (channelId !== undefined) {
      const channel = this.state.channels.get(channelId);
      if (!channel) throw new Error(`FakeDiscord: unknown channel ${channelId}`);
      guildId = channel.guildId;
    } else if (guildId !== undefined) {
      const guild = this.state.guilds.get(guildId);
      if (!guild) throw new Error(`FakeDiscord: unknown guild ${guildId}; call addGuild first`);
      channelId =
        guild.channelIds.find((id) => this.state.channels.get(id)?.type === 0) ?? guild.channelIds[0];
      if (channelId === undefined) throw new Error(`FakeDiscord: guild ${guildId} has no channels`);
    } else {
      channelId = this.state.dmChannelFor(user.id).id;
    }
    if (guildId !== undefined) {
      const guild = this.state.guilds.get(guildId);
      if (guild && !guild.members.has(user.id)) {
        guild.members.set(user.id, { user, roles: [], nick: null, joinedAt: new Date().toISOString() });
      }
    }
    return {
      user,
      guildId,
      channelId,
      context: guildId !== undefined ? 0 : 1,
      memberPermissions: input.memberPermissions,
    };
  }

  private async run(
    type: number,
    label: string,
    where: ReturnType<FakeDiscord['where']>,
    input: WhereInput,
    extra: JsonObject,
    componentMessageId?: string,
  ): Promise<InteractionResult> {
    const { user, guildId, channelId, context } = where;
    const s = this.state;
    const channel = s.channels.get(channelId);
    const guild = guildId !== undefined ? s.guilds.get(guildId) : undefined;
    const member = guild?.members.get(user.id);
    const memberPermissions =
      where.memberPermissions ?? (guild ? s.permissionsFor(user.id, channelId) : undefined);
    const appPermissions = guild
      ? s.permissionsFor(s.botUser.id, channelId)
      : DEFAULT_EVERYONE_PERMISSIONS | Permission.EmbedLinks;
    const id = s.snowflake();
    const token = `aW50ZXJhY3Rpb246${id}:${randomBytes(48).toString('base64url')}`;
    const payload: JsonObject = {
      id,
      application_id: s.applicationId,
      type,
      token,
      version: 1,
      ...extra,
      channel_id: channelId,
      channel: channel
        ? {
            ...s.channelApi(channel),
            ...(memberPermissions !== undefined ? { permissions: memberPermissions.toString() } : {}),
          }
        : undefined,
      ...(guild && member
        ? {
            guild_id: guild.id,
            guild: { id: guild.id, locale: 'en-US', features: [] },
            guild_locale: 'en-US',
            member: { ...s.memberApi(member), permissions: (memberPermissions ?? 0n).toString() },
          }
        : { user }),
      app_permissions: appPermissions.toString(),
      locale: input.locale ?? 'en-US',
      entitlements: [],
      authorizing_integration_owners: { '0': guild ? guild.id : '0' },
      context,
      attachment_size_limit: 10_485_760,
    };
    const record: InteractionRecord = {
      id,
      token,
      type,
      label,
      channelId,
      guildId,
      user,
      createdAt: Date.now(),
      payload,
      callback: undefined,
      originalMessageId: undefined,
      componentMessageId,
      followups: [],
    };
    s.interactions.set(id, record);
    const marker = this.marker();
    this.gateway.dispatch('INTERACTION_CREATE', payload);
    const callback = await this.waitFor(
      () => record.callback,
      `the bot to respond to ${label}`,
      input.timeoutMs,
      marker,
    );
    return this.result(record, callback);
  }

  private result(
    record: InteractionRecord,
    callback: NonNullable<InteractionRecord['callback']>,
  ): InteractionResult {
    const state = this.state;
    const original = (): RecordedMessage | undefined =>
      record.originalMessageId !== undefined ? state.messages.get(record.originalMessageId) : undefined;
    const flags = typeof callback.data?.flags === 'number' ? callback.data.flags : 0;
    const ephemeral =
      callback.type === 6 || callback.type === 7 ? (original()?.ephemeral ?? false) : (flags & 64) !== 0;
    const choices =
      callback.type === 8
        ? asArray(callback.data?.choices).map((c) => {
            const o = asObject(c);
            return {
              name: asString(o.name) ?? '',
              value: typeof o.value === 'number' ? o.value : (asString(o.value) ?? ''),
            };
          })
        : undefined;
    const editsAtCallback = original()?.edits ?? 0;
    return {
      id: record.id,
      token: record.token,
      response: { type: callback.type, data: callback.data },
      type: callback.type,
      ephemeral,
      get message() {
        return original();
      },
      reply: async (options = {}) => {
        if (callback.type !== 4 && callback.type !== 5 && callback.type !== 6 && callback.type !== 7) {
          throw new Error(
            `FakeDiscord: ${record.label} was answered with callback type ${callback.type}, which has no message`,
          );
        }
        const deferred = callback.type === 5 || callback.type === 6;
        return this.waitFor(
          () => {
            const m = original();
            if (!m) return undefined;
            return !deferred || m.edits > editsAtCallback ? m : undefined;
          },
          `the bot to edit the deferred reply to ${record.label}`,
          options.timeoutMs,
        );
      },
      followups: record.followups,
      waitForFollowup: async (count = 1, options = {}) =>
        this.waitFor(
          () => (record.followups.length >= count ? record.followups[count - 1] : undefined),
          `${count} follow-up(s) to ${record.label}`,
          options.timeoutMs,
        ),
      choices,
      modal: callback.type === 9 ? callback.data : undefined,
    };
  }

  // ---- waiting -----------------------------------------------------------------------

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  private marker(): Marker {
    return {
      requests: this.requests.length,
      invalid: this.invalidBodies.length,
      unhandled: this.unhandled.length,
    };
  }

  /** What the bot did since `marker`, for timeout messages. */
  describeActivity(marker: Marker = { requests: 0, invalid: 0, unhandled: 0 }): string {
    const requests = this.requests
      .slice(marker.requests)
      .map((r) => `  ${r.method} ${r.path}${r.query} → ${r.status}`);
    const invalid = this.invalidBodies
      .slice(marker.invalid)
      .map((b) => `  ${b.method} ${b.path}: ${JSON.stringify(b.issues)}`);
    const unhandled = this.unhandled.slice(marker.unhandled).map((u) => `  ${u.method} ${u.path}`);
    return [
      `Requests meanwhile (${requests.length}):`,
      ...(requests.length > 0 ? requests.slice(-30) : ['  none']),
      ...(invalid.length > 0 ? ['Invalid bodies:', ...invalid] : []),
      ...(unhandled.length > 0 ? ['Unhandled routes:', ...unhandled] : []),
      `Gateway: ${this.gateway.connected ? 'connected' : 'not connected'}, ${JSON.stringify(this.gateway.counters)}`,
    ].join('\n');
  }

  private async waitFor<T>(
    check: () => T | undefined,
    what: string,
    timeoutMs = this.timeoutMs,
    marker: Marker = this.marker(),
  ): Promise<T> {
    const immediate = check();
    if (immediate !== undefined) return immediate;
    if (this.closed) throw new Error(`FakeDiscord: closed while waiting for ${what}`);
    return new Promise<T>((resolve, reject) => {
      const listener = (): void => {
        const value = check();
        if (value !== undefined) {
          cleanup();
          resolve(value);
        } else if (this.closed) {
          cleanup();
          reject(new Error(`FakeDiscord: closed while waiting for ${what}`));
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(
          new Error(
            `FakeDiscord: timed out after ${timeoutMs} ms waiting for ${what}.\n${this.describeActivity(marker)}`,
          ),
        );
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.listeners.delete(listener);
      };
      this.listeners.add(listener);
    });
  }

  /** Stops the gateway and the HTTP server; pending waits reject. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.notify();
    await this.gateway.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => {
      this.server.close(() => {
        resolve();
      });
    });
  }
}

/** Starts a fake Discord on 127.0.0.1 (random port unless `port`). */
export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  return FakeDiscord.start(options);
}
