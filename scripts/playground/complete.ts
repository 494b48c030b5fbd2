/**
 * Tab completion for the prompt: command and subcommand names, option names, choices; for options with
 * autocomplete it says what to ask the bot (the session sends a real autocomplete interaction).
 */
import type { OptionValue } from '@leash-coach/fake-discord';
import { OptionType, isSubcommand, type CommandDef, type OptionDef, type Variant } from './commands.js';
import { ParseError, resolveHead, scanPairs, splitHead } from './parse.js';

export interface AutocompleteRequest {
  readonly name: string;
  readonly subcommandGroup: string | undefined;
  readonly subcommand: string | undefined;
  readonly focused: string;
  /** The other options typed so far that have the right type. */
  readonly options: Record<string, OptionValue>;
  /** What is typed of the focused value (replaced by the chosen suggestion). */
  readonly fragment: string;
}

export type Completion =
  | { readonly kind: 'done'; readonly hits: string[]; readonly fragment: string }
  | { readonly kind: 'ask'; readonly request: AutocompleteRequest };

export const PLAYGROUND_WORDS = ['?', 'help', 'click ', 'as ', 'dms', 'clear', 'exit'];

const none = (fragment: string): Completion => ({ kind: 'done', hits: [], fragment });

function lenientValue(option: OptionDef, raw: string): OptionValue | undefined {
  if (raw === '') return undefined;
  if (option.type === OptionType.Integer) return /^[+-]?\d+$/.test(raw) ? Number(raw) : undefined;
  if (option.type === OptionType.Number) return Number.isFinite(Number(raw)) ? Number(raw) : undefined;
  if (option.type === OptionType.Boolean) return raw === 'true' ? true : raw === 'false' ? false : undefined;
  if (option.type === OptionType.String) return raw;
  return undefined;
}

function completeKeys(variant: Variant, used: ReadonlySet<string>, fragment: string): Completion {
  const hits = variant.options
    .filter((o) => !used.has(o.name) && o.name.startsWith(fragment.toLowerCase()))
    .map((o) => `${o.name}:`);
  return { kind: 'done', hits, fragment };
}

/** What completes `line` (the text before the cursor). */
export function complete(line: string, commands: readonly CommandDef[]): Completion {
  const as = /^as\s+\S+\s+/.exec(line);
  if (as) return complete(line.slice(as[0].length), commands);
  if (!line.startsWith('/')) {
    if (/\s/.test(line)) return none(line);
    const hits = [...commands.map((c) => `/${c.name} `), ...PLAYGROUND_WORDS].filter((w) =>
      w.startsWith(line.toLowerCase()),
    );
    return { kind: 'done', hits, fragment: line };
  }
  if (!/\s/.test(line)) {
    const hits = commands.map((c) => `/${c.name} `).filter((n) => n.startsWith(line.toLowerCase()));
    return { kind: 'done', hits, fragment: line };
  }
  const { head, rest, restStart } = splitHead(line);
  const endsWithSpace = /\s$/.test(line);
  if (rest === '') {
    const fragment = endsWithSpace ? '' : (head[head.length - 1] ?? '');
    const complete = endsWithSpace ? head : head.slice(0, -1);
    try {
      const { variant } = resolveHead(complete, commands);
      return completeKeys(variant, new Set(), fragment);
    } catch (error) {
      if (!(error instanceof ParseError)) throw error;
      // The head is not complete yet: offer the subcommands at this level.
      const command = commands.find((c) => c.name === (complete[0] ?? '').replace(/^\//, ''));
      if (!command) return none(fragment);
      let options = command.options;
      for (const word of complete.slice(1)) {
        options = options.find((o) => isSubcommand(o) && o.name === word)?.options ?? [];
      }
      const hits = options
        .filter((o) => isSubcommand(o) && o.name.startsWith(fragment.toLowerCase()))
        .map((o) => `${o.name} `);
      return { kind: 'done', hits, fragment };
    }
  }
  let resolved: ReturnType<typeof resolveHead>;
  try {
    resolved = resolveHead(head, commands);
  } catch (error) {
    if (error instanceof ParseError) return none('');
    throw error;
  }
  const { variant } = resolved;
  const known = new Set(variant.options.map((o) => o.name));
  let pairs;
  try {
    pairs = scanPairs(rest, known, true);
  } catch (error) {
    if (error instanceof ParseError) return none('');
    throw error;
  }
  const last = pairs[pairs.length - 1];
  if (!last) return none('');
  const used = new Set(pairs.map((p) => p.key));
  // A word being typed after a value may be the start of the next option's name.
  const lastWord = /\s(\S+)$/.exec(line)?.[1];
  if (!endsWithSpace && !last.quoted && lastWord !== undefined && !lastWord.includes(':')) {
    const keys = completeKeys(variant, used, lastWord);
    if (keys.kind === 'done' && keys.hits.length > 0) return keys;
  }
  if (endsWithSpace && !last.quoted && last.value !== '') return completeKeys(variant, used, '');
  const option = variant.options.find((o) => o.name === last.key);
  if (!option) return none('');
  const fragment = line.slice(restStart + last.valueStart);
  if (option.choices.length > 0) {
    const hits = option.choices
      .map((c) => String(c.value))
      .filter((v) => v.toLowerCase().startsWith(fragment.toLowerCase()))
      .map((v) => `${v} `);
    return { kind: 'done', hits, fragment };
  }
  if (option.type === OptionType.Boolean) {
    return { kind: 'done', hits: ['true ', 'false '].filter((v) => v.startsWith(fragment)), fragment };
  }
  if (!option.autocomplete) return none(fragment);
  const options: Record<string, OptionValue> = {};
  for (const pair of pairs.slice(0, -1)) {
    const def = variant.options.find((o) => o.name === pair.key);
    const value = def ? lenientValue(def, pair.value) : undefined;
    if (value !== undefined) options[pair.key] = value;
  }
  return {
    kind: 'ask',
    request: {
      name: resolved.command.name,
      subcommandGroup: resolved.group,
      subcommand: resolved.sub,
      focused: option.name,
      options,
      fragment,
    },
  };
}
