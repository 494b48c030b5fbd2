/**
 * The registered slash command definitions, read back from the local Discord server as plain data, and
 * how to describe them to a person at a terminal.
 */

/** Discord's application command option types. */
export const OptionType = {
  Subcommand: 1,
  SubcommandGroup: 2,
  String: 3,
  Integer: 4,
  Boolean: 5,
  User: 6,
  Channel: 7,
  Role: 8,
  Mentionable: 9,
  Number: 10,
  Attachment: 11,
} as const;

export interface Choice {
  readonly name: string;
  readonly value: string | number;
}

export interface OptionDef {
  readonly name: string;
  readonly description: string;
  readonly type: number;
  readonly required: boolean;
  readonly autocomplete: boolean;
  readonly choices: readonly Choice[];
  readonly minValue: number | undefined;
  readonly maxValue: number | undefined;
  readonly minLength: number | undefined;
  readonly maxLength: number | undefined;
  /** Subcommands and groups only. */
  readonly options: readonly OptionDef[];
}

export interface CommandDef {
  readonly name: string;
  readonly description: string;
  readonly options: readonly OptionDef[];
}

type Json = Record<string, unknown>;

const obj = (v: unknown): Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {};
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? (v as unknown[]) : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

function toOption(raw: unknown): OptionDef {
  const o = obj(raw);
  return {
    name: str(o.name),
    description: str(o.description),
    type: num(o.type) ?? OptionType.String,
    required: o.required === true,
    autocomplete: o.autocomplete === true,
    choices: arr(o.choices).map((c) => {
      const choice = obj(c);
      return {
        name: str(choice.name),
        value: typeof choice.value === 'number' ? choice.value : str(choice.value),
      };
    }),
    minValue: num(o.min_value),
    maxValue: num(o.max_value),
    minLength: num(o.min_length),
    maxLength: num(o.max_length),
    options: arr(o.options).map(toOption),
  };
}

/** Chat-input commands from the registered definitions (Discord's JSON shape), sorted by name. */
export function toCommandDefs(registered: readonly unknown[]): CommandDef[] {
  return registered
    .map(obj)
    .filter((c) => c.type === undefined || c.type === 1)
    .map((c) => ({
      name: str(c.name),
      description: str(c.description),
      options: arr(c.options).map(toOption),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export const isSubcommand = (o: OptionDef): boolean =>
  o.type === OptionType.Subcommand || o.type === OptionType.SubcommandGroup;

/** One runnable form of a command: `/cat add`, `/log`, with its leaf options. */
export interface Variant {
  readonly path: readonly string[];
  readonly description: string;
  readonly options: readonly OptionDef[];
}

export function variantsOf(command: CommandDef): Variant[] {
  const walk = (path: string[], description: string, options: readonly OptionDef[]): Variant[] => {
    const subs = options.filter(isSubcommand);
    if (subs.length === 0) return [{ path, description, options }];
    return subs.flatMap((s) => walk([...path, s.name], s.description, s.options));
  };
  return walk([command.name], command.description, command.options);
}

/** A short description of what an option takes: `integer 1–240`, `text ≤ 32`, `one of: a, b`. */
export function describeType(option: OptionDef): string {
  if (option.choices.length > 0) return `one of: ${option.choices.map((c) => String(c.value)).join(', ')}`;
  switch (option.type) {
    case OptionType.Integer:
    case OptionType.Number: {
      const kind = option.type === OptionType.Integer ? 'integer' : 'number';
      if (option.minValue !== undefined && option.maxValue !== undefined)
        return `${kind} ${option.minValue}–${option.maxValue}`;
      if (option.minValue !== undefined) return `${kind} ≥ ${option.minValue}`;
      if (option.maxValue !== undefined) return `${kind} ≤ ${option.maxValue}`;
      return kind;
    }
    case OptionType.Boolean:
      return 'true or false';
    case OptionType.User:
      return 'a user: you, or a name used with `as`';
    case OptionType.Channel:
      return 'a channel, like #wins';
    case OptionType.Role:
    case OptionType.Mentionable:
      return 'a role or user';
    case OptionType.Attachment:
      return 'a file path';
    default: {
      const limit = option.maxLength !== undefined ? ` ≤ ${option.maxLength}` : '';
      return `text${limit}${option.autocomplete ? ', suggestions with Tab' : ''}`;
    }
  }
}

/** `/log what:<…> [minutes:<…>] [cat:<…>] [note:<…>]` */
export function usageLine(variant: Variant): string {
  const opts = variant.options.map((o) => (o.required ? `${o.name}:<…>` : `[${o.name}:<…>]`));
  return [`/${variant.path.join(' ')}`, ...opts].join(' ');
}

/** The options of one variant, a line each, for error messages and `?`. */
export function describeOptions(variant: Variant, indent = '  '): string {
  if (variant.options.length === 0) return `${indent}(no options)`;
  const width = Math.max(...variant.options.map((o) => o.name.length));
  return variant.options
    .map((o) => {
      const what = [o.required ? 'required' : 'optional', describeType(o)].join(', ');
      return `${indent}${o.name.padEnd(width)}  ${what}${o.description ? ` — ${o.description}` : ''}`;
    })
    .join('\n');
}

/** Every command, one usage line each with its description. */
export function describeCommands(commands: readonly CommandDef[]): string {
  const variants = commands.flatMap(variantsOf);
  const lines = variants.map((v) => ({ usage: usageLine(v), description: v.description }));
  return lines.map((l) => `  ${l.usage}\n      ${l.description}`).join('\n');
}
