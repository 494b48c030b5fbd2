import type { AutocompleteInteraction } from 'discord.js';
import type { Context } from '../command.js';

/** Answers autocomplete for a `cat` option with the caller's own cats. */
export async function respondWithCats(
  interaction: AutocompleteInteraction,
  { services }: Context,
): Promise<void> {
  const focused = interaction.options.getFocused(true);
  if (focused.name !== 'cat') {
    await interaction.respond([]);
    return;
  }
  await interaction.respond(services.suggestCats(interaction.user.id, focused.value));
}
