import { InteractionContextType, MessageFlags, SlashCommandBuilder } from 'discord.js';
import { LIMITS } from '../../services/limits.js';
import { defineCommand } from '../command.js';
import { renderLogReply } from '../views/logReply.js';
import { AUTOCOMPLETE_LIMITS, respondWithCats } from './autocomplete.js';
import { catOption } from './options.js';

export const log = defineCommand({
  data: new SlashCommandBuilder()
    .setName('log')
    .setDescription('Log a training session: what happened, and I will tell you what it means')
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
    .addStringOption((o) =>
      o
        .setName('what')
        .setDescription('What happened, e.g. "sniffed the harness, took a treat, ears flat at the end"')
        .setRequired(true)
        .setMaxLength(LIMITS.what)
        .setAutocomplete(true),
    )
    .addIntegerOption((o) =>
      o
        .setName('minutes')
        .setDescription('How long it lasted')
        .setMinValue(LIMITS.minMinutes)
        .setMaxValue(LIMITS.maxMinutes),
    )
    .addStringOption(catOption(false, 'Which cat (not needed if you have one)'))
    .addStringOption((o) =>
      o.setName('note').setDescription('Anything else to remember').setMaxLength(LIMITS.note),
    ),
  async execute(interaction, { services }) {
    const o = interaction.options;
    const view = await services.logSession({
      ownerId: interaction.user.id,
      cat: o.getString('cat'),
      what: o.getString('what', true),
      minutes: o.getInteger('minutes'),
      note: o.getString('note'),
    });
    await interaction.reply({ ...renderLogReply(view), flags: MessageFlags.Ephemeral });
    // The posts this caused were stored with it; the outbox delivers them (never in the owner's way).
    services.kickOutbox();
  },
  async autocomplete(interaction, context) {
    const focused = interaction.options.getFocused(true);
    if (focused.name !== 'what') return respondWithCats(interaction, context);
    await interaction.respond(context.services.suggestWhat(focused.value, AUTOCOMPLETE_LIMITS));
  },
});
