import { AUTOCOMPLETE_LIMITS } from './autocomplete.js';
import { InteractionContextType, MessageFlags, SlashCommandBuilder } from 'discord.js';
import { LIMITS } from '../../services/limits.js';
import { defineCommand } from '../command.js';
import { renderCheckInSet, renderCheckInStatus, renderPaused, renderResumed } from '../views/checkInViews.js';
import { NO_MENTIONS } from '../views/common.js';

const flags = MessageFlags.Ephemeral;

export const checkin = defineCommand({
  data: new SlashCommandBuilder()
    .setName('checkin')
    .setDescription('Your daily DM check-in with one tiny step')
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
    .addSubcommand((s) =>
      s
        .setName('set')
        .setDescription('Get a daily DM at your local time')
        .addStringOption((o) =>
          o
            .setName('time')
            .setDescription('24-hour time, like 07:30 or 19:00')
            .setRequired(true)
            .setMaxLength(5),
        )
        .addStringOption((o) =>
          o
            .setName('timezone')
            .setDescription('Your time zone; type a city, like Berlin')
            .setRequired(true)
            .setAutocomplete(true)
            .setMaxLength(64),
        ),
    )
    .addSubcommand((s) =>
      s
        .setName('pause')
        .setDescription('Pause the check-ins')
        .addIntegerOption((o) =>
          o
            .setName('days')
            .setDescription('For how many days (leave empty: until you resume)')
            .setMinValue(1)
            .setMaxValue(LIMITS.maxPauseDays),
        ),
    )
    .addSubcommand((s) => s.setName('resume').setDescription('Resume the check-ins'))
    .addSubcommand((s) =>
      s.setName('status').setDescription('When the next check-in comes, and whether I can reach you'),
    ),
  async execute(interaction, { services }) {
    const ownerId = interaction.user.id;
    const o = interaction.options;
    switch (o.getSubcommand()) {
      case 'set': {
        const view = await services.setCheckIn({
          ownerId,
          time: o.getString('time', true),
          timezone: o.getString('timezone', true),
        });
        // The confirmation DM finds closed DMs at once; it can take a moment, so answer first.
        await interaction.deferReply({ flags });
        const dmsOpen = await services.confirmCheckInDm(ownerId);
        await interaction.editReply(renderCheckInSet(view, dmsOpen));
        return;
      }
      case 'pause':
        await interaction.reply({
          content: renderPaused(await services.pauseCheckIns({ ownerId, days: o.getInteger('days') })),
          flags,
          allowedMentions: NO_MENTIONS,
        });
        return;
      case 'resume':
        await interaction.reply({
          content: renderResumed(await services.resumeCheckIns({ ownerId })),
          flags,
          allowedMentions: NO_MENTIONS,
        });
        return;
      case 'status':
        await interaction.reply({ ...renderCheckInStatus(await services.checkInStatus(ownerId)), flags });
        return;
    }
  },
  async autocomplete(interaction, { services }) {
    const focused = interaction.options.getFocused(true);
    await interaction.respond(
      focused.name === 'timezone' ? services.suggestTimeZones(focused.value, AUTOCOMPLETE_LIMITS) : [],
    );
  },
});
