import type { GatewaySessionRef } from './gateway.js';
import type { FakeAttachmentInput, OptionValue } from './interactions.js';
import type { JsonObject } from './json.js';
import type { FakeUser, RecordedMessage } from './types.js';

/** Who sends an interaction, and where. */
export interface WhereInput {
  user?: FakeUser | string;
  guildId?: string;
  channelId?: string;
  /** The invoking member's permissions in the channel; default computed from the guild's roles. */
  memberPermissions?: bigint;
  locale?: string;
  timeoutMs?: number;
}

export interface CommandInput extends WhereInput {
  name: string;
  options?: Record<string, OptionValue>;
  subcommand?: string;
  subcommandGroup?: string;
  /** Attachment options by name (same as passing them in `options`). */
  attachments?: Record<string, FakeAttachmentInput>;
}

export interface AutocompleteInput extends CommandInput {
  /** The option the user is typing in. */
  focused: string;
}

export interface ClickInput extends WhereInput {
  /** The message the component is on: a recorded message, a command result, or a message id. */
  message: RecordedMessage | InteractionResult | string;
  customId: string;
  /** For select menus: the chosen values. */
  values?: string[];
}

export interface ModalSubmitInput extends WhereInput {
  /** The result that showed the modal (type 9); fills customId and checks the fields exist. */
  from?: InteractionResult;
  customId?: string;
  fields: Record<string, string>;
}

export interface AutocompleteChoice {
  name: string;
  value: string | number;
}

/** What the bot did with one interaction. */
export interface InteractionResult {
  id: string;
  token: string;
  /** The callback body the bot sent: `{ type, data }`. */
  response: { type: number; data: JsonObject | undefined };
  type: number;
  ephemeral: boolean;
  /** The message `@original` currently is (undefined for modal/autocomplete/pong). */
  readonly message: RecordedMessage | undefined;
  /** The final visible reply: for deferred responses it waits for the edit of `@original`. */
  reply: (options?: { timeoutMs?: number }) => Promise<RecordedMessage>;
  /** Follow-up messages, live. */
  followups: RecordedMessage[];
  /** Waits until at least `count` follow-ups exist; resolves to the last one. */
  waitForFollowup: (count?: number, options?: { timeoutMs?: number }) => Promise<RecordedMessage>;
  /** Type 8 results. */
  choices: AutocompleteChoice[] | undefined;
  /** Type 9 results: the modal the bot showed. */
  modal: JsonObject | undefined;
  /**
   * The gateway sessions the INTERACTION_CREATE was sent to (the shard of its guild, or shard 0 for a DM),
   * so a test with several bot processes can tell which one got it (compare with `gatewayShards`).
   */
  deliveredTo: GatewaySessionRef[];
}
