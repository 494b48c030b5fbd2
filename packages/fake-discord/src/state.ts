import { randomBytes } from 'node:crypto';
import { asArray, asObject, asString, isObject, type JsonObject } from './json.js';
import {
  ALL_PERMISSIONS,
  computePermissions,
  DEFAULT_BOT_ROLE_PERMISSIONS,
  DEFAULT_EVERYONE_PERMISSIONS,
  type Overwrite,
} from './permissions.js';
import { createSnowflakeFactory } from './snowflake.js';
import type {
  FakeGuildInfo,
  FakeGuildInput,
  FakeUser,
  MessageSource,
  RecordedFile,
  RecordedMessage,
  StoredCommand,
} from './types.js';

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
}

export interface StoredAttachment {
  data: Buffer;
  contentType: string;
}

const USERNAME_WORDS = ['whiskers', 'mittens', 'luna', 'tiger', 'pumpkin', 'shadow', 'smokey', 'ginger'];

/** All the fake server's data, plus the builders that turn it into Discord API objects. */
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

  // ---- API object builders -------------------------------------------------------------

  channelApi(channel: ChannelState): JsonObject {
    if (channel.type === 1) {
      const recipient = channel.recipientId ? this.user(channel.recipientId) : undefined;
      return {
        id: channel.id,
        type: 1,
        last_message_id: channel.lastMessageId,
        flags: 0,
        recipients: recipient ? [recipient] : [],
      };
    }
    return {
      id: channel.id,
      type: channel.type,
      guild_id: channel.guildId,
      name: channel.name,
      position: channel.position,
      permission_overwrites: channel.overwrites.map((o) => ({
        id: o.id,
        type: o.type,
        allow: o.allow.toString(),
        deny: o.deny.toString(),
      })),
      parent_id: channel.parentId ?? null,
      topic: null,
      nsfw: false,
      last_message_id: channel.lastMessageId,
      rate_limit_per_user: 0,
      flags: 0,
    };
  }

  roleApi(role: RoleState): JsonObject {
    return {
      id: role.id,
      name: role.name,
      color: 0,
      colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
      hoist: false,
      icon: null,
      unicode_emoji: null,
      position: role.position,
      permissions: role.permissions.toString(),
      managed: role.managed,
      mentionable: false,
      flags: 0,
      ...(role.managed ? { tags: { bot_id: this.botUser.id } } : {}),
    };
  }

  memberApi(member: MemberState, withUser = true): JsonObject {
    return {
      ...(withUser ? { user: member.user } : {}),
      nick: member.nick,
      avatar: null,
      banner: null,
      roles: member.roles,
      joined_at: member.joinedAt,
      premium_since: null,
      deaf: false,
      mute: false,
      flags: 0,
      pending: false,
      communication_disabled_until: null,
    };
  }

  guildApi(guild: GuildState): JsonObject {
    return {
      id: guild.id,
      name: guild.name,
      icon: null,
      splash: null,
      discovery_splash: null,
      banner: null,
      description: null,
      owner_id: guild.ownerId,
      afk_channel_id: null,
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      roles: [...guild.roles.values()].map((r) => this.roleApi(r)),
      emojis: [],
      stickers: [],
      features: [],
      mfa_level: 0,
      application_id: null,
      system_channel_id: null,
      system_channel_flags: 0,
      rules_channel_id: null,
      public_updates_channel_id: null,
      safety_alerts_channel_id: null,
      vanity_url_code: null,
      premium_tier: 0,
      premium_subscription_count: 0,
      premium_progress_bar_enabled: false,
      preferred_locale: 'en-US',
      nsfw_level: 0,
      max_video_channel_users: 25,
      max_members: 500000,
    };
  }

  guildCreateApi(guild: GuildState): JsonObject {
    return {
      ...this.guildApi(guild),
      joined_at: guild.joinedAt,
      large: false,
      unavailable: false,
      member_count: guild.members.size,
      voice_states: [],
      members: [...guild.members.values()].map((m) => this.memberApi(m)),
      channels: guild.channelIds.flatMap((id) => {
        const c = this.channels.get(id);
        if (!c) return [];
        const { guild_id: _omit, ...rest } = this.channelApi(c);
        return [rest];
      }),
      threads: [],
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    };
  }

  messageApi(message: RecordedMessage): JsonObject {
    const interaction = message.interactionId ? this.interactions.get(message.interactionId) : undefined;
    return {
      id: message.id,
      channel_id: message.channelId,
      ...(message.guildId ? { guild_id: message.guildId } : {}),
      author: this.botUser,
      content: message.content,
      timestamp: message.createdAt.toISOString(),
      edited_timestamp: message.editedAt?.toISOString() ?? null,
      tts: message.tts,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: message.attachments,
      embeds: message.embeds,
      pinned: false,
      type: message.source === 'interactionResponse' && interaction?.type === 2 ? 20 : 0,
      flags: message.flags,
      components: message.components,
      ...(message.nonce !== undefined ? { nonce: message.nonce } : {}),
      ...(message.source !== 'channel'
        ? { webhook_id: this.applicationId, application_id: this.applicationId }
        : {}),
      ...(interaction && message.source !== 'channel'
        ? {
            interaction_metadata: {
              id: interaction.id,
              type: interaction.type,
              user: interaction.user,
              authorizing_integration_owners: asObject(interaction.payload.authorizing_integration_owners),
            },
          }
        : {}),
    };
  }

  // ---- messages ------------------------------------------------------------------------

  createMessage(
    channelId: string,
    source: MessageSource,
    body: JsonObject,
    files: RecordedFile[],
    interactionId?: string,
  ): RecordedMessage {
    const channel = this.channels.get(channelId);
    const message: RecordedMessage = {
      id: this.snowflake(),
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
    this.applyBody(message, body, files, false);
    this.messages.set(message.id, message);
    if (channel) channel.lastMessageId = message.id;
    return message;
  }

  /** Applies a create/edit body with Discord's semantics (absent keys keep their value). */
  applyBody(message: RecordedMessage, body: JsonObject, files: RecordedFile[], isEdit: boolean): void {
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
    const addedApi = added.map((file) => this.storeAttachment(message.channelId, file));
    message.files = [...keptFiles, ...added];
    message.attachments = [...kept, ...addedApi];

    if (isEdit) {
      message.edits++;
      message.editedAt = new Date();
    }
    message.history.push(body);
  }

  storeAttachment(channelId: string, file: RecordedFile): JsonObject {
    const id = this.snowflake();
    const path = `/attachments/${channelId}/${id}/${encodeURIComponent(file.name)}`;
    this.attachments.set(path, { data: file.data, contentType: file.contentType });
    return {
      id,
      filename: file.name,
      size: file.size,
      url: `${this.baseUrl}${path}`,
      proxy_url: `${this.baseUrl}${path}`,
      content_type: file.contentType,
      ...(file.description !== undefined ? { description: file.description } : {}),
    };
  }

  messagesIn(channelId: string): RecordedMessage[] {
    return [...this.messages.values()].filter((m) => m.channelId === channelId && !m.deleted);
  }

  commandsFor(guildId: string | undefined): StoredCommand[] {
    return [...this.commands.values()].filter((c) => c.guild_id === guildId);
  }
}
