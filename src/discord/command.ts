import type {
  AutocompleteInteraction,
  ChatInputCommandInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { Logger } from '../logger.js';
import type { Services } from '../services/index.js';

/** What every handler is given. */
export interface Context {
  readonly services: Services;
  readonly logger: Logger;
}

/** A slash command: its definition and its handler together. */
export interface Command {
  readonly data: { readonly name: string; toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody };
  execute(interaction: ChatInputCommandInteraction, context: Context): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, context: Context): Promise<void>;
}

export function defineCommand(command: Command): Command {
  return command;
}
