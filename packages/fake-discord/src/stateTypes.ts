/** The shapes of the fake server's in-memory records (guilds, channels, interactions, attachments). */
import type { JsonObject } from './json.js';
import type { Overwrite } from './permissions.js';
import type { FakeUser, RecordedMessage } from './types.js';

export interface RoleState {
  id: string;
  name: string;
  permissions: bigint;
  position: number;
  managed: boolean;
}

export interface MemberState {
  user: FakeUser;
  roles: string[];
  nick: string | null;
  joinedAt: string;
}

export interface GuildState {
  id: string;
  name: string;
  ownerId: string;
  botRoleId: string;
  roles: Map<string, RoleState>;
  members: Map<string, MemberState>;
  channelIds: string[];
  joinedAt: string;
}

export interface ChannelState {
  id: string;
  type: number;
  name: string | null;
  guildId: string | undefined;
  overwrites: Overwrite[];
  parentId: string | undefined;
  position: number;
  recipientId: string | undefined;
  lastMessageId: string | null;
}

export interface InteractionRecord {
  id: string;
  token: string;
  type: number;
  label: string;
  channelId: string;
  guildId: string | undefined;
  user: FakeUser;
  createdAt: number;
  payload: JsonObject;
  callback: { type: number; data: JsonObject | undefined; at: number } | undefined;
  /** The message `@original` refers to once the interaction is acknowledged. */
  originalMessageId: string | undefined;
  /** For component interactions: the message the component is on. */
  componentMessageId: string | undefined;
  followups: RecordedMessage[];
  /** The token ran out early (`expireInteraction`): its webhook routes answer 401 50027, as after 15 minutes. */
  tokenExpired: boolean;
}

export interface StoredAttachment {
  data: Buffer;
  contentType: string;
}
