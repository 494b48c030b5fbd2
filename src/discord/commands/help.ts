import { InteractionContextType, MessageFlags, SlashCommandBuilder } from 'discord.js';
import { defineCommand } from '../command.js';
import { renderHelp } from '../views/help.js';

export const help = defineCommand({
  data: new SlashCommandBuilder()
    .setName('help')
    .setDescription('How the coaching works, the stages, and the commands')
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM),
  async execute(interaction) {
    await interaction.reply({ ...renderHelp(), flags: MessageFlags.Ephemeral });
  },
});
