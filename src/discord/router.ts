import { performance } from 'node:perf_hooks';
import { DiscordAPIError, MessageFlags, RESTJSONErrorCodes, type Interaction } from 'discord.js';
import { isUserFacingError } from '../services/errors.js';
import type { Command, Context } from './command.js';
import { decodeCustomId } from './components/customId.js';
import { handleButton, handleModal } from './components/handlers.js';
import { clip, DISCORD_LIMITS, NO_MENTIONS } from './views/common.js';
import { shareNoticeText } from './views/householdViews.js';
import { renderUserError } from './views/userErrors.js';

const APOLOGY =
  'Sorry, something went wrong on my side. Nothing you stored is lost; please try again in a moment.';
const STALE =
  'That button or form is from an older version of me and no longer works. Run the command again.';
const DMS_CLOSED =
  'I tried to send your daily check-in but your DMs are closed to me, so I stopped trying. To get them again, allow direct messages from this server (Privacy Settings) and run `/checkin resume`.';

/** Commands that must not record the caller (they are about forgetting them, or need nothing stored). */
const NO_TRACKING = new Set(['mydata', 'help']);

/** Describes an interaction for logs: id, kind, command or component, user, server. */
function describe(interaction: Interaction) {
  return {
    interactionId: interaction.id,
    type: interaction.type,
    command: interaction.isCommand() || interaction.isAutocomplete() ? interaction.commandName : undefined,
    customId:
      interaction.isMessageComponent() || interaction.isModalSubmit() ? interaction.customId : undefined,
    userId: interaction.user.id,
    guildId: interaction.guildId ?? undefined,
  };
}

/**
 * interactionCreate dispatch, and the one error boundary: a UserFacingError becomes an ephemeral answer in
 * the words of views/userErrors.ts, anything else is logged with context and the owner gets a short apology.
 * Nothing escapes.
 */
export function createRouter(commands: readonly Command[], context: Context, observe?: InteractionObserver) {
  const byName = new Map(commands.map((c) => [c.data.name, c]));
  const { services, logger } = context;

  async function dispatch(interaction: Interaction): Promise<void> {
    if (interaction.isChatInputCommand()) {
      const command = byName.get(interaction.commandName);
      if (!command) throw new StaleInteraction();
      await command.execute(interaction, context);
      // After the command, so that an owner's first /cat add in a server already counts.
      if (interaction.guildId !== null && !NO_TRACKING.has(command.data.name)) {
        await services.noteGuildUse(interaction.user.id, interaction.guildId);
      }
      if (!NO_TRACKING.has(command.data.name) && (await services.takeDmsNotice(interaction.user.id))) {
        await interaction.followUp({
          content: DMS_CLOSED,
          flags: MessageFlags.Ephemeral,
          allowedMentions: NO_MENTIONS,
        });
      }
      // Households: a "shared with you" DM that did not arrive is told here instead.
      const shares = NO_TRACKING.has(command.data.name)
        ? []
        : await services.takeShareNotices(interaction.user.id);
      if (shares.length > 0) {
        await interaction.followUp({
          content: clip(shareNoticeText(shares), DISCORD_LIMITS.content),
          flags: MessageFlags.Ephemeral,
          allowedMentions: NO_MENTIONS,
        });
      }
      return;
    }
    if (interaction.isAutocomplete()) {
      const command = byName.get(interaction.commandName);
      if (command?.autocomplete) await command.autocomplete(interaction, context);
      else await interaction.respond([]);
      return;
    }
    if (interaction.isButton() || interaction.isModalSubmit()) {
      const id = decodeCustomId(interaction.customId);
      if (!id) throw new StaleInteraction();
      if (interaction.isButton()) await handleButton(interaction, id, context);
      else await handleModal(interaction, id, context);
      return;
    }
  }

  async function answerError(interaction: Interaction, error: unknown): Promise<void> {
    if (interaction.isAutocomplete()) {
      logger.error({ err: error, ...describe(interaction) }, 'autocomplete failed');
      if (!interaction.responded) await interaction.respond([]);
      return;
    }
    if (!interaction.isRepliable()) return;
    let content: string;
    if (isUserFacingError(error)) {
      content = renderUserError(error);
      logger.debug({ code: error.code, ...describe(interaction) }, 'user-facing error');
    } else if (error instanceof StaleInteraction) {
      content = STALE;
    } else {
      logger.error({ err: error, ...describe(interaction) }, 'interaction failed');
      content = APOLOGY;
    }
    const payload = { content, flags: MessageFlags.Ephemeral as const, allowedMentions: NO_MENTIONS };
    // A deferred reply is still "thinking": the answer replaces it (it keeps the deferral's ephemerality).
    if (interaction.deferred && !interaction.replied)
      await interaction.editReply({ content, allowedMentions: NO_MENTIONS });
    else if (interaction.replied) await interaction.followUp(payload);
    else await interaction.reply(payload);
  }

  return async function route(interaction: Interaction): Promise<void> {
    const started = performance.now();
    let outcome: InteractionOutcome = 'ok';
    try {
      await dispatch(interaction);
    } catch (error) {
      outcome = isExpired(error) ? 'expired' : isUserFacingError(error) ? 'user_error' : 'error';
      // Discord takes no answer any more: answering again would fail the same way (one more invalid request).
      if (isExpired(error)) {
        logger.warn(
          { err: error, expired: true, ...describe(interaction) },
          'could not answer an interaction',
        );
        return;
      }
      try {
        await answerError(interaction, error);
      } catch (replyError) {
        // Too late (10062) or already answered (40060): the owner cannot be told; the log must say so once.
        const expired = isExpired(replyError);
        logger.warn(
          { err: replyError, expired, ...describe(interaction) },
          'could not answer an interaction',
        );
      }
    } finally {
      observe?.({ kind: kindOf(interaction), outcome, seconds: (performance.now() - started) / 1000 });
    }
  };
}

export type InteractionOutcome = 'ok' | 'user_error' | 'error' | 'expired';

/** One handled interaction, for metrics: what kind, how it ended, how long it took. */
export type InteractionObserver = (event: {
  readonly kind: 'command' | 'autocomplete' | 'button' | 'modal' | 'other';
  readonly outcome: InteractionOutcome;
  readonly seconds: number;
}) => void;

function kindOf(interaction: Interaction): 'command' | 'autocomplete' | 'button' | 'modal' | 'other' {
  if (interaction.isChatInputCommand()) return 'command';
  if (interaction.isAutocomplete()) return 'autocomplete';
  if (interaction.isButton()) return 'button';
  if (interaction.isModalSubmit()) return 'modal';
  return 'other';
}

/** Too late (10062: past Discord's 3 s, or 15 min for follow-ups) or already answered (40060). */
function isExpired(error: unknown): boolean {
  return (
    error instanceof DiscordAPIError &&
    (error.code === RESTJSONErrorCodes.UnknownInteraction ||
      error.code === RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged)
  );
}

class StaleInteraction extends Error {
  override readonly name = 'StaleInteraction';
}
