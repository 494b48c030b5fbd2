import type { IncomingMessage, ServerResponse } from 'node:http';
import { asArray, asObject, asString, isObject, type JsonObject } from './json.js';
import { Permission } from './permissions.js';
import type { RateLimiter } from './rateLimiter.js';
import type { FakeState, InteractionRecord } from './state.js';
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
  gatewayUrl: () => string;
  onChange: () => void;
}

interface RouteContext {
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  files: RecordedFile[];
}

interface RouteResult {
  status: number;
  body?: unknown;
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
  handler: (ctx: RouteContext) => Promise<RouteResult> | RouteResult;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: JsonObject,
  ) {
    super(asString(body.message) ?? `HTTP ${status}`);
  }
}

const notFound = (code: number, message: string): HttpError => new HttpError(404, { message, code });

function param(ctx: RouteContext, name: string): string {
  const value = ctx.params[name];
  if (value === undefined) throw new Error(`route parameter ${name} missing`);
  return value;
}

const CONTENT_TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  json: 'application/json',
  txt: 'text/plain; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  pdf: 'application/pdf',
};

/** Discord derives an attachment's content type from its file name when the upload does not say. */
function contentTypeFor(name: string): string {
  const ext = name.split('.').pop()?.toLowerCase() ?? '';
  return CONTENT_TYPES[ext] ?? 'application/octet-stream';
}

async function parseBody(
  req: IncomingMessage,
  raw: Buffer,
): Promise<{ body: unknown; files: RecordedFile[] }> {
  const type = req.headers['content-type'] ?? '';
  if (raw.length === 0) return { body: undefined, files: [] };
  if (type.startsWith('multipart/form-data')) {
    const request = new Request('http://fake.local/', {
      method: 'POST',
      headers: { 'content-type': type },
      body: raw,
    });
    // Bodies here are small and come from the bot under test, so undici's parser is fine.
    // eslint-disable-next-line @typescript-eslint/no-deprecated
    const form = await request.formData();
    let body: unknown = {};
    const indexed: { index: number; file: RecordedFile }[] = [];
    for (const [key, value] of form.entries()) {
      if (typeof value === 'string') {
        if (key === 'payload_json') body = JSON.parse(value) as unknown;
        continue;
      }
      const data = Buffer.from(await value.arrayBuffer());
      const match = /^files\[(\d+)\]$/.exec(key) ?? /^file(\d*)$/.exec(key);
      const index = match?.[1] ? Number(match[1]) : indexed.length;
      const contentType =
        value.type && value.type !== 'application/octet-stream' ? value.type : contentTypeFor(value.name);
      indexed.push({ index, file: { name: value.name, contentType, size: data.length, data } });
    }
    indexed.sort((a, b) => a.index - b.index);
    return { body, files: indexed.map((f) => f.file) };
  }
  const text = raw.toString('utf8');
  try {
    return { body: JSON.parse(text) as unknown, files: [] };
  } catch {
    throw new HttpError(400, { message: '400: Bad Request', code: 50109 });
  }
}

/** Discord's REST API, the parts a bot uses, with validation, limits and error injection. */
export class FakeRest {
  private readonly routes: Route[] = [];

  constructor(private readonly deps: RestDeps) {
    this.registerRoutes();
  }

  private get state(): FakeState {
    return this.deps.state;
  }

  private add(spec: string, auth: 'bot' | 'none', bucket: BucketKind, handler: Route['handler']): void {
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
    for await (const chunk of req) chunks.push(chunk as Buffer);
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

    const send = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      entry.status = status;
      entry.durationMs = performance.now() - started;
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
      if (failure) {
        if ('destroySocket' in failure) {
          entry.status = -1;
          req.socket.destroy();
          this.deps.onChange();
          return;
        }
        if ('hang' in failure) {
          // The body is kept (a test can see what was in flight); the answer never comes.
          try {
            entry.body = (await parseBody(req, raw)).body;
          } catch {
            entry.body = raw.toString('utf8');
          }
          this.deps.onChange();
          return;
        }
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

  private async validate(kind: BodyKind, ctx: RouteContext): Promise<JsonObject> {
    await this.checkBody(kind, ctx);
    return asObject(ctx.body);
  }

  private rejectInvalid(ctx: RouteContext, code: string, message: string, path: string[] = []): never {
    const issues = [{ path, code, message }];
    this.deps.invalidBodies.push({ method: ctx.method, path: ctx.path, body: ctx.body, issues });
    throw new HttpError(400, { code: 50035, message: 'Invalid Form Body', errors: toDiscordErrors(issues) });
  }

  private requireNotEmpty(body: JsonObject, files: RecordedFile[]): void {
    const has = (k: string): boolean => {
      const v = body[k];
      return Array.isArray(v) ? v.length > 0 : v !== undefined && v !== null && v !== '';
    };
    if (files.length === 0 && !['content', 'embeds', 'components', 'sticker_ids', 'poll'].some(has)) {
      throw new HttpError(400, { message: 'Cannot send an empty message', code: 50006 });
    }
  }

  private message(id: string, channelId?: string): RecordedMessage {
    const message = this.state.messages.get(id);
    if (!message || message.deleted || (channelId !== undefined && message.channelId !== channelId)) {
      throw notFound(10008, 'Unknown Message');
    }
    return message;
  }

  private interactionByToken(ctx: RouteContext): InteractionRecord {
    const token = param(ctx, 'token');
    if (param(ctx, 'app') !== this.state.applicationId) throw notFound(10015, 'Unknown Webhook');
    for (const record of this.state.interactions.values()) {
      if (record.token === token) {
        if (Date.now() - record.createdAt > 15 * 60_000)
          throw new HttpError(401, { message: 'Invalid Webhook Token', code: 50027 });
        return record;
      }
    }
    throw notFound(10015, 'Unknown Webhook');
  }

  private original(record: InteractionRecord): RecordedMessage {
    if (!record.originalMessageId) throw notFound(10008, 'Unknown Message');
    return this.message(record.originalMessageId);
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
      body: {
        url: this.deps.gatewayUrl(),
        shards: 1,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
      },
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
          seen && Date.now() - seen.at < 5 * 60_000 ? s.messages.get(seen.messageId) : undefined;
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

    // ---- interactions
    this.add('POST /interactions/:interaction/:token/callback', 'none', 'other', async (ctx) => {
      const record = s.interactions.get(param(ctx, 'interaction'));
      if (record?.token !== param(ctx, 'token')) throw notFound(10062, 'Unknown interaction');
      if (record.callback)
        throw new HttpError(400, { message: 'Interaction has already been acknowledged.', code: 40060 });
      if (Date.now() - record.createdAt > this.deps.callbackDeadlineMs)
        throw notFound(10062, 'Unknown interaction');
      const body = await this.validate('interactionCallback', ctx);
      const type = typeof body.type === 'number' ? body.type : 0;
      const data = isObject(body.data) ? body.data : undefined;
      this.checkCallbackAllowed(ctx, record, type);

      let message: RecordedMessage | undefined;
      if (type === 4) {
        this.requireNotEmpty(data ?? {}, ctx.files);
        message = s.createMessage(record.channelId, 'interactionResponse', data ?? {}, ctx.files, record.id);
      } else if (type === 5) {
        const flags = typeof data?.flags === 'number' ? data.flags & 64 : 0;
        message = s.createMessage(record.channelId, 'interactionResponse', { flags }, [], record.id);
        message.flags |= 128;
      } else if (type === 6 || type === 7) {
        message = record.componentMessageId ? this.message(record.componentMessageId) : undefined;
        if (message && type === 7) s.applyBody(message, data ?? {}, ctx.files, true);
      }
      if (message) record.originalMessageId = message.id;
      record.callback = { type, data, at: Date.now() };

      if (ctx.query.get('with_response') !== 'true') return { status: 204 };
      return {
        status: 200,
        body: {
          interaction: {
            id: record.id,
            type: record.type,
            ...(message
              ? {
                  response_message_id: message.id,
                  response_message_loading: (message.flags & 128) !== 0,
                  response_message_ephemeral: message.ephemeral,
                }
              : {}),
          },
          ...(type === 1 || type === 8
            ? {}
            : { resource: { type, ...(message ? { message: s.messageApi(message) } : {}) } }),
        },
      };
    });

    const webhookMessage = (ctx: RouteContext, record: InteractionRecord): RecordedMessage => {
      const id = param(ctx, 'message');
      if (id === '@original') return this.original(record);
      const message = this.message(id);
      if (message.interactionId !== record.id) throw notFound(10008, 'Unknown Message');
      return message;
    };
    this.add('POST /webhooks/:app/:token', 'none', 'other', async (ctx) => {
      const record = this.interactionByToken(ctx);
      const body = await this.validate('webhookExecute', ctx);
      if (!record.callback) throw notFound(10015, 'Unknown Webhook');
      this.requireNotEmpty(body, ctx.files);
      const message = s.createMessage(record.channelId, 'followup', body, ctx.files, record.id);
      record.followups.push(message);
      return ctx.query.get('wait') === 'false'
        ? { status: 204 }
        : { status: 200, body: s.messageApi(message) };
    });
    this.add('GET /webhooks/:app/:token/messages/:message', 'none', 'other', (ctx) => ({
      status: 200,
      body: s.messageApi(webhookMessage(ctx, this.interactionByToken(ctx))),
    }));
    this.add('PATCH /webhooks/:app/:token/messages/:message', 'none', 'other', async (ctx) => {
      const record = this.interactionByToken(ctx);
      const body = await this.validate('webhookEdit', ctx);
      const message = webhookMessage(ctx, record);
      s.applyBody(message, body, ctx.files, true);
      return { status: 200, body: s.messageApi(message) };
    });
    this.add('DELETE /webhooks/:app/:token/messages/:message', 'none', 'other', (ctx) => {
      webhookMessage(ctx, this.interactionByToken(ctx)).deleted = true;
      return { status: 204 };
    });
  }

  private checkCallbackAllowed(ctx: RouteContext, record: InteractionRecord, type: number): void {
    const allowed: Record<number, number[]> = {
      1: [1],
      2: [4, 5, 9],
      3: [4, 5, 6, 7, 9],
      4: [8],
      5: record.componentMessageId ? [4, 5, 6, 7] : [4, 5],
    };
    if (!(allowed[record.type] ?? []).includes(type)) {
      this.rejectInvalid(
        ctx,
        'INTERACTION_CALLBACK_TYPE_INVALID',
        `Callback type ${type} is not valid for interaction type ${record.type}`,
        ['type'],
      );
    }
  }
}
