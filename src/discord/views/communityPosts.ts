import { EmbedBuilder, userMention } from 'discord.js';
import type { DigestView, WinPostView } from '../../services/ports.js';
import { clip, COLOURS, DISCORD_LIMITS, NO_MENTIONS, ownerText } from './common.js';

export const PHOTO_NAME_PREFIX = 'win-photo';

/** A shared win or milestone: credited to the owner (a mention that pings nobody), with the cat and stage. */
export function renderWinPost(view: WinPostView) {
  const photoName = view.photo ? `${PHOTO_NAME_PREFIX}.${extensionOf(view.photo.contentType)}` : null;
  const title =
    view.catName === null
      ? view.milestone
        ? 'Milestone!'
        : 'A win!'
      : `${view.milestone ? 'Milestone' : 'A win'} for ${view.catName}!`;
  const embed = new EmbedBuilder()
    .setColor(COLOURS.good)
    .setTitle(clip(`🎉 ${title}`, DISCORD_LIMITS.embedTitle))
    .setDescription(ownerText(view.message, 3000));
  if (view.stageName !== null && view.position !== null) {
    embed.addFields({
      name: 'Stage',
      value: clip(`${view.stageName} (${view.position}/8)`, DISCORD_LIMITS.fieldValue),
      inline: true,
    });
  }
  if (photoName) embed.setImage(`attachment://${photoName}`);
  if (view.photoFailed)
    embed.setFooter({ text: 'The photo could not be fetched, so here are the words on their own.' });
  return {
    body: {
      content: `Shared by ${userMention(view.ownerId)}`,
      embeds: [embed.toJSON()],
      allowed_mentions: NO_MENTIONS,
      ...(photoName ? { attachments: [{ id: '0', filename: photoName }] } : {}),
    },
    files:
      view.photo && photoName
        ? [{ name: photoName, data: view.photo.data, contentType: view.photo.contentType }]
        : [],
  };
}

function extensionOf(contentType: string): string {
  const sub = contentType.split('/')[1]?.split(';')[0]?.trim() ?? 'png';
  return sub === 'jpeg' ? 'jpg' : /^[a-z0-9]{2,5}$/.test(sub) ? sub : 'png';
}

/** The weekly digest: wins and milestones, never a list of who did not train. */
export function renderDigest(view: DigestView) {
  const line = (w: { ownerId: string; catName: string | null; message: string }) =>
    `• ${userMention(w.ownerId)}${w.catName ? ` & ${w.catName}` : ''}: ${ownerText(w.message, 150)}`;
  const embed = new EmbedBuilder()
    .setColor(COLOURS.brand)
    .setTitle(clip(`This week’s wins (${view.weekKey})`, DISCORD_LIMITS.embedTitle));
  const wins = view.wins.map(line);
  const milestones = view.milestones.map(line);
  if (wins.length > 0)
    embed.addFields({ name: 'Shared wins', value: joinWithin(wins, DISCORD_LIMITS.fieldValue) });
  if (milestones.length > 0)
    embed.addFields({ name: 'Milestones', value: joinWithin(milestones, DISCORD_LIMITS.fieldValue) });
  if (view.trendLine !== null) embed.setDescription(clip(view.trendLine, 500));
  return { body: { embeds: [embed.toJSON()], allowed_mentions: NO_MENTIONS }, files: [] };
}

/** Joins lines up to a limit, saying how many more there were instead of cutting one in half. */
function joinWithin(lines: readonly string[], max: number): string {
  const kept: string[] = [];
  let length = 0;
  for (const [index, l] of lines.entries()) {
    const more = `…and ${lines.length - index} more`;
    if (length + l.length + 1 + more.length > max) {
      kept.push(more);
      break;
    }
    kept.push(l);
    length += l.length + 1;
  }
  return kept.join('\n');
}
