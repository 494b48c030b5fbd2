import { randomBytes } from 'node:crypto';
import * as api from './apiObjects.js';
import type { JsonObject } from './json.js';
import * as msg from './messages.js';
import {
  ALL_PERMISSIONS,
  computePermissions,
  DEFAULT_BOT_ROLE_PERMISSIONS,
  DEFAULT_EVERYONE_PERMISSIONS,
  type Overwrite,
} from './permissions.js';
import { createSnowflakeFactory } from './snowflake.js';
import type {
  ChannelState,
  GuildState,
  InteractionRecord,
  MemberState,
  RoleState,
  StoredAttachment,
} from './stateTypes.js';
import type {
  FakeGuildInfo,
  FakeGuildInput,
  FakeUser,
  MessageSource,
  RecordedFile,
  RecordedMessage,
  StoredCommand,
} from './types.js';

export type {
  ChannelState,
  GuildState,
  InteractionRecord,
  MemberState,
  RoleState,
  StoredAttachment,
} from './stateTypes.js';

const USERNAME_WORDS = ['whiskers', 'mittens', 'luna', 'tiger', 'pumpkin', 'shadow', 'smokey', 'ginger'];

/** All the fake server's data, with builders (apiObjects.ts, messages.ts) for Discord API objects. */
export class FakeState {
  readonly snowflake = createSnowflakeFactory();
  readonly applicationId: string;
  readonly botUser: FakeUser;
  readonly token: string;
  readonly users = new Map<string, FakeUser>();
  readonly guilds = new Map<string, GuildState>();
  readonly channels = new Map<string, ChannelState>();
  readonly dmChannelByUser = new Map<string, string>();
  readonly closedDms = new Set<string>();
  dmChannelCreates = 0;
  readonly messages = new Map<string, RecordedMessage>();
  readonly commands = new Map<string, StoredCommand>();
  readonly interactions = new Map<string, InteractionRecord>();
  readonly attachments = new Map<string, StoredAttachment>();
  readonly nonces = new Map<string, { messageId: string; at: number }>();
  baseUrl = '';

  constructor() {
    this.applicationId = this.snowflake();
    this.botUser = {
      id: this.applicationId,
      username: 'LeashCoach',
      global_name: null,
      discriminator: '0',
      avatar: null,
      bot: true,
      public_flags: 0,
    };
    this.users.set(this.botUser.id, this.botUser);
    const b64 = (s: string): string => Buffer.from(s).toString('base64url');
    this.token = `${b64(this.applicationId)}.${b64(randomBytes(4).toString('hex')).slice(0, 6)}.${randomBytes(27).toString('base64url')}`;
  }

  user(id?: string, username?: string): FakeUser {
    const userId = id ?? this.snowflake();
    const existing = this.users.get(userId);
    if (existing && username === undefined) return existing;
    const name =
      username ??
      `${USERNAME_WORDS[this.users.size % USERNAME_WORDS.length] ?? 'cat'}_owner${this.users.size}`;
    const user: FakeUser = {
      id: userId,
      username: name,
      global_name: name,
      discriminator: '0',
      avatar: null,
      public_flags: 0,
    };
    this.users.set(userId, user);
    return user;
  }

  resolveUser(user: FakeUser | string): FakeUser {
    return typeof user === 'string'
      ? this.user(user)
      : (this.users.get(user.id) ?? this.user(user.id, user.username));
  }

  addGuild(input: FakeGuildInput): GuildState {
    const id = input.id ?? this.snowflake();
    const now = new Date().toISOString();
    const botRoleId = this.snowflake();
    const roles = new Map<string, RoleState>();
    roles.set(id, {
      id,
      name: '@everyone',
      permissions: input.everyonePermissions ?? DEFAULT_EVERYONE_PERMISSIONS,
      position: 0,
      managed: false,
    });
    roles.set(botRoleId, {
      id: botRoleId,
      name: this.botUser.username,
      permissions: input.botRolePermissions ?? DEFAULT_BOT_ROLE_PERMISSIONS,
      position: 1,
      managed: true,
    });
    (input.roles ?? []).forEach((r, i) => {
      const roleId = r.id ?? this.snowflake();
      roles.set(roleId, {
        id: roleId,
        name: r.name,
        permissions: r.permissions ?? 0n,
        position: i + 2,
        managed: false,
      });
    });
    const owner = input.ownerId ? this.user(input.ownerId) : this.user();
    const guild: GuildState = {
      id,
      name: input.name ?? 'Cat Leash Club',
      ownerId: owner.id,
      botRoleId,
      roles,
      members: new Map(),
      channelIds: [],
      joinedAt: now,
    };
    guild.members.set(this.botUser.id, { user: this.botUser, roles: [botRoleId], nick: null, joinedAt: now });
    guild.members.set(owner.id, { user: owner, roles: [], nick: null, joinedAt: now });
    for (const m of input.members ?? []) {
      const user = this.resolveUser(m.user);
      guild.members.set(user.id, { user, roles: m.roles ?? [], nick: m.nick ?? null, joinedAt: now });
    }
    const channels = input.channels ?? [{ name: 'general' }];
    channels.forEach((c, position) => {
      const channelId = c.id ?? this.snowflake();
      const overwrites: Overwrite[] = (c.overwrites ?? []).map((o) => ({
        id: o.id,
        type: o.type,
        allow: o.allow ?? 0n,
        deny: o.deny ?? 0n,
      }));
      if (c.botPermissions !== undefined) {
        overwrites.push({
          id: this.botUser.id,
          type: 1,
          allow: c.botPermissions,
          deny: ALL_PERMISSIONS & ~c.botPermissions,
        });
      }
      this.channels.set(channelId, {
        id: channelId,
        type: c.type ?? 0,
        name: c.name,
        guildId: id,
        overwrites,
        parentId: c.parentId,
        position,
        recipientId: undefined,
        lastMessageId: null,
      });
      guild.channelIds.push(channelId);
    });
    this.guilds.set(id, guild);
    return guild;
  }

  guildInfo(guild: GuildState): FakeGuildInfo {
    const channels = guild.channelIds.map((cid) => {
      const c = this.channels.get(cid);
      return { id: cid, name: c?.name ?? '', type: c?.type ?? 0 };
    });
    return {
      id: guild.id,
      name: guild.name,
      ownerId: guild.ownerId,
      everyoneRoleId: guild.id,
      botRoleId: guild.botRoleId,
      channels,
      channel: (name) => {
        const found = channels.find((c) => c.name === name);
        if (!found)
          throw new Error(
            `FakeDiscord: guild ${guild.name} has no channel named ${name} (has: ${channels.map((c) => c.name).join(', ')})`,
          );
        return found.id;
      },
      roles: [...guild.roles.values()].map((r) => ({ id: r.id, name: r.name })),
    };
  }

  /** The one DM channel between the bot and this user (created on first use). */
  dmChannelFor(userId: string): ChannelState {
    const existing = this.dmChannelByUser.get(userId);
    const channel = existing ? this.channels.get(existing) : undefined;
    if (channel) return channel;
    const id = this.snowflake();
    const created: ChannelState = {
      id,
      type: 1,
      name: null,
      guildId: undefined,
      overwrites: [],
      parentId: undefined,
      position: 0,
      recipientId: userId,
      lastMessageId: null,
    };
    this.channels.set(id, created);
    this.dmChannelByUser.set(userId, id);
    return created;
  }

  permissionsFor(userId: string, channelId: string, extraMemberPermissions?: bigint): bigint {
    const channel = this.channels.get(channelId);
    const guild = channel?.guildId ? this.guilds.get(channel.guildId) : undefined;
    if (!channel || !guild) return DEFAULT_EVERYONE_PERMISSIONS;
    const member = guild.members.get(userId);
    const roles = new Map([...guild.roles.values()].map((r) => [r.id, r.permissions]));
    const memberRoleIds = [...(member?.roles ?? [])];
    if (extraMemberPermissions !== undefined) {
      roles.set('__extra__', extraMemberPermissions);
      memberRoleIds.push('__extra__');
    }
    return computePermissions({
      guildId: guild.id,
      ownerId: guild.ownerId,
      roles,
      memberRoleIds,
      userId,
      overwrites: channel.overwrites,
    });
  }

  // ---- API object builders (apiObjects.ts) ---------------------------------------------

  channelApi(channel: ChannelState): JsonObject {
    const recipient = channel.type === 1 && channel.recipientId ? this.user(channel.recipientId) : undefined;
    return api.channelApi(channel, recipient);
  }

  roleApi(role: RoleState): JsonObject {
    return api.roleApi(role, this.botUser.id);
  }

  memberApi(member: MemberState, withUser = true): JsonObject {
    return api.memberApi(member, withUser);
  }

  guildApi(guild: GuildState): JsonObject {
    return api.guildApi(guild, this.botUser.id);
  }

  guildCreateApi(guild: GuildState): JsonObject {
    const channels = guild.channelIds.flatMap((id) => {
      const c = this.channels.get(id);
      return c ? [this.channelApi(c)] : [];
    });
    return api.guildCreateApi(guild, this.botUser.id, channels);
  }

  messageApi(message: RecordedMessage): JsonObject {
    const interaction = message.interactionId ? this.interactions.get(message.interactionId) : undefined;
    return api.messageApi(message, interaction, this.botUser, this.applicationId);
  }

  // ---- messages (messages.ts) ----------------------------------------------------------

  createMessage(
    channelId: string,
    source: MessageSource,
    body: JsonObject,
    files: RecordedFile[],
    interactionId?: string,
  ): RecordedMessage {
    return msg.createMessage(this, channelId, source, body, files, interactionId);
  }

  /** Applies a create/edit body with Discord's semantics (absent keys keep their value). */
  applyBody(message: RecordedMessage, body: JsonObject, files: RecordedFile[], isEdit: boolean): void {
    msg.applyBody(this, message, body, files, isEdit);
  }

  storeAttachment(channelId: string, file: RecordedFile): JsonObject {
    return msg.storeAttachment(this, channelId, file);
  }

  messagesIn(channelId: string): RecordedMessage[] {
    return [...this.messages.values()].filter((m) => m.channelId === channelId && !m.deleted);
  }

  commandsFor(guildId: string | undefined): StoredCommand[] {
    return [...this.commands.values()].filter((c) => c.guild_id === guildId);
  }
}
