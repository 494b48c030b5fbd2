import { asArray, asObject, asString, isObject, type JsonObject } from './json.js';
import type { ChannelState, StoredAttachment } from './stateTypes.js';
import type { MessageSource, RecordedFile, RecordedMessage } from './types.js';

/** The part of the fake server's state that messages and their attachments live in. */
export interface MessageStore {
  readonly snowflake: () => string;
  readonly channels: Map<string, ChannelState>;
  readonly messages: Map<string, RecordedMessage>;
  readonly attachments: Map<string, StoredAttachment>;
  readonly baseUrl: string;
}

/** Records a new message in a channel (the channel's last message becomes it). */
export function createMessage(
  store: MessageStore,
  channelId: string,
  source: MessageSource,
  body: JsonObject,
  files: RecordedFile[],
  interactionId?: string,
): RecordedMessage {
  const channel = store.channels.get(channelId);
  const message: RecordedMessage = {
    id: store.snowflake(),
    channelId,
    guildId: channel?.guildId,
    content: '',
    embeds: [],
    components: [],
    flags: 0,
    ephemeral: false,
    allowedMentions: undefined,
    nonce: typeof body.nonce === 'string' || typeof body.nonce === 'number' ? body.nonce : undefined,
    tts: body.tts === true,
    files: [],
    attachments: [],
    source,
    interactionId,
    createdAt: new Date(),
    editedAt: undefined,
    edits: 0,
    deleted: false,
    history: [],
  };
  applyBody(store, message, body, files, false);
  store.messages.set(message.id, message);
  if (channel) channel.lastMessageId = message.id;
  return message;
}

/** Applies a create/edit body with Discord's semantics (absent keys keep their value). */
export function applyBody(
  store: MessageStore,
  message: RecordedMessage,
  body: JsonObject,
  files: RecordedFile[],
  isEdit: boolean,
): void {
  if ('content' in body) message.content = asString(body.content) ?? '';
  if ('embeds' in body) message.embeds = asArray(body.embeds).map(asObject);
  if ('components' in body) message.components = asArray(body.components).map(asObject);
  if ('allowed_mentions' in body)
    message.allowedMentions = isObject(body.allowed_mentions) ? body.allowed_mentions : undefined;
  if (typeof body.flags === 'number') {
    // Ephemeral can only be set on creation; LOADING goes away once real content arrives.
    const keepEphemeral = isEdit ? message.flags & 64 : body.flags & 64;
    message.flags = (body.flags & ~64 & ~128) | keepEphemeral;
  } else if (isEdit) {
    message.flags &= ~128;
  }
  message.ephemeral = (message.flags & 64) !== 0;

  const declared = 'attachments' in body ? asArray(body.attachments).map(asObject) : undefined;
  const keptIds = new Set((declared ?? []).map((a) => String(a.id)));
  const kept =
    isEdit && declared
      ? message.attachments.filter((a) => keptIds.has(String(a.id)))
      : isEdit
        ? message.attachments
        : [];
  const keptFiles =
    isEdit && declared
      ? message.files.filter((_f, i) => keptIds.has(String(message.attachments[i]?.id)))
      : isEdit
        ? message.files
        : [];
  const added = files.map((file, index) => {
    const meta = declared?.find((a) => String(a.id) === String(index));
    const description = asString(meta?.description);
    const name = asString(meta?.filename) ?? file.name;
    const recorded: RecordedFile = { ...file, name, ...(description !== undefined ? { description } : {}) };
    return recorded;
  });
  const addedApi = added.map((file) => storeAttachment(store, message.channelId, file));
  message.files = [...keptFiles, ...added];
  message.attachments = [...kept, ...addedApi];

  if (isEdit) {
    message.edits++;
    message.editedAt = new Date();
  }
  message.history.push(body);
}

/** Keeps a file's bytes to serve at its CDN-like URL and returns its attachment object. */
export function storeAttachment(store: MessageStore, channelId: string, file: RecordedFile): JsonObject {
  const id = store.snowflake();
  const path = `/attachments/${channelId}/${id}/${encodeURIComponent(file.name)}`;
  store.attachments.set(path, { data: file.data, contentType: file.contentType });
  return {
    id,
    filename: file.name,
    size: file.size,
    url: `${store.baseUrl}${path}`,
    proxy_url: `${store.baseUrl}${path}`,
    content_type: file.contentType,
    ...(file.description !== undefined ? { description: file.description } : {}),
  };
}
