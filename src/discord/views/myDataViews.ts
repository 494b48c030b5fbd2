import { ActionRowBuilder, AttachmentBuilder, ButtonBuilder, ButtonStyle } from 'discord.js';
import type { DeleteEverywhereSummary, DeletePreview, OwnerExport } from '../../services/myData.js';
import { encodeCustomId } from '../components/customId.js';
import { NO_MENTIONS } from './common.js';

/** The export as files: one JSON with everything, plus a CSV of sessions per cat. */
export function renderExport(data: OwnerExport, csvs: readonly { filename: string; csv: string }[]) {
  const json = Buffer.from(JSON.stringify(data, null, 2), 'utf8');
  return {
    content:
      data.settings === null && data.cats.length === 0
        ? 'I have nothing stored about you, but here is the (empty) file anyway.'
        : 'Here is everything I have stored about you. The CSV files open in any spreadsheet, handy for a vet or behaviourist.',
    files: [
      new AttachmentBuilder(json, { name: 'leash-coach-export.json' }),
      ...csvs.slice(0, 9).map((c) => new AttachmentBuilder(Buffer.from(c.csv, 'utf8'), { name: c.filename })),
    ],
    allowedMentions: NO_MENTIONS,
  };
}

/** Households in the delete confirmation: shared cats go for everyone; cats shared with them stay. */
function householdLines(preview: DeletePreview): string[] {
  const lines: string[] = [];
  const shared = preview.sharedCats;
  if (shared.length > 0) {
    const names = shared.map((n) => `**${n}**`).join(', ');
    lines.push(
      `${names} ${shared.length === 1 ? 'is' : 'are'} shared with other people: deleting removes ${shared.length === 1 ? 'that cat' : 'those cats'} for them too.`,
    );
  }
  if (preview.catsSharedWithThem > 0) {
    lines.push('The sessions you logged for cats shared with you go too; those cats stay with their owners.');
  }
  return lines;
}

export function renderDeleteConfirm(
  ownerId: string,
  preview: DeletePreview = { sharedCats: [], catsSharedWithThem: 0 },
) {
  return {
    content: [
      'Delete **everything** I know about you: your cats, every session, check-in settings, and the wins I posted for you in servers? This cannot be undone. (Tip: `/mydata export` first if you want a copy.)',
      ...householdLines(preview),
    ].join('\n'),
    components: [
      new ActionRowBuilder<ButtonBuilder>().addComponents(
        new ButtonBuilder()
          .setCustomId(encodeCustomId({ kind: 'deleteData', ownerId, confirm: true }))
          .setStyle(ButtonStyle.Danger)
          .setLabel('Delete everything'),
        new ButtonBuilder()
          .setCustomId(encodeCustomId({ kind: 'deleteData', ownerId, confirm: false }))
          .setStyle(ButtonStyle.Secondary)
          .setLabel('Keep my data'),
      ),
    ],
    allowedMentions: NO_MENTIONS,
  };
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** The answer once /mydata delete is done: what went, and any post the bot could not reach. */
export function renderDeleted(summary: DeleteEverywhereSummary) {
  const parts = [
    `Done. Everything I knew about you is gone (${plural(summary.cats, 'cat', 'cats')}, ${plural(summary.sessions, 'session', 'sessions')}). If you come back, you start fresh.`,
  ];
  if (summary.postsRemoved > 0)
    parts.push(
      `I also removed the ${plural(summary.postsRemoved, 'post', 'posts')} I had made for you in servers.`,
    );
  if (summary.postsLeft > 0)
    parts.push(
      `${plural(summary.postsLeft, 'post', 'posts')} I made for you could not be removed, because I can no longer reach ${summary.postsLeft === 1 ? 'its channel' : 'their channels'}; a server moderator can delete ${summary.postsLeft === 1 ? 'it' : 'them'}.`,
    );
  return { content: parts.join(' '), components: [], allowedMentions: NO_MENTIONS };
}
