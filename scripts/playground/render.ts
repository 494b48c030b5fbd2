/**
 * The bot's messages as terminal text: content with Discord markdown lightly cleaned, embeds as a boxed
 * block, attachments listed, buttons numbered so they can be clicked by typing `click 1`.
 */

type Json = Record<string, unknown>;

const obj = (v: unknown): Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {};
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? (v as unknown[]) : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

export interface RenderOptions {
  /** ANSI bold/colour (stdout is a TTY). */
  readonly ansi: boolean;
  /** Time zone for `<t:…>` timestamps; the system's when omitted. */
  readonly timeZone?: string;
  /** "Now" for relative timestamps. */
  readonly now?: Date;
  /** Columns to wrap embed text at. */
  readonly width?: number;
  /** Names for `<@id>` and `<#id>`. */
  readonly userName?: (id: string) => string | undefined;
  readonly channelName?: (id: string) => string | undefined;
  /** Where an attachment was saved, to print next to it. */
  readonly savedPath?: (fileName: string) => string | undefined;
}

export interface ButtonRef {
  /** 1-based number shown as `[n]`. */
  readonly index: number;
  readonly customId: string;
  readonly label: string;
  readonly disabled: boolean;
}

/** The parts of a recorded message the renderer reads. */
export interface MessageLike {
  readonly content: string;
  readonly embeds: readonly Json[];
  readonly components: readonly Json[];
  readonly files: readonly { readonly name: string; readonly size: number }[];
}

const ESC = '\u001b[';
export const bold = (s: string, ansi: boolean): string => (ansi ? `${ESC}1m${s}${ESC}22m` : s);
export const dim = (s: string, ansi: boolean): string => (ansi ? `${ESC}2m${s}${ESC}22m` : s);
const colour = (s: string, rgb: number | undefined, ansi: boolean): string =>
  ansi && rgb !== undefined
    ? `${ESC}38;2;${(rgb >> 16) & 255};${(rgb >> 8) & 255};${rgb & 255}m${s}${ESC}39m`
    : s;

/** Characters as shown, ignoring ANSI codes (emoji counted as one; close enough for wrapping). */
// eslint-disable-next-line no-control-regex -- ANSI escape sequences start with the ESC control character
const ANSI_CODE = /\u001b\[[0-9;]*m/g;
const visibleLength = (s: string): number => Array.from(s.replace(ANSI_CODE, '')).length;

/** Formats a `<t:seconds:style>` timestamp the way Discord shows it (in English). */
export function formatTimestamp(seconds: number, style: string, options: RenderOptions): string {
  const date = new Date(seconds * 1000);
  const tz = options.timeZone !== undefined ? { timeZone: options.timeZone } : {};
  const fmt = (o: Intl.DateTimeFormatOptions): string =>
    new Intl.DateTimeFormat('en-GB', { ...o, ...tz }).format(date);
  switch (style) {
    case 't':
      return fmt({ hour: '2-digit', minute: '2-digit' });
    case 'T':
      return fmt({ hour: '2-digit', minute: '2-digit', second: '2-digit' });
    case 'd':
      return fmt({ day: 'numeric', month: 'short', year: 'numeric' });
    case 'D':
      return fmt({ day: 'numeric', month: 'long', year: 'numeric' });
    case 'F':
      return fmt({
        weekday: 'long',
        day: 'numeric',
        month: 'long',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
      });
    case 'R': {
      const diff = (date.getTime() - (options.now ?? new Date()).getTime()) / 1000;
      const units: [Intl.RelativeTimeFormatUnit, number][] = [
        ['year', 31_536_000],
        ['month', 2_592_000],
        ['day', 86_400],
        ['hour', 3_600],
        ['minute', 60],
      ];
      const rtf = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
      for (const [unit, size] of units) {
        if (Math.abs(diff) >= size) return rtf.format(Math.round(diff / size), unit);
      }
      return rtf.format(Math.round(diff), 'second');
    }
    default:
      return fmt({ day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' });
  }
}

/** Discord markdown → terminal text: bold stays bold on a TTY, the rest becomes plain. */
export function cleanMarkdown(text: string, options: RenderOptions): string {
  const { ansi } = options;
  // Escaped characters must survive the markup rules: park them first.
  const parked: string[] = [];
  let out = text.replace(/\\([\\*_~`|>#[\]()<-])/g, (_m, ch: string) => {
    parked.push(ch);
    return `\uE000${parked.length - 1}\uE001`;
  });
  out = out
    .replace(/```[\w-]*\n?([\s\S]*?)```/g, (_m, code: string) => code.replace(/\n$/, ''))
    .replace(/<t:(-?\d+)(?::([tTdDfFR]))?>/g, (_m, s: string, style: string | undefined) =>
      formatTimestamp(Number(s), style ?? 'f', options),
    )
    .replace(/<@!?(\d+)>/g, (_m, id: string) => `@${options.userName?.(id) ?? 'someone'}`)
    .replace(/<#(\d+)>/g, (_m, id: string) => `#${options.channelName?.(id) ?? 'a-channel'}`)
    .replace(/<@&(\d+)>/g, '@role')
    .replace(/<a?:(\w+):\d+>/g, ':$1:')
    .replace(/<\/([\w -]+):\d+>/g, '/$1')
    .replace(/\[([^\]\n]+)\]\(<?(https?:\/\/[^)\s>]+)>?\)/g, '$1 ($2)')
    .replace(/<(https?:\/\/[^>\s]+)>/g, '$1')
    .replace(/^#{1,3} +(.+)$/gm, (_m, h: string) => bold(h, ansi))
    .replace(/^-# +(.+)$/gm, (_m, s: string) => dim(s, ansi))
    .replace(/\*\*(?!\s)([\s\S]+?)\*\*/g, (_m, b: string) => bold(b, ansi))
    .replace(/__(?!\s)([\s\S]+?)__/g, '$1')
    .replace(/~~(?!\s)([\s\S]+?)~~/g, '$1')
    .replace(/\|\|(?!\s)([\s\S]+?)\|\|/g, '$1')
    .replace(/(^|[^*\w])\*(?![\s*])([^*\n]+?)\*(?![*\w])/g, '$1$2')
    .replace(/(^|[^_\w])_(?![\s_])([^_\n]+?)_(?![_\w])/g, '$1$2');
  if (ansi) out = out.replace(/`([^`\n]+)`/g, `${ESC}36m$1${ESC}39m`);
  return out.replace(/\uE000(\d+)\uE001/g, (_m, i: string) => parked[Number(i)] ?? '');
}

/** Wraps one line to `width` columns; continuation lines keep its indentation plus `hanging`. */
export function wrap(line: string, width: number, hanging = '  '): string[] {
  if (visibleLength(line) <= width) return [line];
  const lead = /^\s*/.exec(line)?.[0] ?? '';
  const words = line.slice(lead.length).split(' ');
  const lines: string[] = [];
  let current = lead;
  let empty = true;
  for (const word of words) {
    const candidate = empty ? `${current}${word}` : `${current} ${word}`;
    if (visibleLength(candidate) > width && !empty) {
      lines.push(current);
      current = `${lead}${hanging}${word}`;
    } else {
      current = candidate;
    }
    empty = false;
  }
  lines.push(current);
  return lines;
}

/** An embed as a block with a left border: title, description, `name: value` fields, image, footer. */
export function renderEmbed(embed: Json, options: RenderOptions): string[] {
  const { ansi } = options;
  const width = (options.width ?? 80) - 2;
  const rgb = typeof embed.color === 'number' ? embed.color : undefined;
  const bar = colour('│', rgb, ansi);
  const md = (s: string): string => cleanMarkdown(s, options);
  const body: string[] = [];
  const push = (text: string, indent = ''): void => {
    for (const raw of text.split('\n')) body.push(...wrap(`${indent}${raw}`, width));
  };
  const author = str(obj(embed.author).name);
  if (author !== '') push(dim(md(author), ansi));
  const description = str(embed.description);
  if (description !== '') push(md(description));
  const fields = arr(embed.fields).map(obj);
  if (fields.length > 0 && description !== '') body.push('');
  for (const field of fields) {
    const name = md(str(field.name)).trim();
    const value = md(str(field.value));
    const label = bold(name.endsWith(':') || name.endsWith('?') ? name : `${name}:`, ansi);
    const listLike = /^\s*([•\-*]|\d+\.)\s/.test(value);
    if (!value.includes('\n') && !listLike && visibleLength(`${name}: ${value}`) <= width)
      push(`${label} ${value}`);
    else {
      push(label);
      push(value, '  ');
    }
  }
  const image = str(obj(embed.image).url);
  const thumbnail = str(obj(embed.thumbnail).url);
  for (const url of [image, thumbnail].filter((u) => u !== '')) {
    push(`🖼  ${url.startsWith('attachment://') ? url.slice('attachment://'.length) : url}`);
  }
  const title = md(str(embed.title));
  const footerParts = [md(str(obj(embed.footer).text))];
  if (typeof embed.timestamp === 'string') {
    footerParts.push(formatTimestamp(Date.parse(embed.timestamp) / 1000, 'f', options));
  }
  const footer = footerParts.filter((p) => p !== '').join(' · ');
  return [
    `${colour('┌─', rgb, ansi)}${title !== '' ? ` ${bold(title, ansi)}` : ''}`,
    ...body.map((l) => (l === '' ? bar : `${bar} ${l}`)),
    `${colour('└─', rgb, ansi)}${footer !== '' ? ` ${dim(footer, ansi)}` : ''}`,
  ];
}

/** Every button in a component tree, numbered from 1; link buttons are not numbered (no interaction). */
export function buttonsOf(components: readonly Json[]): ButtonRef[] {
  const found: ButtonRef[] = [];
  const walk = (list: readonly unknown[]): void => {
    for (const raw of list) {
      const c = obj(raw);
      if (c.type === 2 && typeof c.custom_id === 'string') {
        const emoji = str(obj(c.emoji).name);
        const label = [emoji, str(c.label)].filter((x) => x !== '').join(' ');
        found.push({ index: found.length + 1, customId: c.custom_id, label, disabled: c.disabled === true });
      }
      walk([...arr(c.components), ...[c.accessory, c.component].filter((x) => x !== undefined)]);
    }
  };
  walk(components);
  return found;
}

/** `[1] Move on to Drape and treat  [2] Stay a little longer`, plus link buttons and menus as text. */
export function renderComponents(components: readonly Json[], options: RenderOptions): string[] {
  const { ansi } = options;
  const lines: string[] = [];
  let n = 0;
  for (const raw of components) {
    const row = obj(raw);
    const children = row.type === 1 ? arr(row.components).map(obj) : [row];
    const parts: string[] = [];
    for (const c of children) {
      if (c.type === 2 && typeof c.custom_id === 'string') {
        n++;
        const emoji = str(obj(c.emoji).name);
        const label = [emoji, str(c.label)].filter((x) => x !== '').join(' ');
        const text = `[${n}] ${label}`;
        parts.push(c.disabled === true ? dim(`${text} (disabled)`, ansi) : bold(text, ansi));
      } else if (c.type === 2 && typeof c.url === 'string') {
        parts.push(`[${str(c.label)} → ${c.url}]`);
      } else if (c.type === 10) {
        lines.push(cleanMarkdown(str(c.content), options));
      } else if (c.type !== undefined && c.type !== 1) {
        parts.push(dim(`(a component of type ${JSON.stringify(c.type)} the playground cannot show)`, ansi));
      }
    }
    if (parts.length > 0) lines.push(parts.join('  '));
  }
  return lines;
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A whole message: content, embeds, attachments, buttons. */
export function renderMessage(
  message: MessageLike,
  options: RenderOptions,
): { lines: string[]; buttons: ButtonRef[] } {
  const lines: string[] = [];
  if (message.content !== '') lines.push(...cleanMarkdown(message.content, options).split('\n'));
  for (const embed of message.embeds) lines.push(...renderEmbed(embed, options));
  for (const file of message.files) {
    const saved = options.savedPath?.(file.name);
    lines.push(`📎 ${file.name} (${formatSize(file.size)})${saved !== undefined ? ` → ${saved}` : ''}`);
  }
  lines.push(...renderComponents(message.components, options));
  const buttons = buttonsOf(message.components);
  if (buttons.some((b) => !b.disabled)) {
    lines.push(dim('Type "click 1" or "click <label>" to press a button.', options.ansi));
  }
  if (lines.length === 0) lines.push(dim('(an empty message)', options.ansi));
  return { lines, buttons };
}

/** The button `click …` means: a number, or a case-insensitive label prefix (exact label first). */
export function pickButton(buttons: readonly ButtonRef[], typed: string): ButtonRef | string {
  const t = typed.trim().toLowerCase();
  if (buttons.length === 0) return 'There is no button to click: the last message from the bot had none.';
  const list = buttons.map((b) => `[${b.index}] ${b.label}`).join('  ');
  if (t === '') return `Click which one? ${list}`;
  const byNumber = /^\[?(\d+)\]?$/.exec(t);
  const plain = (b: ButtonRef): string => b.label.toLowerCase();
  const found = byNumber
    ? buttons.find((b) => b.index === Number(byNumber[1]))
    : (buttons.find((b) => plain(b) === t) ??
      (() => {
        const prefixed = buttons.filter(
          (b) =>
            plain(b).startsWith(t) ||
            plain(b)
              .replace(/^\S+\s/, '')
              .startsWith(t),
        );
        return prefixed.length === 1 ? prefixed[0] : undefined;
      })());
  if (!found) {
    const several = buttons.filter((b) => plain(b).startsWith(t)).length > 1;
    return `${several ? `"${typed.trim()}" matches several buttons` : `No button "${typed.trim()}"`}. The buttons are: ${list}`;
  }
  if (found.disabled) return `"${found.label}" is disabled.`;
  return found;
}
