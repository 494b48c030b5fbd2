import { InteractionContextType, MessageFlags, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { LIMITS } from '../../services/limits.js';
import { defineCommand } from '../command.js';
import { NO_MENTIONS } from '../views/common.js';
import { autoShareReply, shareWinReply } from '../views/communityReplies.js';
import { respondWithCats } from './autocomplete.js';
import { catOption } from './options.js';

const flags = MessageFlags.Ephemeral;

export const share = defineCommand({
  data: new SlashCommandBuilder()
    .setName('share')
    .setDescription('Celebrate wins with this server')
    .setContexts(InteractionContextType.Guild)
    .addSubcommand((s) =>
      s
        .setName('win')
        .setDescription("Post a win to this server's wins channel")
        .addStringOption((o) =>
          o
            .setName('message')
            .setDescription('What happened?')
            .setRequired(true)
            .setMaxLength(LIMITS.shareMessage),
        )
        .addStringOption(catOption(false))
        .addAttachmentOption((o) =>
          o.setName('photo').setDescription('A photo (PNG, JPEG, GIF or WebP, up to 8 MB)'),
        ),
    )
    .addSubcommand((s) =>
      s
        .setName('auto')
        .setDescription('Automatically share stage-ups and milestones in the servers where you use me')
        .addBooleanOption((o) => o.setName('enabled').setDescription('On or off').setRequired(true)),
    ),
  async execute(interaction, { services }) {
    const ownerId = interaction.user.id;
    const o = interaction.options;
    if (o.getSubcommand() === 'auto') {
      const view = await services.setAutoShare({ ownerId, enabled: o.getBoolean('enabled', true) });
      await interaction.reply({
        content: autoShareReply(view),
        flags,
        allowedMentions: NO_MENTIONS,
      });
      return;
    }
    if (!interaction.inGuild()) {
      await interaction.reply({
        content: 'Sharing a win works in a server, in its wins channel. Try it there!',
        flags,
      });
      return;
    }
    const photo = o.getAttachment('photo');
    // Fetching the photo can take a few seconds: acknowledge first, within Discord's 3 s.
    await interaction.deferReply({ flags });
    const result = await services.shareWin({
      ownerId,
      guildId: interaction.guildId,
      message: o.getString('message', true),
      cat: o.getString('cat'),
      photo: photo
        ? { url: photo.url, name: photo.name, contentType: photo.contentType, size: photo.size }
        : null,
      isAdmin: interaction.memberPermissions.has(PermissionFlagsBits.ManageGuild),
    });
    await interaction.editReply({ content: shareWinReply(result), allowedMentions: NO_MENTIONS });
  },
  autocomplete: respondWithCats,
});
