import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InteractionDriver } from './driver.js';
import type {
  AutocompleteChoice,
  AutocompleteInput,
  ClickInput,
  CommandInput,
  InteractionResult,
  ModalSubmitInput,
} from './driverTypes.js';
import { FakeGateway, type GatewayCounters, type GatewayShardInfo } from './gateway.js';
import {
  DEFAULT_RATE_LIMITS,
  RateLimiter,
  type RateLimitConfig,
  type RateLimitStats,
} from './rateLimiter.js';
import { FakeRest, type PendingFailure } from './rest.js';
import { IdentifyLimiter, receives, type ShardKey, type ShardOptions } from './shards.js';
import { FakeState } from './state.js';
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
import { Waiter, type Marker } from './waiter.js';

export type * from './types.js';
export type * from './driverTypes.js';
export type { FakeAttachmentInput, OptionValue } from './interactions.js';
export type { RateLimitConfig, RateLimitStats } from './rateLimiter.js';
export type { GatewayCounters, GatewayShardInfo } from './gateway.js';
export type { ShardOptions } from './shards.js';
export type { JsonObject } from './json.js';
export { Permission } from './permissions.js';
export { shardOf } from './shards.js';

export interface FakeDiscordOptions {
  /** Port on 127.0.0.1; default a random free one. */
  port?: number;
  /** `true` for Discord's limits (50/s global, 5 per 5 s per channel for messages, ...), or adjust them. */
  rateLimits?: boolean | Partial<RateLimitConfig>;
  /** Default timeout of every wait, in ms (5000). */
  timeoutMs?: number;
  /** How long the bot has to acknowledge an interaction (Discord: 3000 ms). */
  callbackDeadlineMs?: number;
  /** Recommended shard count, IDENTIFY concurrency and the IDENTIFY interval (default: 1 shard, not enforced). */
  shards?: ShardOptions;
  /** How long a nonce sent with `enforce_nonce` is remembered per channel (default 5 minutes). */
  nonceWindowMs?: number;
}

/** A local Discord: REST under `apiBase`, a gateway, recorded traffic and a driver for interactions. */
export class FakeDiscord {
  readonly requests: RequestLogEntry[] = [];
  readonly invalidBodies: InvalidBody[] = [];
  readonly unhandled: UnhandledRequest[] = [];
  private readonly failures: PendingFailure[] = [];
  private readonly state = new FakeState();
  private readonly limiter: RateLimiter;
  private readonly identifyLimiter: IdentifyLimiter;
  private readonly gateway: FakeGateway;
  private readonly waiter: Waiter;
  private readonly driver: InteractionDriver;

  private constructor(
    private readonly server: Server,
    options: FakeDiscordOptions,
  ) {
    const rl = options.rateLimits;
    this.limiter = new RateLimiter(
      rl === true ? DEFAULT_RATE_LIMITS : rl ? { ...DEFAULT_RATE_LIMITS, ...rl } : undefined,
    );
    this.identifyLimiter = new IdentifyLimiter(options.shards);
    this.waiter = new Waiter(
      {
        requests: this.requests,
        invalidBodies: this.invalidBodies,
        unhandled: this.unhandled,
        gateway: () => this.describeGateway(),
      },
      options.timeoutMs ?? 5000,
    );
    const rest = new FakeRest({
      state: this.state,
      limiter: this.limiter,
      requests: this.requests,
      invalidBodies: this.invalidBodies,
      unhandled: this.unhandled,
      failures: this.failures,
      callbackDeadlineMs: options.callbackDeadlineMs ?? 3000,
      nonceWindowMs: options.nonceWindowMs ?? 5 * 60_000,
      gatewayUrl: () => this.gatewayUrl,
      gatewayBot: () => ({
        shards: this.identifyLimiter.count,
        session_start_limit: this.identifyLimiter.sessionStartLimit(),
      }),
      onChange: () => {
        this.waiter.notify();
      },
    });
    server.on('request', (req, res) => {
      void rest.handle(req, res);
    });
    const guildsOf = (shard: ShardKey) =>
      [...this.state.guilds.values()].filter((g) => receives(shard, { guildId: g.id }));
    this.gateway = new FakeGateway(server, () => this.gatewayUrl, {
      token: () => this.state.token,
      readyPayload: (shard) => ({
        v: 10,
        user: { ...this.state.botUser, verified: true, mfa_enabled: false, flags: 0, email: null },
        guilds: guildsOf(shard).map((g) => ({ id: g.id, unavailable: true })),
        application: { id: this.state.applicationId, flags: 0 },
        private_channels: [],
        presences: [],
        relationships: [],
        guild_join_requests: [],
        geo_ordered_rtc_regions: [],
        user_settings: {},
        session_type: 'normal',
      }),
      guildCreates: (shard) => guildsOf(shard).map((g) => this.state.guildCreateApi(g)),
      identifyLimiter: this.identifyLimiter,
      onChange: () => {
        this.waiter.notify();
      },
    });
    this.driver = new InteractionDriver({
      state: this.state,
      waiter: this.waiter,
      dispatch: (t, d, route) => {
        this.gateway.dispatch(t, d, route);
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
  /** Gateway counters: connections, IDENTIFYs, RESUMEs, INVALID_SESSIONs (and IDENTIFYs refused as too soon). */
  get gatewayCounters(): GatewayCounters {
    return { ...this.gateway.counters };
  }
  /** The bot's gateway sessions, one per shard: `[shard_id, num_shards]`, and whether each is connected. */
  get gatewayShards(): GatewayShardInfo[] {
    return this.gateway.shards;
  }

  /** A user (registered with the fake, so options and members can refer to it). Same id → same user. */
  user(id?: string, username?: string): FakeUser {
    return this.state.user(id, username);
  }

  /**
   * Adds a guild the bot is in. Before its shard identifies it comes with READY; after, it arrives as a live
   * GUILD_CREATE on that shard.
   */
  addGuild(input: FakeGuildInput = {}): FakeGuildInfo {
    const guild = this.state.addGuild(input);
    if (this.gateway.receives({ guildId: guild.id }))
      this.gateway.dispatch('GUILD_CREATE', this.state.guildCreateApi(guild));
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

  /**
   * Ends an interaction's token now, as Discord does 15 minutes after the interaction: follow-ups and
   * `@original` through its webhook routes answer 401 50027 "Invalid Webhook Token" from then on.
   */
  expireInteraction(interaction: InteractionResult | string): void {
    const id = typeof interaction === 'string' ? interaction : interaction.id;
    const record = this.state.interactions.get(id);
    if (!record) throw new Error(`FakeDiscord: no interaction ${id}`);
    record.tokenExpired = true;
  }

  /** The next `times` requests matching answer with `response` (or a destroyed socket) instead. */
  failNext(matcher: FailureMatcher, response: InjectedFailure, times = 1): void {
    this.failures.push({ matcher, response, remaining: times });
  }

  /**
   * Resolves once the bot has identified on the gateway (READY and GUILD_CREATEs sent); with `shard`, once
   * that shard has a connected session.
   */
  async waitForReady(options: { shard?: number; timeoutMs?: number } = {}): Promise<void> {
    const { shard } = options;
    await this.waitFor(
      () =>
        (
          shard === undefined
            ? this.gateway.counters.identifies > 0
            : this.gateway.shards.some((s) => s.shard[0] === shard && s.connected)
        )
          ? true
          : undefined,
      shard === undefined ? 'the bot to identify' : `shard ${shard} to identify`,
      options.timeoutMs,
    );
  }

  /** Closes the bot's gateway sockets (only shard `shardId`'s, when given) with a resumable code (default 4000). */
  async disconnectGateway(code = 4000, shardId?: number): Promise<void> {
    await this.gateway.disconnect(code, shardId);
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

  /**
   * Sends any dispatch event to the bot: to the shard of `d.guild_id` (or of a GUILD_* event's `id`), else to
   * shard 0.
   */
  dispatch(t: string, d: unknown): void {
    this.gateway.dispatch(t, d);
  }

  // ---- interactions ------------------------------------------------------------------

  /** Sends a slash command as a user would and resolves when the bot has acknowledged it. */
  async command(input: CommandInput): Promise<InteractionResult> {
    return this.driver.command(input);
  }

  /** Sends an autocomplete interaction and resolves to the choices the bot returned. */
  async autocomplete(input: AutocompleteInput): Promise<AutocompleteChoice[]> {
    return this.driver.autocomplete(input);
  }

  /** Clicks a button (or picks select values) on a message the bot sent. */
  async clickButton(input: ClickInput): Promise<InteractionResult> {
    return this.driver.clickButton(input);
  }

  /** Submits a modal the bot showed. */
  async submitModal(input: ModalSubmitInput): Promise<InteractionResult> {
    return this.driver.submitModal(input);
  }

  // ---- waiting -----------------------------------------------------------------------

  /** What the bot did since `marker`, for timeout messages. */
  describeActivity(marker?: Marker): string {
    return this.waiter.describeActivity(marker);
  }

  private describeGateway(): string {
    const shards = this.gateway.shards;
    const sharded = shards.length > 1 || shards.some((s) => s.shard[1] !== 1);
    return `${this.gateway.connected ? 'connected' : 'not connected'}, ${JSON.stringify(this.gateway.counters)}${sharded ? `, shards ${JSON.stringify(shards)}` : ''}`;
  }

  private async waitFor<T>(check: () => T | undefined, what: string, timeoutMs?: number): Promise<T> {
    return this.waiter.waitFor(check, what, timeoutMs);
  }

  /** Stops the gateway and the HTTP server; pending waits reject. */
  async close(): Promise<void> {
    if (this.waiter.closed) return;
    this.waiter.closed = true;
    this.waiter.notify();
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
