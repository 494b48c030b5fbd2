import { escapeMarkdown, MessageFlags, type APIAllowedMentions } from 'discord.js';

/** Owner text can contain @everyone or <@id>: nothing the bot sends may ping anyone. */
export const NO_MENTIONS: APIAllowedMentions = { parse: [] };

export const EPHEMERAL = MessageFlags.Ephemeral;

export const COLOURS = {
  brand: 0x7c9a6d,
  good: 0x57a55a,
  neutral: 0x6c8ebf,
  stop: 0xe0a030,
  stepBack: 0xd9822b,
  pain: 0xb05ea0,
  error: 0xc0504d,
} as const;

/** Discord's limits, checked before sending. */
export const DISCORD_LIMITS = {
  content: 2000,
  embedTitle: 256,
  embedDescription: 4096,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  embedTotal: 6000,
  buttonLabel: 80,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
} as const;

/**
 * Cuts text to at most `max` UTF-16 units (never more than Discord counts), marking the cut,
 * and never splitting a surrogate pair.
 */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - 1);
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

/** Owner text as safe display text: no markdown tricks, within a length. */
export function ownerText(text: string, max: number): string {
  const flat = text.replace(/[\p{Cc}]/gu, ' ');
  return clip(escapeMarkdown(flat), max);
}
