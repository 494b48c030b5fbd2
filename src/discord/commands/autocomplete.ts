import { setTimeout as sleep } from 'node:timers/promises';
import type { AutocompleteInteraction, Client } from 'discord.js';
import type { CatSummary } from '../../services/cats.js';
import type { ChoiceLimits } from '../../services/suggestions.js';
import type { Context } from '../command.js';
import { clip, DISCORD_LIMITS } from '../views/common.js';

/** What Discord accepts in one autocomplete answer. */
export const AUTOCOMPLETE_LIMITS: ChoiceLimits = {
  choices: DISCORD_LIMITS.choices,
  length: DISCORD_LIMITS.choiceName,
};

/** How long autocomplete waits for a shared cat's owner's name before saying "another owner". */
const NAME_WAIT_MS = 800;

/**
 * The cats as autocomplete choices: the name and stage shown, the id as the value. A cat shared with the
 * caller is marked with its owner's name (from `ownerNames`, else "another owner"), right after its own
 * name so that a long stage name is what gets cut.
 */
export function catChoices(
  cats: readonly CatSummary[],
  ownerNames: ReadonlyMap<string, string> = new Map(),
): { name: string; value: string }[] {
  return cats.slice(0, DISCORD_LIMITS.choices).map((c) => {
    const shared = c.sharedBy === null ? '' : ` (shared by ${ownerNames.get(c.sharedBy) ?? 'another owner'})`;
    return {
      name: clip(`${c.name}${shared} — ${c.stageName}`, DISCORD_LIMITS.choiceName),
      value: String(c.id),
    };
  });
}

/** The display names of these users, as far as Discord answers quickly (cached after the first time). */
async function displayNames(client: Client, ids: readonly string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const lookups = Promise.all(
    ids.map(async (id) => {
      try {
        const user = client.users.cache.get(id) ?? (await client.users.fetch(id));
        names.set(id, user.displayName);
      } catch {
        // No name: the choice says "another owner".
      }
    }),
  );
  await Promise.race([lookups, sleep(NAME_WAIT_MS, undefined, { ref: false })]);
  return new Map(names);
}

/**
 * Answers autocomplete for a `cat` option with the caller's cats: their own and those shared with them
 * ('all'), or their own only ('owned': for what only the owner may do).
 */
export async function respondWithCats(
  interaction: AutocompleteInteraction,
  { services }: Context,
  scope: 'all' | 'owned' = 'all',
): Promise<void> {
  const focused = interaction.options.getFocused(true);
  if (focused.name !== 'cat') {
    await interaction.respond([]);
    return;
  }
  const cats = (await services.suggestCats(interaction.user.id, focused.value, scope)).slice(
    0,
    DISCORD_LIMITS.choices,
  );
  const owners = [...new Set(cats.flatMap((c) => (c.sharedBy === null ? [] : [c.sharedBy])))];
  const names =
    owners.length === 0 ? new Map<string, string>() : await displayNames(interaction.client, owners);
  await interaction.respond(catChoices(cats, names));
}
