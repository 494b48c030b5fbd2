import { InteractionContextType, MessageFlags, SlashCommandBuilder } from 'discord.js';
import { defineCommand } from '../command.js';
import { renderProgress } from '../views/progressReply.js';
import { respondWithCats } from './autocomplete.js';
import { catOption } from './options.js';

export const progress = defineCommand({
  data: new SlashCommandBuilder()
    .setName('progress')
    .setDescription("Your cat's stage, streak, recent sessions and journey")
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
    .addStringOption(catOption(false)),
  async execute(interaction, { services }) {
    const view = await services.getProgress({
      ownerId: interaction.user.id,
      cat: interaction.options.getString('cat'),
    });
    await interaction.reply({ ...renderProgress(view), flags: MessageFlags.Ephemeral });
  },
  autocomplete: respondWithCats,
});
