import type { SlashCommandStringOption } from 'discord.js';
import { STAGES } from '../../domain/stages.js';

/** `cat`: autocompletes the caller's own cats (the value is the cat's id). */
export const catOption =
  (required: boolean, description = 'Which cat') =>
  (o: SlashCommandStringOption) =>
    o
      .setName('cat')
      .setDescription(description)
      .setAutocomplete(true)
      .setRequired(required)
      .setMaxLength(100);

/** `stage`: the eight stages, ids as values and names as labels. */
export const stageOption =
  (required: boolean, description = 'The training stage') =>
  (o: SlashCommandStringOption) =>
    o
      .setName('stage')
      .setDescription(description)
      .setRequired(required)
      .addChoices(...STAGES.map((s) => ({ name: `${s.position}. ${s.name}`, value: s.id })));
