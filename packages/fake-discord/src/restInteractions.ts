import { isObject, type JsonObject } from './json.js';
import { HttpError, notFound, param, type RouteContext, type RouteHandler } from './restHttp.js';
import type { FakeState, InteractionRecord } from './state.js';
import type { RecordedFile, RecordedMessage } from './types.js';
import type { BodyKind } from './validation.js';

/** What these routes use of FakeRest. */
export interface RouteKit {
  readonly state: FakeState;
  readonly deps: { readonly callbackDeadlineMs: number };
  add: (spec: string, auth: 'bot' | 'none', bucket: 'other', handler: RouteHandler) => void;
  validate: (kind: BodyKind, ctx: RouteContext) => Promise<JsonObject>;
  rejectInvalid: (ctx: RouteContext, code: string, message: string, path?: string[]) => never;
  requireNotEmpty: (body: JsonObject, files: RecordedFile[]) => void;
  message: (id: string, channelId?: string) => RecordedMessage;
}

/** Interaction callbacks, follow-ups and `@original`: the routes authenticated by the interaction token. */
export function registerInteractionRoutes(rest: RouteKit): void {
  const s = rest.state;
  // ---- interactions
  rest.add('POST /interactions/:interaction/:token/callback', 'none', 'other', async (ctx) => {
    const record = s.interactions.get(param(ctx, 'interaction'));
    if (record?.token !== param(ctx, 'token')) throw notFound(10062, 'Unknown interaction');
    if (record.callback)
      throw new HttpError(400, { message: 'Interaction has already been acknowledged.', code: 40060 });
    if (Date.now() - record.createdAt > rest.deps.callbackDeadlineMs)
      throw notFound(10062, 'Unknown interaction');
    const body = await rest.validate('interactionCallback', ctx);
    const type = typeof body.type === 'number' ? body.type : 0;
    const data = isObject(body.data) ? body.data : undefined;
    checkCallbackAllowed(rest, ctx, record, type);

    let message: RecordedMessage | undefined;
    if (type === 4) {
      rest.requireNotEmpty(data ?? {}, ctx.files);
      message = s.createMessage(record.channelId, 'interactionResponse', data ?? {}, ctx.files, record.id);
    } else if (type === 5) {
      const flags = typeof data?.flags === 'number' ? data.flags & 64 : 0;
      message = s.createMessage(record.channelId, 'interactionResponse', { flags }, [], record.id);
      message.flags |= 128;
    } else if (type === 6 || type === 7) {
      message = record.componentMessageId ? rest.message(record.componentMessageId) : undefined;
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
    if (id === '@original') return original(rest, record);
    const message = rest.message(id);
    if (message.interactionId !== record.id) throw notFound(10008, 'Unknown Message');
    return message;
  };
  rest.add('POST /webhooks/:app/:token', 'none', 'other', async (ctx) => {
    const record = interactionByToken(s, ctx);
    const body = await rest.validate('webhookExecute', ctx);
    if (!record.callback) throw notFound(10015, 'Unknown Webhook');
    rest.requireNotEmpty(body, ctx.files);
    const message = s.createMessage(record.channelId, 'followup', body, ctx.files, record.id);
    record.followups.push(message);
    return ctx.query.get('wait') === 'false' ? { status: 204 } : { status: 200, body: s.messageApi(message) };
  });
  rest.add('GET /webhooks/:app/:token/messages/:message', 'none', 'other', (ctx) => ({
    status: 200,
    body: s.messageApi(webhookMessage(ctx, interactionByToken(s, ctx))),
  }));
  rest.add('PATCH /webhooks/:app/:token/messages/:message', 'none', 'other', async (ctx) => {
    const record = interactionByToken(s, ctx);
    const body = await rest.validate('webhookEdit', ctx);
    const message = webhookMessage(ctx, record);
    s.applyBody(message, body, ctx.files, true);
    return { status: 200, body: s.messageApi(message) };
  });
  rest.add('DELETE /webhooks/:app/:token/messages/:message', 'none', 'other', (ctx) => {
    webhookMessage(ctx, interactionByToken(s, ctx)).deleted = true;
    return { status: 204 };
  });
}

function interactionByToken(s: FakeState, ctx: RouteContext): InteractionRecord {
  const token = param(ctx, 'token');
  if (param(ctx, 'app') !== s.applicationId) throw notFound(10015, 'Unknown Webhook');
  for (const record of s.interactions.values()) {
    if (record.token === token) {
      if (record.tokenExpired || Date.now() - record.createdAt > 15 * 60_000)
        throw new HttpError(401, { message: 'Invalid Webhook Token', code: 50027 });
      return record;
    }
  }
  throw notFound(10015, 'Unknown Webhook');
}

function original(rest: RouteKit, record: InteractionRecord): RecordedMessage {
  if (!record.originalMessageId) throw notFound(10008, 'Unknown Message');
  return rest.message(record.originalMessageId);
}

function checkCallbackAllowed(
  rest: RouteKit,
  ctx: RouteContext,
  record: InteractionRecord,
  type: number,
): void {
  const allowed: Record<number, number[]> = {
    1: [1],
    2: [4, 5, 9],
    3: [4, 5, 6, 7, 9],
    4: [8],
    5: record.componentMessageId ? [4, 5, 6, 7] : [4, 5],
  };
  if (!(allowed[record.type] ?? []).includes(type)) {
    rest.rejectInvalid(
      ctx,
      'INTERACTION_CALLBACK_TYPE_INVALID',
      `Callback type ${type} is not valid for interaction type ${record.type}`,
      ['type'],
    );
  }
}
