import { InteractionContextType, MessageFlags, SlashCommandBuilder } from 'discord.js';
import { LIMITS } from '../../services/limits.js';
import { defineCommand } from '../command.js';
import { FOLLOW_UP_USABLE_MS, replyHandleOf } from '../replyHandle.js';
import { renderSessionTimerStarted } from '../views/sessionTimerViews.js';
import { respondWithCats } from './autocomplete.js';
import { catOption } from './options.js';

export const session = defineCommand({
  data: new SlashCommandBuilder()
    .setName('session')
    .setDescription('Time a short training session')
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
    .addSubcommand((s) =>
      s
        .setName('start')
        .setDescription('Start a short session timer; I will tell you when to stop')
        .addIntegerOption((o) =>
          o
            .setName('minutes')
            .setDescription('How long (default: a good length for the stage your cat is at)')
            .setMinValue(LIMITS.minMinutes)
            .setMaxValue(LIMITS.maxTimerMinutes),
        )
        .addStringOption(catOption(false, 'Which cat (not needed if you have one)')),
    ),
  async execute(interaction, { services }) {
    const view = await services.startSessionTimer({
      ownerId: interaction.user.id,
      cat: interaction.options.getString('cat'),
      minutes: interaction.options.getInteger('minutes'),
      // "Time is up" follows up on this very interaction while Discord takes it, else comes as a DM.
      followUp: { replyHandle: replyHandleOf(interaction), usableForMs: FOLLOW_UP_USABLE_MS },
    });
    await interaction.reply({ ...renderSessionTimerStarted(view), flags: MessageFlags.Ephemeral });
  },
  autocomplete: respondWithCats,
});
