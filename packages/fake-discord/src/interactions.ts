import { asArray, asNumber, asObject, asString, type JsonObject } from './json.js';
import type { FakeState } from './state.js';
import type { FakeUser, StoredCommand } from './types.js';

/** A file handed to an attachment option. */
export interface FakeAttachmentInput {
  name: string;
  data: Buffer | string;
  contentType?: string;
}

/** Values for command options: strings, numbers, booleans, users (for user/mentionable), ids, attachments. */
export type OptionValue = string | number | boolean | FakeUser | FakeAttachmentInput;

export interface OptionBuildInput {
  options: Record<string, OptionValue>;
  subcommand: string | undefined;
  subcommandGroup: string | undefined;
  focused: string | undefined;
  guildId: string | undefined;
  channelId: string;
}

function describeOptions(defs: JsonObject[]): string {
  return defs.map((d) => `${asString(d.name) ?? '?'} (type ${String(d.type)})`).join(', ') || 'none';
}

function isAttachmentInput(value: OptionValue): value is FakeAttachmentInput {
  return typeof value === 'object' && 'data' in value;
}

/** Turns `{ what: 'sniffed', minutes: 5 }` into Discord's typed option tree plus `resolved`, like the Discord client would. */
export function buildCommandOptions(
  state: FakeState,
  command: StoredCommand,
  input: OptionBuildInput,
): { options: JsonObject[]; resolved: JsonObject } {
  const label = `/${command.name}`;
  const topDefs = asArray(command.options).map(asObject);
  let leafDefs = topDefs;
  let wrap = (opts: JsonObject[]): JsonObject[] => opts;
  const hasSubs = topDefs.some((d) => d.type === 1 || d.type === 2);

  if (input.subcommandGroup !== undefined) {
    const groupName = input.subcommandGroup;
    const group = topDefs.find((d) => d.type === 2 && d.name === groupName);
    if (!group)
      throw new Error(
        `FakeDiscord: ${label} has no subcommand group "${groupName}" (options: ${describeOptions(topDefs)})`,
      );
    const subDefs = asArray(group.options).map(asObject);
    const subName = input.subcommand;
    const sub = subDefs.find((d) => d.type === 1 && d.name === subName);
    if (!sub || subName === undefined) {
      throw new Error(
        `FakeDiscord: ${label} ${groupName} needs a subcommand (has: ${describeOptions(subDefs)})`,
      );
    }
    leafDefs = asArray(sub.options).map(asObject);
    wrap = (opts) => [{ type: 2, name: groupName, options: [{ type: 1, name: subName, options: opts }] }];
  } else if (input.subcommand !== undefined) {
    const subName = input.subcommand;
    const sub = topDefs.find((d) => d.type === 1 && d.name === subName);
    if (!sub)
      throw new Error(
        `FakeDiscord: ${label} has no subcommand "${subName}" (options: ${describeOptions(topDefs)})`,
      );
    leafDefs = asArray(sub.options).map(asObject);
    wrap = (opts) => [{ type: 1, name: subName, options: opts }];
  } else if (hasSubs) {
    throw new Error(`FakeDiscord: ${label} needs a subcommand (has: ${describeOptions(topDefs)})`);
  }

  const resolved: Record<string, JsonObject> = {};
  const addResolved = (kind: string, id: string, value: JsonObject): void => {
    const bucket = resolved[kind] ?? {};
    bucket[id] = value;
    resolved[kind] = bucket;
  };
  const guild = input.guildId !== undefined ? state.guilds.get(input.guildId) : undefined;
  const resolveUser = (user: FakeUser): void => {
    addResolved('users', user.id, { ...user });
    const member = guild?.members.get(user.id);
    if (member) {
      addResolved('members', user.id, {
        ...state.memberApi(member, false),
        permissions: state.permissionsFor(user.id, input.channelId).toString(),
      });
    }
  };

  const values = { ...input.options };
  if (input.focused !== undefined && !(input.focused in values)) values[input.focused] = '';
  const out: JsonObject[] = [];
  for (const def of leafDefs) {
    const name = asString(def.name) ?? '';
    const raw = values[name];
    const type = asNumber(def.type) ?? 3;
    if (raw === undefined) {
      if (def.required === true && input.focused === undefined) {
        throw new Error(
          `FakeDiscord: ${label} requires option "${name}"; Discord would not let the user send it without`,
        );
      }
      continue;
    }
    if (name === input.focused) {
      if (def.autocomplete !== true)
        throw new Error(`FakeDiscord: option "${name}" of ${label} has no autocomplete`);
      out.push({ name, type, value: typeof raw === 'object' ? '' : String(raw), focused: true });
      continue;
    }
    out.push({
      name,
      type,
      value: optionValue(
        state,
        label,
        name,
        def,
        type,
        raw,
        resolveUser,
        addResolved,
        input.focused !== undefined,
      ),
    });
  }
  for (const name of Object.keys(values)) {
    if (!leafDefs.some((d) => d.name === name)) {
      throw new Error(
        `FakeDiscord: ${label} has no option "${name}" (options: ${describeOptions(leafDefs)})`,
      );
    }
  }
  return { options: wrap(out), resolved };
}

function optionValue(
  state: FakeState,
  label: string,
  name: string,
  def: JsonObject,
  type: number,
  raw: OptionValue,
  resolveUser: (user: FakeUser) => void,
  addResolved: (kind: string, id: string, value: JsonObject) => void,
  partial: boolean,
): string | number | boolean {
  const fail = (why: string): never => {
    throw new Error(`FakeDiscord: option "${name}" of ${label}: ${why}`);
  };
  const checkChoices = (value: string | number): void => {
    const choices = asArray(def.choices).map(asObject);
    if (!partial && choices.length > 0 && !choices.some((c) => c.value === value)) {
      fail(
        `${JSON.stringify(value)} is not one of the choices ${JSON.stringify(choices.map((c) => c.value))}`,
      );
    }
  };
  switch (type) {
    case 3: {
      if (typeof raw !== 'string') return fail(`expected a string, got ${JSON.stringify(raw)}`);
      const min = asNumber(def.min_length);
      const max = asNumber(def.max_length);
      if (!partial && min !== undefined && raw.length < min) fail(`shorter than min_length ${min}`);
      if (!partial && max !== undefined && raw.length > max) fail(`longer than max_length ${max}`);
      checkChoices(raw);
      return raw;
    }
    case 4:
    case 10: {
      if (typeof raw !== 'number' || (type === 4 && !Number.isInteger(raw))) {
        return fail(`expected ${type === 4 ? 'an integer' : 'a number'}, got ${JSON.stringify(raw)}`);
      }
      const min = asNumber(def.min_value);
      const max = asNumber(def.max_value);
      if (!partial && min !== undefined && raw < min) fail(`${raw} is below min_value ${min}`);
      if (!partial && max !== undefined && raw > max) fail(`${raw} is above max_value ${max}`);
      checkChoices(raw);
      return raw;
    }
    case 5:
      return typeof raw === 'boolean' ? raw : fail(`expected a boolean, got ${JSON.stringify(raw)}`);
    case 6:
    case 9: {
      if (typeof raw === 'string' && type === 9) {
        const role = [...state.guilds.values()]
          .flatMap((g) => [...g.roles.values()])
          .find((r) => r.id === raw);
        if (role) {
          addResolved('roles', role.id, state.roleApi(role));
          return role.id;
        }
      }
      if (typeof raw !== 'string' && (typeof raw !== 'object' || isAttachmentInput(raw)))
        return fail('expected a user or user id');
      const user = state.resolveUser(raw);
      resolveUser(user);
      return user.id;
    }
    case 7: {
      if (typeof raw !== 'string') return fail('expected a channel id');
      const channel = state.channels.get(raw);
      if (!channel) return fail(`unknown channel ${raw}`);
      const allowedTypes = asArray(def.channel_types);
      if (allowedTypes.length > 0 && !allowedTypes.includes(channel.type))
        fail(`channel type ${channel.type} not in channel_types`);
      addResolved('channels', channel.id, {
        id: channel.id,
        name: channel.name,
        type: channel.type,
        permissions: state.permissionsFor(state.botUser.id, channel.id).toString(),
        ...(channel.guildId !== undefined ? { guild_id: channel.guildId } : {}),
        parent_id: channel.parentId ?? null,
        flags: 0,
      });
      return channel.id;
    }
    case 8: {
      const role = [...state.guilds.values()].flatMap((g) => [...g.roles.values()]).find((r) => r.id === raw);
      if (!role) return fail(`unknown role ${JSON.stringify(raw)}`);
      addResolved('roles', role.id, state.roleApi(role));
      return role.id;
    }
    case 11: {
      if (typeof raw !== 'object' || !isAttachmentInput(raw))
        return fail('expected { name, data, contentType? }');
      const data = typeof raw.data === 'string' ? Buffer.from(raw.data) : raw.data;
      const attachment = state.storeAttachment('uploads', {
        name: raw.name,
        contentType: raw.contentType ?? 'application/octet-stream',
        size: data.length,
        data,
      });
      addResolved('attachments', String(attachment.id), { ...attachment, ephemeral: true });
      return String(attachment.id);
    }
    default:
      return fail(`unsupported option type ${type}`);
  }
}

/** Finds a component by custom_id anywhere in a message's component tree. */
export function findComponent(components: readonly JsonObject[], customId: string): JsonObject | undefined {
  for (const c of components) {
    if (c.custom_id === customId) return c;
    const nested = [
      ...asArray(c.components).map(asObject),
      ...[c.accessory, c.component].filter((x) => x !== undefined).map(asObject),
    ];
    const found = findComponent(nested, customId);
    if (found) return found;
  }
  return undefined;
}

export function listCustomIds(components: readonly JsonObject[]): string[] {
  return components.flatMap((c) => [
    ...(typeof c.custom_id === 'string' ? [c.custom_id] : []),
    ...listCustomIds([
      ...asArray(c.components).map(asObject),
      ...[c.accessory, c.component].filter((x) => x !== undefined).map(asObject),
    ]),
  ]);
}
