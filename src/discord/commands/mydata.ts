import { InteractionContextType, MessageFlags, SlashCommandBuilder } from 'discord.js';
import { defineCommand } from '../command.js';
import { renderDeleteConfirm, renderExport } from '../views/myDataViews.js';

export const mydata = defineCommand({
  data: new SlashCommandBuilder()
    .setName('mydata')
    .setDescription('Your data: take a copy, or delete all of it')
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
    .addSubcommand((s) => s.setName('export').setDescription('A file of everything stored about you'))
    .addSubcommand((s) =>
      s.setName('delete').setDescription('Delete everything stored about you (asks first)'),
    ),
  async execute(interaction, { services }) {
    const ownerId = interaction.user.id;
    if (interaction.options.getSubcommand() === 'export') {
      await interaction.reply({
        ...renderExport(await services.exportOwnerData(ownerId), await services.exportSessionsCsv(ownerId)),
        flags: MessageFlags.Ephemeral,
      });
      return;
    }
    await interaction.reply({
      ...renderDeleteConfirm(ownerId, await services.previewDeleteOwner(ownerId)),
      flags: MessageFlags.Ephemeral,
    });
  },
});
