import type { JsonObject } from './json.js';

/** A Discord user as the API sends it. */
export interface FakeUser {
  id: string;
  username: string;
  global_name: string | null;
  discriminator: string;
  avatar: string | null;
  bot?: boolean;
  public_flags: number;
}

export interface FakeRoleInput {
  id?: string;
  name: string;
  permissions?: bigint;
}

export interface FakeOverwriteInput {
  id: string;
  /** 0 role, 1 member */
  type: 0 | 1;
  allow?: bigint;
  deny?: bigint;
}

export interface FakeChannelInput {
  id?: string;
  name: string;
  /** Discord channel type, default 0 (GUILD_TEXT). */
  type?: number;
  /** Exactly what the bot may do in this channel (a member overwrite allowing these and denying the rest). */
  botPermissions?: bigint;
  overwrites?: FakeOverwriteInput[];
  parentId?: string;
}

export interface FakeMemberInput {
  user: FakeUser | string;
  roles?: string[];
  nick?: string;
}

export interface FakeGuildInput {
  id?: string;
  name?: string;
  ownerId?: string;
  /** Default: one text channel named "general". */
  channels?: FakeChannelInput[];
  members?: FakeMemberInput[];
  roles?: FakeRoleInput[];
  everyonePermissions?: bigint;
  botRolePermissions?: bigint;
}

export interface FakeGuildInfo {
  id: string;
  name: string;
  ownerId: string;
  everyoneRoleId: string;
  botRoleId: string;
  channels: { id: string; name: string; type: number }[];
  /** The id of the channel with this name (throws when there is none). */
  channel: (name: string) => string;
  roles: { id: string; name: string }[];
}

export interface RecordedFile {
  name: string;
  contentType: string;
  size: number;
  data: Buffer;
  description?: string;
}

export type MessageSource = 'channel' | 'interactionResponse' | 'followup';

/** A message the bot created (and possibly edited), as the fake stored it. */
export interface RecordedMessage {
  id: string;
  channelId: string;
  guildId: string | undefined;
  content: string;
  embeds: JsonObject[];
  components: JsonObject[];
  flags: number;
  ephemeral: boolean;
  allowedMentions: JsonObject | undefined;
  nonce: string | number | undefined;
  tts: boolean;
  files: RecordedFile[];
  attachments: JsonObject[];
  source: MessageSource;
  interactionId: string | undefined;
  createdAt: Date;
  editedAt: Date | undefined;
  edits: number;
  deleted: boolean;
  /** Every body that created or edited this message, in order. */
  history: JsonObject[];
}

export interface RequestLogEntry {
  method: string;
  path: string;
  query: string;
  status: number;
  time: Date;
  durationMs: number;
  body: unknown;
}

export interface InvalidBody {
  method: string;
  path: string;
  body: unknown;
  issues: { path: (string | number)[]; code: string; message: string }[];
}

export interface UnhandledRequest {
  method: string;
  path: string;
  body: unknown;
}

export interface FailureMatcher {
  method?: string;
  /** Tested against the path without `/api/v10` (e.g. `/channels/1/messages`). */
  path: RegExp;
}

export type InjectedFailure =
  | { status: number; body?: unknown; headers?: Record<string, string> }
  | { destroySocket: true }
  /**
   * Never answers: the request stays in flight (status 0 in the log) until the client gives up or dies.
   * With `handled`, it first takes effect as usual (the message is posted, the rate limits count it): the
   * answer is what is lost, as when a connection drops after Discord acted.
   */
  | { hang: true; handled?: boolean };

export interface StoredCommand extends JsonObject {
  id: string;
  application_id: string;
  guild_id?: string;
  name: string;
  type: number;
  version: string;
}
