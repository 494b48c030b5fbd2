import type { AutocompleteInteraction } from 'discord.js';
import type { CatSummary } from '../../services/cats.js';
import type { ChoiceLimits } from '../../services/suggestions.js';
import type { Context } from '../command.js';
import { clip, DISCORD_LIMITS } from '../views/common.js';

/** What Discord accepts in one autocomplete answer. */
export const AUTOCOMPLETE_LIMITS: ChoiceLimits = {
  choices: DISCORD_LIMITS.choices,
  length: DISCORD_LIMITS.choiceName,
};

/** The owner's cats as autocomplete choices: the name and stage shown, the id as the value. */
export function catChoices(cats: readonly CatSummary[]): { name: string; value: string }[] {
  return cats.slice(0, DISCORD_LIMITS.choices).map((c) => ({
    name: clip(`${c.name} — ${c.stageName}`, DISCORD_LIMITS.choiceName),
    value: String(c.id),
  }));
}

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
  await interaction.respond(catChoices(await services.suggestCats(interaction.user.id, focused.value)));
}
