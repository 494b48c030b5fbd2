import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIButtonComponentWithCustomId,
  type APIEmbed,
} from 'discord.js';
import { AUTO_PAUSE_TEXT, checkInConfirmText, checkInHint, seedFrom } from '../../domain/words.js';
import type { CheckInView, DmView } from '../../services/ports.js';
import { encodeCustomId } from '../components/customId.js';
import { clip, COLOURS, DISCORD_LIMITS, NO_MENTIONS } from './common.js';
import { sharedWithYouText } from './householdViews.js';
import { renderSessionTimerDone } from './sessionTimerViews.js';

/**
 * The line under a check-in: how to use its buttons, or (no cat yet) the command that adds one. Seeded by
 * owner and day like the opener, so a re-send reads the same.
 */
export function checkInFooter(view: CheckInView): string {
  return checkInHint(view.cats.length > 0, seedFrom(view.ownerId, view.localDate));
}

/**
 * The daily DM: the cats, today's tiny step for each, and buttons to log, skip or pause. Built as plain
 * API objects rather than with discord.js builders: it is rendered once per owner in the fan-out, and the
 * builders' validation cost ~10 % of the fan-out's CPU (bench item 5pg). Every text is clipped to
 * Discord's limit here, and the tests check the payload against Discord's own schema.
 */
export function renderCheckIn(view: CheckInView) {
  const embed: APIEmbed = {
    color: view.nudge ? COLOURS.neutral : COLOURS.brand,
    title: view.nudge ? 'A gentle hello' : 'Today’s tiny step',
    description: clip(view.opener, DISCORD_LIMITS.embedDescription),
    fields: view.cats.slice(0, 20).map((c) => ({
      name: clip(
        `${c.name}${c.shared === true ? ' (shared)' : ''} · ${c.stageName} (${c.position}/8)`,
        DISCORD_LIMITS.fieldName,
      ),
      value: clip(c.step, DISCORD_LIMITS.fieldValue),
    })),
    footer: { text: clip(checkInFooter(view), DISCORD_LIMITS.footer) },
  };
  const onlyCat = view.cats.length === 1 ? (view.cats[0]?.id ?? null) : null;
  const button = (custom_id: string, style: ButtonStyle.Primary | ButtonStyle.Secondary, label: string) =>
    ({ type: ComponentType.Button, custom_id, style, label }) satisfies APIButtonComponentWithCustomId;
  const buttons: APIActionRowComponent<APIButtonComponentWithCustomId> = {
    type: ComponentType.ActionRow,
    components: [
      button(
        encodeCustomId({ kind: 'checkInLog', ownerId: view.ownerId, catId: onlyCat }),
        ButtonStyle.Primary,
        'Logged a session',
      ),
      button(
        encodeCustomId({ kind: 'checkInSkip', ownerId: view.ownerId }),
        ButtonStyle.Secondary,
        'Skipped today',
      ),
      button(
        encodeCustomId({ kind: 'checkInPause', ownerId: view.ownerId }),
        ButtonStyle.Secondary,
        'Pause a week',
      ),
    ],
  };
  return { embeds: [embed], components: [buttons], allowed_mentions: NO_MENTIONS };
}

/** The words of a DM other than the daily check-in (a timer's end also has a button: see the notifier). */
export function dmText(message: Exclude<DmView, { kind: 'checkIn' }>): string {
  switch (message.kind) {
    case 'checkInConfirm':
      return checkInConfirmText(message.time, message.timezone);
    case 'autoPause':
      return AUTO_PAUSE_TEXT;
    case 'sessionTimerDone':
      return renderSessionTimerDone(message.view).content;
    case 'catShared':
      return sharedWithYouText(message.sharedBy, message.catName);
  }
}
