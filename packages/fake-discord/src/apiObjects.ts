import { asObject, type JsonObject } from './json.js';
import type { ChannelState, GuildState, InteractionRecord, MemberState, RoleState } from './stateTypes.js';
import type { FakeUser, RecordedMessage } from './types.js';

/** A channel as Discord's API returns it (a DM lists its recipient). */
export function channelApi(channel: ChannelState, recipient: FakeUser | undefined): JsonObject {
  if (channel.type === 1) {
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

/** A role as Discord's API returns it (the bot's managed role is tagged with its id). */
export function roleApi(role: RoleState, botUserId: string): JsonObject {
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
    ...(role.managed ? { tags: { bot_id: botUserId } } : {}),
  };
}

/** A guild member as Discord's API returns it. */
export function memberApi(member: MemberState, withUser = true): JsonObject {
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

/** A guild as `GET /guilds/:id` returns it. */
export function guildApi(guild: GuildState, botUserId: string): JsonObject {
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
    roles: [...guild.roles.values()].map((r) => roleApi(r, botUserId)),
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

/** A guild as the gateway's GUILD_CREATE carries it, given its channels as API objects. */
export function guildCreateApi(guild: GuildState, botUserId: string, channels: JsonObject[]): JsonObject {
  return {
    ...guildApi(guild, botUserId),
    joined_at: guild.joinedAt,
    large: false,
    unavailable: false,
    member_count: guild.members.size,
    voice_states: [],
    members: [...guild.members.values()].map((m) => memberApi(m)),
    channels: channels.map(({ guild_id: _omit, ...rest }) => rest),
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

/** A message as Discord's API returns it; interaction replies carry the interaction's metadata. */
export function messageApi(
  message: RecordedMessage,
  interaction: InteractionRecord | undefined,
  botUser: FakeUser,
  applicationId: string,
): JsonObject {
  return {
    id: message.id,
    channel_id: message.channelId,
    ...(message.guildId ? { guild_id: message.guildId } : {}),
    author: botUser,
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
    ...(message.source !== 'channel' ? { webhook_id: applicationId, application_id: applicationId } : {}),
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
