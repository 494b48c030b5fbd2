import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  EmbedBuilder,
  time,
  TimestampStyles,
  userMention,
} from 'discord.js';
import { nextTinyStep, seedFrom } from '../../domain/words.js';
import type { CatSummary } from '../../services/cats.js';
import { encodeCustomId } from '../components/customId.js';
import { clip, COLOURS, DISCORD_LIMITS, NO_MENTIONS } from './common.js';

// Cat names are checked at input (no markdown, no mention markup), so they can be shown as they are.
const stageLine = (cat: Pick<CatSummary, 'stageName' | 'position'>) => `${cat.stageName} (${cat.position}/8)`;

export function renderCatAdded(cat: CatSummary) {
  return {
    content: `Welcome, **${cat.name}**! Starting at **${stageLine(cat)}**.\nFirst tiny step: ${nextTinyStep(cat.stage, seedFrom(cat.id))}\nLog each session with \`/log\`.`,
    allowedMentions: NO_MENTIONS,
  };
}

/** Households on a /cat list line: whose a shared cat is, or who the caller's own cat is shared with. */
function householdNote(cat: CatSummary & { readonly coOwners?: readonly string[] }): string {
  if (cat.sharedBy !== null) return ` · shared by ${userMention(cat.sharedBy)}`;
  const with_ = cat.coOwners ?? [];
  return with_.length === 0 ? '' : ` · shared with ${with_.map((id) => userMention(id)).join(', ')}`;
}

export function renderCatList(catsList: readonly (CatSummary & { readonly coOwners?: readonly string[] })[]) {
  if (catsList.length === 0) {
    return { content: 'No cats yet. Add one with `/cat add name:<name>`.', allowedMentions: NO_MENTIONS };
  }
  const lines = catsList.map((c) => {
    const last =
      c.lastSessionAt === null
        ? 'no sessions yet'
        : `last session ${time(c.lastSessionAt, TimestampStyles.RelativeTime)}`;
    return `**${c.name}** · ${stageLine(c)} · ${last}${householdNote(c)}`;
  });
  const embed = new EmbedBuilder()
    .setColor(COLOURS.brand)
    .setTitle('Your cats')
    .setDescription(clip(lines.join('\n'), DISCORD_LIMITS.embedDescription));
  return { embeds: [embed], allowedMentions: NO_MENTIONS };
}

export function renderCatRenamed(oldName: string, cat: CatSummary) {
  return {
    content: `Done: **${oldName}** is now **${cat.name}**. Their history comes along.`,
    allowedMentions: NO_MENTIONS,
  };
}

export function renderRemoveConfirm(
  ownerId: string,
  cat: CatSummary & { sessions: number; coOwners?: number },
) {
  const history = cat.sessions === 1 ? '1 session' : `${cat.sessions} sessions`;
  const people = cat.coOwners ?? 0;
  const shared =
    people === 0
      ? ''
      : ` They are shared with ${people === 1 ? '1 person' : `${String(people)} people`}, who lose them too.`;
  return {
    content: `Remove **${cat.name}** and their history (${history})?${shared} This cannot be undone.`,
    components: [
      new ActionRowBuilder<ButtonBuilder>().addComponents(
        new ButtonBuilder()
          .setCustomId(encodeCustomId({ kind: 'removeCat', ownerId, catId: cat.id, confirm: true }))
          .setStyle(ButtonStyle.Danger)
          .setLabel(clip(`Remove ${cat.name}`, DISCORD_LIMITS.buttonLabel)),
        new ButtonBuilder()
          .setCustomId(encodeCustomId({ kind: 'removeCat', ownerId, catId: cat.id, confirm: false }))
          .setStyle(ButtonStyle.Secondary)
          .setLabel('Keep'),
      ),
    ],
    allowedMentions: NO_MENTIONS,
  };
}

export function renderStageSet(result: { cat: CatSummary; changed: boolean }) {
  const content = result.changed
    ? `**${result.cat.name}** is now at **${stageLine(result.cat)}**. Next tiny step: ${nextTinyStep(result.cat.stage, seedFrom(result.cat.id))}`
    : `**${result.cat.name}** is already at **${stageLine(result.cat)}**. Nothing to change.`;
  return { content, allowedMentions: NO_MENTIONS };
}
