import {
  ChannelType,
  InteractionContextType,
  MessageFlags,
  PermissionFlagsBits,
  SlashCommandBuilder,
  type ChatInputCommandInteraction,
  type PermissionsString,
} from 'discord.js';
import { UserFacingError } from '../../services/errors.js';
import { defineCommand } from '../command.js';
import { NO_MENTIONS } from '../views/common.js';
import {
  communityStatusReply,
  WINS_CHANNEL_PERMISSIONS,
  winsChannelOffReply,
  winsChannelSetReply,
} from '../views/communityReplies.js';

const flags = MessageFlags.Ephemeral;

/** The permissions the bot lacks in a channel, by discord.js name. */
function botMissingIn(
  interaction: ChatInputCommandInteraction<'cached' | 'raw'>,
  channelId: string,
): PermissionsString[] {
  const me = interaction.guild?.members.me;
  const channel = interaction.guild?.channels.cache.get(channelId);
  const resolved = interaction.options.getChannel('channel');
  // The resolved channel carries the bot's permissions there when the guild is not cached.
  const permissions =
    me && channel
      ? channel.permissionsFor(me)
      : resolved && 'permissions' in resolved
        ? resolved.permissions
        : null;
  if (!permissions || typeof permissions === 'string') return [];
  return WINS_CHANNEL_PERMISSIONS.filter((p) => !permissions.has(p));
}

export const community = defineCommand({
  data: new SlashCommandBuilder()
    .setName('community')
    .setDescription("Server managers: this server's wins channel and weekly digest")
    .setContexts(InteractionContextType.Guild)
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .addSubcommand((s) =>
      s
        .setName('set')
        .setDescription('Choose the channel where wins and the weekly digest are posted')
        .addChannelOption((o) =>
          o
            .setName('channel')
            .setDescription('The wins channel')
            .setRequired(true)
            .addChannelTypes(ChannelType.GuildText, ChannelType.GuildAnnouncement),
        ),
    )
    .addSubcommand((s) => s.setName('off').setDescription('Stop posting wins and the digest here'))
    .addSubcommand((s) =>
      s.setName('status').setDescription('The wins channel, and how many wins were shared this week'),
    ),
  async execute(interaction, { services }) {
    if (!interaction.inGuild()) {
      await interaction.reply({ content: 'Community settings belong to a server. Run this in one.', flags });
      return;
    }
    // Checked again here: the definition's default permission can be changed by a server's admins.
    const canManageGuild = interaction.memberPermissions.has(PermissionFlagsBits.ManageGuild);
    const guildId = interaction.guildId;
    switch (interaction.options.getSubcommand()) {
      case 'set': {
        const channelId = interaction.options.getChannel('channel', true).id;
        // Only a manager hears about the bot's permissions; anyone else gets the service's answer.
        const missing = canManageGuild ? botMissingIn(interaction, channelId) : [];
        if (missing.length > 0)
          throw new UserFacingError({
            code: 'missing_permission',
            data: { reason: 'bot_missing', channelId, missing },
          });
        const view = await services.setWinsChannel({
          guildId,
          channelId,
          userId: interaction.user.id,
          canManageGuild,
        });
        await interaction.reply({ content: winsChannelSetReply(view), flags, allowedMentions: NO_MENTIONS });
        return;
      }
      case 'off': {
        const view = await services.disableWins({ guildId, canManageGuild, userId: interaction.user.id });
        await interaction.reply({ content: winsChannelOffReply(view), flags, allowedMentions: NO_MENTIONS });
        return;
      }
      case 'status': {
        const view = await services.communityStatus({ guildId });
        await interaction.reply({ content: communityStatusReply(view), flags, allowedMentions: NO_MENTIONS });
        return;
      }
    }
  },
});
