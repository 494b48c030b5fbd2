/**
 * Reads what a newcomer types the way Discord's client would: `/name [subcommand] key:value key:"quoted"`.
 * A value runs until the next ` key:` token; option types come from the registered command definition.
 */
import { editDistance } from '../../src/domain/editDistance.js';
import type { FakeAttachmentInput, FakeUser, OptionValue } from '@leash-coach/fake-discord';
import {
  OptionType,
  describeOptions,
  describeType,
  isSubcommand,
  usageLine,
  variantsOf,
  type Choice,
  type CommandDef,
  type OptionDef,
  type Variant,
} from './commands.js';

/** Something wrong with what was typed; the message says what and how to fix it. */
export class ParseError extends Error {
  override readonly name = 'ParseError';
}

/** How names typed at the prompt become Discord objects (users, channels, files). */
export interface Resolvers {
  /** A user by name (`you`, or one used with `as`), or undefined. */
  user(name: string): FakeUser | undefined;
  userNames(): string[];
  /** A channel id by name (`wins`), or undefined. */
  channel(name: string): string | undefined;
  channelNames(): string[];
  /** Reads a file to attach; throws an Error whose message says what went wrong. */
  file(path: string): FakeAttachmentInput;
}

export interface ParsedCommand {
  readonly name: string;
  readonly subcommandGroup: string | undefined;
  readonly subcommand: string | undefined;
  readonly options: Record<string, OptionValue>;
  readonly variant: Variant;
}

export interface RawPair {
  readonly key: string;
  readonly value: string;
  readonly quoted: boolean;
  /** Where the value starts in the text that was scanned. */
  readonly valueStart: number;
}

const KEY = /^([A-Za-z][\w-]*):/;
const OPEN_QUOTES = new Set(['"', '“', '”']);
const CLOSE_QUOTES = new Set(['"', '”', '“']);

/** Where the head (`/cat add`) ends and the `key:value` part begins. */
export function splitHead(line: string): { head: string[]; rest: string; restStart: number } {
  const head: string[] = [];
  const re = /\S+/g;
  let match: RegExpExecArray | null;
  while ((match = re.exec(line)) !== null) {
    if (KEY.test(match[0])) return { head, rest: line.slice(match.index), restStart: match.index };
    head.push(match[0]);
  }
  return { head, rest: '', restStart: line.length };
}

/**
 * Splits `what:sniffed, took a treat cat:Mochi` into pairs. A new pair starts at a known option name
 * followed by `:`, or at any `word:` directly followed by a value (so typos are reported, not swallowed);
 * `http://` and `it: a lot` stay inside values. `partial` tolerates an unclosed quote (for completion).
 */
export function scanPairs(rest: string, known: ReadonlySet<string>, partial = false): RawPair[] {
  const pairs: RawPair[] = [];
  let i = 0;
  const skipSpace = (): void => {
    while (i < rest.length && /\s/.test(rest.charAt(i))) i++;
  };
  const isKeyAt = (j: number): boolean => {
    if (j > 0 && !/\s/.test(rest.charAt(j - 1))) return false;
    const m = KEY.exec(rest.slice(j));
    if (!m) return false;
    const name = m[1] ?? '';
    if (known.has(name)) return true;
    const after = rest.slice(j + m[0].length);
    return after.length > 0 && !/^\s/.test(after) && !after.startsWith('//');
  };
  skipSpace();
  while (i < rest.length) {
    const m = KEY.exec(rest.slice(i));
    if (!m) {
      const stray = rest.slice(i).split(/\s+/)[0] ?? '';
      throw new ParseError(
        `I expected key:value here, but found "${stray}". Values that contain "key:" need quotes: note:"like: this".`,
      );
    }
    const key = m[1] ?? '';
    i += m[0].length;
    const open = rest.charAt(i);
    if (OPEN_QUOTES.has(open)) {
      const start = i + 1;
      let j = start;
      let value = '';
      while (j < rest.length && !CLOSE_QUOTES.has(rest.charAt(j))) {
        if (rest.charAt(j) === '\\' && j + 1 < rest.length) j++;
        value += rest.charAt(j);
        j++;
      }
      if (j >= rest.length) {
        if (partial) {
          pairs.push({ key, value, quoted: true, valueStart: start });
          return pairs;
        }
        throw new ParseError(`The value of ${key} starts with a quote that is never closed.`);
      }
      i = j + 1;
      if (i < rest.length && !/\s/.test(rest.charAt(i))) {
        throw new ParseError(
          `After the closing quote of ${key}:"…" I expected a space before the next option.`,
        );
      }
      pairs.push({ key, value, quoted: true, valueStart: start });
    } else {
      const start = i;
      let j = i;
      while (j < rest.length && !isKeyAt(j)) j++;
      const raw = rest.slice(start, j);
      const lead = raw.length - raw.trimStart().length;
      pairs.push({ key, value: raw.trim(), quoted: false, valueStart: start + lead });
      i = j;
    }
    skipSpace();
  }
  return pairs;
}

/** `Did you mean "minutes"?` when a name is close to one of `names`. */
export function didYouMean(typed: string, names: readonly string[]): string {
  const lower = typed.toLowerCase();
  const best = names
    .map((n) => ({ n, d: n.startsWith(lower) ? 0 : editDistance(lower, n) }))
    .sort((a, b) => a.d - b.d)[0];
  return best && best.d <= Math.max(1, Math.floor(typed.length / 3)) ? ` Did you mean "${best.n}"?` : '';
}

/** Finds the command and the subcommand words; undefined variant while the head is incomplete. */
export function resolveHead(
  head: readonly string[],
  commands: readonly CommandDef[],
): { command: CommandDef; variant: Variant; group: string | undefined; sub: string | undefined } {
  const first = head[0] ?? '';
  const name = first.replace(/^\//, '').toLowerCase();
  const command = commands.find((c) => c.name === name);
  const allNames = commands.map((c) => c.name);
  if (!command) {
    throw new ParseError(
      `There is no command /${name}.${didYouMean(name, allNames)} The commands are: ${allNames.map((n) => `/${n}`).join(', ')}. Type ? for how to use them.`,
    );
  }
  let options: readonly OptionDef[] = command.options;
  const path = [command.name];
  let group: string | undefined;
  let sub: string | undefined;
  let description = command.description;
  let k = 1;
  while (options.some(isSubcommand)) {
    const word = head[k]?.toLowerCase();
    const subs = options.filter(isSubcommand);
    const subNames = subs.map((s) => s.name);
    const listing = variantsOf({ name: path.join(' '), description: '', options })
      .map((v) => `  ${usageLine(v)}`)
      .join('\n');
    if (word === undefined) {
      throw new ParseError(`/${path.join(' ')} needs one of: ${subNames.join(', ')}.\n${listing}`);
    }
    const found = subs.find((s) => s.name === word);
    if (!found) {
      throw new ParseError(
        `/${path.join(' ')} has no "${word}".${didYouMean(word, subNames)} It has: ${subNames.join(', ')}.\n${listing}`,
      );
    }
    if (found.type === OptionType.SubcommandGroup) group = found.name;
    else sub = found.name;
    path.push(found.name);
    description = found.description;
    options = found.options;
    k++;
  }
  const variant: Variant = { path, description, options };
  if (head.length > k) {
    const extra = head.slice(k).join(' ');
    const hint = options.find((o) => o.required) ?? options[0];
    throw new ParseError(
      `I did not understand "${extra}": options are typed as key:value${hint ? `, like ${hint.name}:${hint.type === OptionType.String ? `"${extra}"` : '…'}` : ''}.\n${usageLine(variant)}\n${describeOptions(variant)}`,
    );
  }
  return { command, variant, group, sub };
}

function convert(variant: Variant, option: OptionDef, raw: string, resolvers: Resolvers): OptionValue {
  const label = `${option.name} (/${variant.path.join(' ')})`;
  const bad = (why: string): never => {
    throw new ParseError(`${label}: ${why}`);
  };
  if (raw === '') bad(`needs a value (${describeType(option)}).`);
  if (option.choices.length > 0) {
    const lower = raw.toLowerCase();
    // Names like "5. Leash drag": match "leash drag", "Leash", or the number "5" too.
    const bare = (c: Choice): string => c.name.toLowerCase().replace(/^\d+\.\s*/, '');
    const choice =
      option.choices.find((c) => String(c.value) === raw) ??
      option.choices.find(
        (c) => String(c.value).toLowerCase() === lower || c.name.toLowerCase() === lower || bare(c) === lower,
      ) ??
      option.choices.find((c) => /^\d+$/.test(raw) && c.name.startsWith(`${raw}.`)) ??
      option.choices.find(
        (c) => bare(c).startsWith(lower) || String(c.value).toLowerCase().startsWith(lower),
      );
    if (!choice) {
      const list = option.choices.map((c) => `  ${String(c.value)}  (${c.name})`).join('\n');
      return bad(`"${raw}" is not one of the choices:\n${list}`);
    }
    return choice.value;
  }
  switch (option.type) {
    case OptionType.Integer:
    case OptionType.Number: {
      const integer = option.type === OptionType.Integer;
      const pattern = integer ? /^[+-]?\d+$/ : /^[+-]?(\d+\.?\d*|\.\d+)$/;
      if (!pattern.test(raw)) bad(`"${raw}" is not ${integer ? 'a whole number' : 'a number'}.`);
      const value = Number(raw);
      if (option.minValue !== undefined && value < option.minValue)
        bad(`${value} is too small (${describeType(option)}).`);
      if (option.maxValue !== undefined && value > option.maxValue)
        bad(`${value} is too large (${describeType(option)}).`);
      return value;
    }
    case OptionType.Boolean: {
      const lower = raw.toLowerCase();
      if (['true', 'yes', 'on', '1'].includes(lower)) return true;
      if (['false', 'no', 'off', '0'].includes(lower)) return false;
      return bad(`"${raw}" is not true or false.`);
    }
    case OptionType.User:
    case OptionType.Mentionable: {
      const name = raw.replace(/^@/, '');
      return (
        resolvers.user(name) ?? bad(`no user "${name}" here (known: ${resolvers.userNames().join(', ')}).`)
      );
    }
    case OptionType.Channel: {
      const name = raw.replace(/^#/, '');
      return (
        resolvers.channel(name) ??
        bad(
          `no channel "#${name}" in this server (it has ${resolvers
            .channelNames()
            .map((c) => `#${c}`)
            .join(', ')}).`,
        )
      );
    }
    case OptionType.Attachment:
      try {
        return resolvers.file(raw);
      } catch (error) {
        return bad(error instanceof Error ? error.message : String(error));
      }
    default: {
      if (option.maxLength !== undefined && raw.length > option.maxLength)
        bad(`that is ${raw.length} characters; Discord allows at most ${option.maxLength} here.`);
      if (option.minLength !== undefined && raw.length < option.minLength)
        bad(`needs at least ${option.minLength} characters.`);
      return raw;
    }
  }
}

/** Parses one slash command line against the registered definitions; throws ParseError with help. */
export function parseCommand(
  line: string,
  commands: readonly CommandDef[],
  resolvers: Resolvers,
): ParsedCommand {
  const trimmed = line.trim();
  if (!trimmed.startsWith('/')) throw new ParseError('Slash commands start with "/", like /help.');
  const { head, rest } = splitHead(trimmed);
  const { command, variant, group, sub } = resolveHead(head, commands);
  const help = (): string => `\n${usageLine(variant)}\n${describeOptions(variant)}`;
  const known = new Set(variant.options.map((o) => o.name));
  let pairs: RawPair[];
  try {
    pairs = scanPairs(rest, known);
  } catch (error) {
    if (error instanceof ParseError) throw new ParseError(`${error.message}${help()}`);
    throw error;
  }
  const options: Record<string, OptionValue> = {};
  for (const pair of pairs) {
    const option = variant.options.find((o) => o.name === pair.key.toLowerCase());
    if (!option) {
      const names = variant.options.map((o) => o.name);
      throw new ParseError(
        `/${variant.path.join(' ')} has no option "${pair.key}".${didYouMean(pair.key, names)} If "${pair.key}:" belongs to a value, put that value in quotes.${help()}`,
      );
    }
    if (option.name in options) throw new ParseError(`${option.name} is given twice.${help()}`);
    try {
      options[option.name] = convert(variant, option, pair.value, resolvers);
    } catch (error) {
      if (error instanceof ParseError) throw new ParseError(`${error.message}${help()}`);
      throw error;
    }
  }
  const missing = variant.options.filter((o) => o.required && !(o.name in options));
  if (missing.length > 0) {
    const list = missing.map((o) => `${o.name}:…`).join(' ');
    throw new ParseError(`/${variant.path.join(' ')} needs ${list}${help()}`);
  }
  return { name: command.name, subcommandGroup: group, subcommand: sub, options, variant };
}
