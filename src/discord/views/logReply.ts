import { ActionRowBuilder, ButtonBuilder, ButtonStyle, EmbedBuilder, userMention } from 'discord.js';
import type { Outcome } from '../../domain/coach.js';
import { readBackLine } from '../../domain/words.js';
import type { LogView, OfferAnswerView } from '../../services/sessions.js';
import { encodeCustomId } from '../components/customId.js';
import { clip, COLOURS, DISCORD_LIMITS, NO_MENTIONS, ownerText } from './common.js';

const OUTCOME_COLOUR: Readonly<Record<Outcome, number>> = {
  good: COLOURS.good,
  neutral: COLOURS.neutral,
  stop: COLOURS.stop,
  step_back: COLOURS.stepBack,
  pain: COLOURS.pain,
};

/** The buttons that let the owner decide about an offered stage. */
export function offerButtons(view: NonNullable<LogView['offer']>) {
  return new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder()
      .setCustomId(encodeCustomId({ kind: 'offer', catId: view.catId, from: view.from, accept: true }))
      .setStyle(ButtonStyle.Success)
      .setLabel(clip(`Move on to ${view.to.name}`, DISCORD_LIMITS.buttonLabel)),
    new ButtonBuilder()
      .setCustomId(encodeCustomId({ kind: 'offer', catId: view.catId, from: view.from, accept: false }))
      .setStyle(ButtonStyle.Secondary)
      .setLabel('Stay a little longer'),
  );
}

/** Households: a co-owner sees an offered stage, and that the cat's owner decides. */
export function ownerDecidesLine(ownerId: string): string {
  return `Moving on is ${userMention(ownerId)}'s call as the owner: the offer waits for them in \`/progress\`.`;
}

/** The /log reply: what was read, what the rules concluded, encouragement and the next tiny step. */
export function renderLogReply(view: LogView) {
  const readBack = view.items.map((i) => readBackLine(i.label, i.severity, i.expected));
  const embed = new EmbedBuilder()
    .setColor(OUTCOME_COLOUR[view.outcome])
    .setTitle(
      clip(`${view.catName} · ${view.stage.name} (${view.stage.position}/8)`, DISCORD_LIMITS.embedTitle),
    )
    .setDescription(view.headline)
    .addFields({
      name: 'What I read',
      value: clip(
        readBack.length > 0 ? readBack.join('\n') : (view.nothingRecognised ?? '—'),
        DISCORD_LIMITS.fieldValue,
      ),
    });
  if (view.keptText !== null) {
    embed.addFields({ name: 'Kept as a note', value: ownerText(view.keptText, 900) });
  }
  if (view.setAside.length > 0) {
    const line = view.setAside.map((s) => `“${s.text}” (${s.why})`).join(', ');
    embed.addFields({ name: 'Not counted', value: ownerText(`Kept as a note, not graded: ${line}`, 500) });
  }
  if (view.note !== null) embed.addFields({ name: 'Your note', value: ownerText(view.note, 900) });
  const lines =
    view.offer !== null && view.sharedBy !== null
      ? [...view.lines, ownerDecidesLine(view.sharedBy)]
      : view.lines;
  if (lines.length > 0) {
    embed.addFields({ name: 'What it means', value: clip(lines.join('\n'), DISCORD_LIMITS.fieldValue) });
  }
  embed.addFields({ name: 'Next tiny step', value: clip(view.nextStep, DISCORD_LIMITS.fieldValue) });
  const minutes = view.minutes === null ? '' : ` · ${view.minutes} min`;
  embed.setFooter({ text: `Session #${view.sessionId}${minutes}` });
  return {
    embeds: [embed],
    // The owner alone answers an offer for a shared cat.
    components: view.offer && view.sharedBy === null ? [offerButtons(view.offer)] : [],
    allowedMentions: NO_MENTIONS,
  };
}

/** What replaces the offer message once the owner has decided. */
export function renderOfferAnswer(view: OfferAnswerView) {
  const embed = new EmbedBuilder()
    .setColor(view.accepted ? COLOURS.good : COLOURS.neutral)
    .setTitle(
      clip(`${view.catName} · ${view.stage.name} (${view.stage.position}/8)`, DISCORD_LIMITS.embedTitle),
    )
    .setDescription(clip(view.text, DISCORD_LIMITS.embedDescription));
  return { embeds: [embed], components: [], allowedMentions: NO_MENTIONS };
}
