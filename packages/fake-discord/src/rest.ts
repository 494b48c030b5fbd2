import type { IncomingMessage, ServerResponse } from 'node:http';
import { asArray, asObject, asString, type JsonObject } from './json.js';
import { Permission } from './permissions.js';
import type { RateLimiter } from './rateLimiter.js';
import { HttpError, notFound, param, parseBody, type RouteContext, type RouteHandler } from './restHttp.js';
import { registerInteractionRoutes } from './restInteractions.js';
import type { FakeState } from './state.js';
import type {
  FailureMatcher,
  InjectedFailure,
  InvalidBody,
  RecordedFile,
  RecordedMessage,
  RequestLogEntry,
  StoredCommand,
  UnhandledRequest,
} from './types.js';
import { validateBody, toDiscordErrors, type BodyKind } from './validation.js';

export interface PendingFailure {
  matcher: FailureMatcher;
  response: InjectedFailure;
  remaining: number;
}

export interface RestDeps {
  state: FakeState;
  limiter: RateLimiter;
  requests: RequestLogEntry[];
  invalidBodies: InvalidBody[];
  unhandled: UnhandledRequest[];
  failures: PendingFailure[];
  callbackDeadlineMs: number;
  /** How long a nonce sent with `enforce_nonce` returns the message it created. */
  nonceWindowMs: number;
  gatewayUrl: () => string;
  /** `shards` and `session_start_limit` of `GET /gateway/bot`. */
  gatewayBot: () => JsonObject;
  onChange: () => void;
}

type BucketKind = 'messageCreate' | 'dmCreate' | 'other';

interface Route {
  method: string;
  template: string;
  regex: RegExp;
  names: string[];
  /** 'bot' needs `Authorization: Bot <token>`; 'none' is authenticated by the interaction token in the path. */
  auth: 'bot' | 'none';
  bucket: BucketKind;
  handler: RouteHandler;
}

/** Discord's REST API, the parts a bot uses, with validation, limits and error injection. */
export class FakeRest {
  private readonly routes: Route[] = [];

  constructor(readonly deps: RestDeps) {
    this.registerRoutes();
  }

  get state(): FakeState {
    return this.deps.state;
  }

  add(spec: string, auth: 'bot' | 'none', bucket: BucketKind, handler: Route['handler']): void {
    const [method = 'GET', template = '/'] = spec.split(' ');
    const names: string[] = [];
    const source = template
      .split('/')
      .map((segment) => {
        if (segment.startsWith(':')) {
          names.push(segment.slice(1));
          return '([^/]+)';
        }
        return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      })
      .join('/');
    this.routes.push({ method, template, regex: new RegExp(`^${source}$`), names, auth, bucket, handler });
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of req) chunks.push(chunk as Buffer);
    } catch {
      // The client left while sending its body (a process killed mid-request): nothing arrived.
      return;
    }
    const raw = Buffer.concat(chunks);
    const entry: RequestLogEntry = {
      method,
      path: url.pathname,
      query: url.search,
      status: 0,
      time: new Date(),
      durationMs: 0,
      body: undefined,
    };
    this.deps.requests.push(entry);

    // A `{ hang: true, handled: true }` failure: the request is handled, but its answer is never sent.
    let silent = false;
    const send = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      entry.durationMs = performance.now() - started;
      if (silent) {
        this.deps.onChange();
        return;
      }
      entry.status = status;
      if (status === 204 || body === undefined) {
        res.writeHead(status, headers).end();
      } else if (Buffer.isBuffer(body)) {
        res.writeHead(status, headers).end(body);
      } else {
        res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
      }
      this.deps.onChange();
    };

    try {
      if (method === 'GET' && url.pathname.startsWith('/attachments/')) {
        const file = this.state.attachments.get(url.pathname);
        if (file) send(200, file.data, { 'content-type': file.contentType });
        else send(404, { message: '404: Not Found', code: 0 });
        return;
      }
      const prefix = '/api/v10';
      const path = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) || '/' : undefined;

      const failure = path === undefined ? undefined : this.takeFailure(method, path);
      if (failure && 'destroySocket' in failure) {
        entry.status = -1;
        req.socket.destroy();
        this.deps.onChange();
        return;
      }
      if (failure && 'hang' in failure) {
        if (failure.handled === true) {
          // Handled below as usual; only the answer is never sent.
          silent = true;
        } else {
          // The body is kept (a test can see what was in flight); the answer never comes.
          try {
            entry.body = (await parseBody(req, raw)).body;
          } catch {
            entry.body = raw.toString('utf8');
          }
          this.deps.onChange();
          return;
        }
      } else if (failure) {
        send(
          failure.status,
          failure.body ?? { message: `Injected ${failure.status}`, code: 0 },
          failure.headers,
        );
        return;
      }

      const matched = path === undefined ? undefined : this.match(method, path);
      if (!matched || path === undefined) {
        let body: unknown;
        try {
          body = (await parseBody(req, raw)).body;
        } catch {
          body = raw.toString('utf8');
        }
        entry.body = body;
        this.deps.unhandled.push({ method, path: url.pathname, body });
        send(404, { message: '404: Not Found', code: 0 });
        return;
      }
      const { route, params } = matched;

      if (route.auth === 'bot' && req.headers.authorization !== `Bot ${this.state.token}`) {
        send(401, { message: '401: Unauthorized', code: 0 });
        return;
      }
      const major =
        params.channel ?? params.guild ?? params.token ?? params.interaction ?? params.app ?? 'global';
      const limit = this.deps.limiter.limitFor(route.bucket);
      const decision = this.deps.limiter.check(
        `${method} ${route.template}`,
        major,
        limit,
        route.auth === 'bot',
      );
      if (!decision.ok) {
        send(decision.status, decision.body, decision.headers);
        return;
      }
      const { body, files } = await parseBody(req, raw);
      entry.body = body;
      const result = await route.handler({ method, path, params, query: url.searchParams, body, files });
      send(result.status, result.body, decision.headers);
    } catch (error) {
      if (error instanceof HttpError) send(error.status, error.body);
      else
        send(500, {
          message: `FakeDiscord internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
          code: 0,
        });
    }
  }

  private takeFailure(method: string, path: string): InjectedFailure | undefined {
    const index = this.deps.failures.findIndex(
      (f) =>
        f.remaining > 0 &&
        (f.matcher.method === undefined || f.matcher.method.toUpperCase() === method) &&
        f.matcher.path.test(path),
    );
    const failure = this.deps.failures[index];
    if (!failure) return undefined;
    failure.remaining--;
    if (failure.remaining <= 0) this.deps.failures.splice(index, 1);
    return failure.response;
  }

  private match(method: string, path: string): { route: Route; params: Record<string, string> } | undefined {
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const m = route.regex.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      route.names.forEach((name, i) => {
        params[name] = decodeURIComponent(m[i + 1] ?? '');
      });
      return { route, params };
    }
    return undefined;
  }

  /** Checks the body against Discord's schema; a body that fails is recorded and answered 400/50035. */
  private async checkBody(kind: BodyKind, ctx: RouteContext): Promise<void> {
    const issues = await validateBody(kind, ctx.body);
    if (issues.length > 0) {
      this.deps.invalidBodies.push({ method: ctx.method, path: ctx.path, body: ctx.body, issues });
      throw new HttpError(400, {
        code: 50035,
        message: 'Invalid Form Body',
        errors: toDiscordErrors(issues),
      });
    }
  }

  async validate(kind: BodyKind, ctx: RouteContext): Promise<JsonObject> {
    await this.checkBody(kind, ctx);
    return asObject(ctx.body);
  }

  rejectInvalid(ctx: RouteContext, code: string, message: string, path: string[] = []): never {
    const issues = [{ path, code, message }];
    this.deps.invalidBodies.push({ method: ctx.method, path: ctx.path, body: ctx.body, issues });
    throw new HttpError(400, { code: 50035, message: 'Invalid Form Body', errors: toDiscordErrors(issues) });
  }

  requireNotEmpty(body: JsonObject, files: RecordedFile[]): void {
    const has = (k: string): boolean => {
      const v = body[k];
      return Array.isArray(v) ? v.length > 0 : v !== undefined && v !== null && v !== '';
    };
    if (files.length === 0 && !['content', 'embeds', 'components', 'sticker_ids', 'poll'].some(has)) {
      throw new HttpError(400, { message: 'Cannot send an empty message', code: 50006 });
    }
  }

  message(id: string, channelId?: string): RecordedMessage {
    const message = this.state.messages.get(id);
    if (!message || message.deleted || (channelId !== undefined && message.channelId !== channelId)) {
      throw notFound(10008, 'Unknown Message');
    }
    return message;
  }

  private storeCommand(body: JsonObject, guildId: string | undefined, existingId?: string): StoredCommand {
    const type = typeof body.type === 'number' ? body.type : 1;
    const name = asString(body.name) ?? '';
    const same = [...this.state.commands.values()].find(
      (c) => c.guild_id === guildId && c.name === name && c.type === type,
    );
    const id = existingId ?? same?.id ?? this.state.snowflake();
    const command: StoredCommand = {
      ...body,
      id,
      application_id: this.state.applicationId,
      ...(guildId !== undefined ? { guild_id: guildId } : {}),
      name,
      type,
      description: asString(body.description) ?? '',
      options: asArray(body.options),
      default_member_permissions: body.default_member_permissions ?? null,
      nsfw: body.nsfw ?? false,
      version: this.state.snowflake(),
    };
    this.state.commands.set(id, command);
    return command;
  }

  private registerRoutes(): void {
    const s = this.state;

    this.add('GET /gateway', 'none', 'other', () => ({ status: 200, body: { url: this.deps.gatewayUrl() } }));
    this.add('GET /gateway/bot', 'bot', 'other', () => ({
      status: 200,
      body: { url: this.deps.gatewayUrl(), ...this.deps.gatewayBot() },
    }));

    // ---- users & applications
    this.add('GET /users/@me', 'bot', 'other', () => ({ status: 200, body: s.botUser }));
    this.add('GET /users/:user', 'bot', 'other', (ctx) => {
      const user = s.users.get(param(ctx, 'user'));
      if (!user) throw notFound(10013, 'Unknown User');
      return { status: 200, body: user };
    });
    this.add('POST /users/@me/channels', 'bot', 'dmCreate', async (ctx) => {
      const body = await this.validate('dmCreate', ctx);
      const recipient = asString(body.recipient_id);
      if (!recipient)
        this.rejectInvalid(ctx, 'BASE_TYPE_REQUIRED', 'This field is required', ['recipient_id']);
      s.dmChannelCreates++;
      return { status: 200, body: s.channelApi(s.dmChannelFor(s.user(recipient).id)) };
    });
    const application = (): JsonObject => ({
      id: s.applicationId,
      name: s.botUser.username,
      icon: null,
      description: 'Leash training coach (fake)',
      summary: '',
      type: null,
      bot_public: true,
      bot_require_code_grant: false,
      verify_key: '0'.repeat(64),
      flags: 0,
      team: null,
      owner: { ...s.user('100000000000000001', 'owner') },
      bot: s.botUser,
      tags: [],
      install_params: { scopes: ['bot', 'applications.commands'], permissions: '0' },
      integration_types_config: { '0': {}, '1': {} },
      approximate_guild_count: s.guilds.size,
    });
    this.add('GET /applications/@me', 'bot', 'other', () => ({ status: 200, body: application() }));
    this.add('GET /oauth2/applications/@me', 'bot', 'other', () => ({ status: 200, body: application() }));

    // ---- commands (global and guild share handlers)
    for (const scope of ['', '/guilds/:guild'] as const) {
      const base = `/applications/:app${scope}/commands`;
      const guildOf = (ctx: RouteContext): string | undefined => {
        if (param(ctx, 'app') !== s.applicationId) throw notFound(10002, 'Unknown Application');
        return scope === '' ? undefined : param(ctx, 'guild');
      };
      this.add(`GET ${base}`, 'bot', 'other', (ctx) => ({ status: 200, body: s.commandsFor(guildOf(ctx)) }));
      this.add(`POST ${base}`, 'bot', 'other', async (ctx) => {
        const guildId = guildOf(ctx);
        const body = await this.validate('commandCreate', ctx);
        const existed = s.commandsFor(guildId).some((c) => c.name === body.name);
        return { status: existed ? 200 : 201, body: this.storeCommand(body, guildId) };
      });
      this.add(`PUT ${base}`, 'bot', 'other', async (ctx) => {
        const guildId = guildOf(ctx);
        await this.checkBody('commandBulkOverwrite', ctx); // an array, so not `validate`
        const previous = s.commandsFor(guildId);
        const stored = asArray(ctx.body).map((raw) => {
          const body = asObject(raw);
          const keep = previous.find((c) => c.name === body.name && c.type === (body.type ?? 1));
          return this.storeCommand(body, guildId, asString(body.id) ?? keep?.id);
        });
        const keepIds = new Set(stored.map((c) => c.id));
        for (const old of previous) if (!keepIds.has(old.id)) s.commands.delete(old.id);
        return { status: 200, body: stored };
      });
      const byId = (ctx: RouteContext): StoredCommand => {
        const guildId = guildOf(ctx);
        const command = s.commands.get(param(ctx, 'command'));
        if (!command || command.guild_id !== guildId) throw notFound(10063, 'Unknown application command');
        return command;
      };
      this.add(`GET ${base}/:command`, 'bot', 'other', (ctx) => ({ status: 200, body: byId(ctx) }));
      this.add(`PATCH ${base}/:command`, 'bot', 'other', async (ctx) => {
        const command = byId(ctx);
        const body = await this.validate('commandEdit', ctx);
        return {
          status: 200,
          body: this.storeCommand({ ...command, ...body }, command.guild_id, command.id),
        };
      });
      this.add(`DELETE ${base}/:command`, 'bot', 'other', (ctx) => {
        s.commands.delete(byId(ctx).id);
        return { status: 204 };
      });
    }

    // ---- guilds
    const guild = (ctx: RouteContext): NonNullable<ReturnType<typeof s.guilds.get>> => {
      const g = s.guilds.get(param(ctx, 'guild'));
      if (!g) throw notFound(10004, 'Unknown Guild');
      return g;
    };
    this.add('GET /guilds/:guild', 'bot', 'other', (ctx) => {
      const g = guild(ctx);
      return {
        status: 200,
        body: { ...s.guildApi(g), approximate_member_count: g.members.size, approximate_presence_count: 0 },
      };
    });
    this.add('GET /guilds/:guild/members/:user', 'bot', 'other', (ctx) => {
      const member = guild(ctx).members.get(param(ctx, 'user'));
      if (!member) throw notFound(10007, 'Unknown Member');
      return { status: 200, body: s.memberApi(member) };
    });
    this.add('GET /guilds/:guild/channels', 'bot', 'other', (ctx) => ({
      status: 200,
      body: guild(ctx).channelIds.flatMap((id) => {
        const c = s.channels.get(id);
        return c ? [s.channelApi(c)] : [];
      }),
    }));
    this.add('GET /guilds/:guild/roles', 'bot', 'other', (ctx) => ({
      status: 200,
      body: [...guild(ctx).roles.values()].map((r) => s.roleApi(r)),
    }));

    // ---- channels & messages
    const channel = (ctx: RouteContext): NonNullable<ReturnType<typeof s.channels.get>> => {
      const c = s.channels.get(param(ctx, 'channel'));
      if (!c) throw notFound(10003, 'Unknown Channel');
      return c;
    };
    this.add('GET /channels/:channel', 'bot', 'other', (ctx) => ({
      status: 200,
      body: s.channelApi(channel(ctx)),
    }));
    this.add('POST /channels/:channel/messages', 'bot', 'messageCreate', async (ctx) => {
      const c = channel(ctx);
      if (c.type === 1 && c.recipientId !== undefined && s.closedDms.has(c.recipientId)) {
        throw new HttpError(403, { message: 'Cannot send messages to this user', code: 50007 });
      }
      if (c.guildId !== undefined) {
        const perms = s.permissionsFor(s.botUser.id, c.id);
        if ((perms & Permission.ViewChannel) === 0n)
          throw new HttpError(403, { message: 'Missing Access', code: 50001 });
        if ((perms & Permission.SendMessages) === 0n)
          throw new HttpError(403, { message: 'Missing Permissions', code: 50013 });
        if (ctx.files.length > 0 && (perms & Permission.AttachFiles) === 0n) {
          throw new HttpError(403, { message: 'Missing Permissions', code: 50013 });
        }
      }
      const body = await this.validate('messageCreate', ctx);
      this.requireNotEmpty(body, ctx.files);
      const nonce = body.nonce;
      const nonceKey =
        typeof nonce === 'string' || typeof nonce === 'number' ? `${c.id}:${String(nonce)}` : undefined;
      if (nonceKey !== undefined && body.enforce_nonce === true) {
        const seen = s.nonces.get(nonceKey);
        const previous =
          seen && Date.now() - seen.at < this.deps.nonceWindowMs ? s.messages.get(seen.messageId) : undefined;
        if (previous) return { status: 200, body: s.messageApi(previous) };
      }
      const message = s.createMessage(c.id, 'channel', body, ctx.files);
      if (nonceKey !== undefined && body.enforce_nonce === true)
        s.nonces.set(nonceKey, { messageId: message.id, at: Date.now() });
      return { status: 200, body: s.messageApi(message) };
    });
    this.add('GET /channels/:channel/messages/:message', 'bot', 'other', (ctx) => ({
      status: 200,
      body: s.messageApi(this.message(param(ctx, 'message'), channel(ctx).id)),
    }));
    this.add('PATCH /channels/:channel/messages/:message', 'bot', 'other', async (ctx) => {
      const message = this.message(param(ctx, 'message'), channel(ctx).id);
      const body = await this.validate('messageEdit', ctx);
      s.applyBody(message, body, ctx.files, true);
      return { status: 200, body: s.messageApi(message) };
    });
    this.add('DELETE /channels/:channel/messages/:message', 'bot', 'other', (ctx) => {
      const c = channel(ctx);
      // Its own messages the bot may delete wherever it can see the channel.
      if (c.guildId !== undefined && (s.permissionsFor(s.botUser.id, c.id) & Permission.ViewChannel) === 0n)
        throw new HttpError(403, { message: 'Missing Access', code: 50001 });
      this.message(param(ctx, 'message'), c.id).deleted = true;
      return { status: 204 };
    });

    registerInteractionRoutes(this);
  }
}
