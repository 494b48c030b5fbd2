import { ActionRowBuilder, ButtonBuilder, ButtonStyle, EmbedBuilder } from 'discord.js';
import { AUTO_PAUSE_TEXT, checkInConfirmText, checkInHint, seedFrom } from '../../domain/words.js';
import type { CheckInView, DmView } from '../../services/ports.js';
import { encodeCustomId } from '../components/customId.js';
import { clip, COLOURS, DISCORD_LIMITS, NO_MENTIONS } from './common.js';
import { sharedWithYouText } from './householdViews.js';

/**
 * The line under a check-in: how to use its buttons, or (no cat yet) the command that adds one. Seeded by
 * owner and day like the opener, so a re-send reads the same.
 */
export function checkInFooter(view: CheckInView): string {
  return checkInHint(view.cats.length > 0, seedFrom(view.ownerId, view.localDate));
}

/** The daily DM: the cats, today's tiny step for each, and buttons to log, skip or pause. */
export function renderCheckIn(view: CheckInView) {
  const embed = new EmbedBuilder()
    .setColor(view.nudge ? COLOURS.neutral : COLOURS.brand)
    .setTitle(view.nudge ? 'A gentle hello' : 'Today’s tiny step')
    .setDescription(clip(view.opener, DISCORD_LIMITS.embedDescription))
    .addFields(
      view.cats.slice(0, 20).map((c) => ({
        name: clip(
          `${c.name}${c.shared === true ? ' (shared)' : ''} · ${c.stageName} (${c.position}/8)`,
          DISCORD_LIMITS.fieldName,
        ),
        value: clip(c.step, DISCORD_LIMITS.fieldValue),
      })),
    )
    .setFooter({ text: clip(checkInFooter(view), DISCORD_LIMITS.footer) });
  const onlyCat = view.cats.length === 1 ? (view.cats[0]?.id ?? null) : null;
  const buttons = new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder()
      .setCustomId(encodeCustomId({ kind: 'checkInLog', ownerId: view.ownerId, catId: onlyCat }))
      .setStyle(ButtonStyle.Primary)
      .setLabel('Logged a session'),
    new ButtonBuilder()
      .setCustomId(encodeCustomId({ kind: 'checkInSkip', ownerId: view.ownerId }))
      .setStyle(ButtonStyle.Secondary)
      .setLabel('Skipped today'),
    new ButtonBuilder()
      .setCustomId(encodeCustomId({ kind: 'checkInPause', ownerId: view.ownerId }))
      .setStyle(ButtonStyle.Secondary)
      .setLabel('Pause a week'),
  );
  return { embeds: [embed.toJSON()], components: [buttons.toJSON()], allowed_mentions: NO_MENTIONS };
}

/** The words of a plain-text DM (everything but the daily check-in, which is an embed with buttons). */
export function dmText(message: Exclude<DmView, { kind: 'checkIn' }>): string {
  switch (message.kind) {
    case 'checkInConfirm':
      return checkInConfirmText(message.time, message.timezone);
    case 'autoPause':
      return AUTO_PAUSE_TEXT;
    case 'catShared':
      return sharedWithYouText(message.sharedBy, message.catName);
  }
}
