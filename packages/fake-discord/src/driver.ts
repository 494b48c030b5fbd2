import { randomBytes } from 'node:crypto';
import type {
  AutocompleteChoice,
  AutocompleteInput,
  ClickInput,
  CommandInput,
  InteractionResult,
  ModalSubmitInput,
  WhereInput,
} from './driverTypes.js';
import { buildCommandOptions, findComponent, listCustomIds } from './interactions.js';
import { asArray, asObject, asString, type JsonObject } from './json.js';
import { DEFAULT_EVERYONE_PERMISSIONS, Permission } from './permissions.js';
import type { Route } from './shards.js';
import type { FakeState, InteractionRecord } from './state.js';
import type { FakeUser, RecordedMessage, StoredCommand } from './types.js';
import type { Waiter } from './waiter.js';

export interface DriverDeps {
  state: FakeState;
  waiter: Waiter;
  dispatch: (t: string, d: unknown, route: Route) => void;
}

interface Where {
  user: FakeUser;
  guildId: string | undefined;
  channelId: string;
  context: number;
  memberPermissions: bigint | undefined;
}

/** Drives the bot as users would: slash commands, autocomplete, components and modals. */
export class InteractionDriver {
  constructor(private readonly deps: DriverDeps) {}

  /** Sends a slash command as a user would and resolves when the bot has acknowledged it. */
  async command(input: CommandInput): Promise<InteractionResult> {
    const where = this.where(input);
    const command = this.findCommand(input.name, where.guildId, where.context);
    const { options, resolved } = buildCommandOptions(this.deps.state, command, {
      options: { ...input.options, ...input.attachments },
      subcommand: input.subcommand,
      subcommandGroup: input.subcommandGroup,
      focused: undefined,
      guildId: where.guildId,
      channelId: where.channelId,
    });
    const label = `/${[input.name, input.subcommandGroup, input.subcommand].filter((x) => x !== undefined).join(' ')}`;
    return this.run(2, label, where, input, {
      data: {
        id: command.id,
        name: command.name,
        type: command.type,
        ...(options.length > 0 ? { options } : {}),
        ...(Object.keys(resolved).length > 0 ? { resolved } : {}),
        ...(command.guild_id !== undefined ? { guild_id: command.guild_id } : {}),
      },
    });
  }

  /** Sends an autocomplete interaction and resolves to the choices the bot returned. */
  async autocomplete(input: AutocompleteInput): Promise<AutocompleteChoice[]> {
    const where = this.where(input);
    const command = this.findCommand(input.name, where.guildId, where.context);
    const { options } = buildCommandOptions(this.deps.state, command, {
      options: input.options ?? {},
      subcommand: input.subcommand,
      subcommandGroup: input.subcommandGroup,
      focused: input.focused,
      guildId: where.guildId,
      channelId: where.channelId,
    });
    const result = await this.run(4, `autocomplete /${input.name} ${input.focused}`, where, input, {
      data: {
        id: command.id,
        name: command.name,
        type: command.type,
        options,
        ...(command.guild_id !== undefined ? { guild_id: command.guild_id } : {}),
      },
    });
    return result.choices ?? [];
  }

  /** Clicks a button (or picks select values) on a message the bot sent. */
  async clickButton(input: ClickInput): Promise<InteractionResult> {
    const message = this.resolveMessage(input.message);
    const component = findComponent(message.components, input.customId);
    if (!component) {
      throw new Error(
        `FakeDiscord: message ${message.id} has no component with custom_id "${input.customId}" (has: ${listCustomIds(message.components).join(', ') || 'none'})`,
      );
    }
    if (component.disabled === true)
      throw new Error(`FakeDiscord: component "${input.customId}" is disabled`);
    const componentType = typeof component.type === 'number' ? component.type : 2;
    if (componentType === 2 && (component.style === 5 || component.style === 6)) {
      throw new Error(
        `FakeDiscord: "${input.customId}" is a link/premium button; clicking it sends no interaction`,
      );
    }
    const channel = this.deps.state.channels.get(message.channelId);
    const where = this.where({
      ...input,
      channelId: message.channelId,
      ...(channel?.guildId !== undefined ? { guildId: channel.guildId } : {}),
    });
    return this.run(
      3,
      `component ${input.customId}`,
      where,
      input,
      {
        data: {
          custom_id: input.customId,
          component_type: componentType,
          ...(componentType === 2 ? {} : { values: input.values ?? [] }),
        },
        message: this.deps.state.messageApi(message),
      },
      message.id,
    );
  }

  /** Submits a modal the bot showed. */
  async submitModal(input: ModalSubmitInput): Promise<InteractionResult> {
    const modal = input.from?.modal;
    if (input.from && !modal)
      throw new Error(
        `FakeDiscord: interaction ${input.from.id} did not answer with a modal (type ${input.from.type})`,
      );
    const customId = input.customId ?? asString(modal?.custom_id);
    if (customId === undefined) throw new Error('FakeDiscord: submitModal needs customId or from');
    const fromRecord = input.from ? this.deps.state.interactions.get(input.from.id) : undefined;
    const channelId = input.channelId ?? fromRecord?.channelId;
    const guildId = input.guildId ?? fromRecord?.guildId;
    const user = input.user ?? fromRecord?.user;
    const where = this.where({
      ...input,
      ...(channelId !== undefined ? { channelId } : {}),
      ...(guildId !== undefined ? { guildId } : {}),
      ...(user !== undefined ? { user } : {}),
    });

    let components: JsonObject[];
    if (modal) {
      const known = listCustomIds(asArray(modal.components).map(asObject));
      const unknown = Object.keys(input.fields).filter((k) => !known.includes(k));
      if (unknown.length > 0)
        throw new Error(
          `FakeDiscord: modal "${customId}" has no fields ${unknown.join(', ')} (has: ${known.join(', ')})`,
        );
      components = asArray(modal.components).map((raw) => {
        const row = asObject(raw);
        const inner = row.type === 18 ? asObject(row.component) : asObject(asArray(row.components)[0]);
        const id = asString(inner.custom_id) ?? '';
        // A field the user leaves alone is submitted as the bot filled it in (a text input's `value`).
        const prefilled = inner.type === 4 ? (asString(inner.value) ?? '') : '';
        const submitted = {
          type: inner.type,
          custom_id: id,
          ...(inner.type === 4
            ? { value: input.fields[id] ?? prefilled }
            : { values: [input.fields[id] ?? ''] }),
        };
        return row.type === 18
          ? { type: 18, id: row.id ?? 0, component: submitted }
          : { type: 1, components: [submitted] };
      });
    } else {
      components = Object.entries(input.fields).map(([id, value]) => ({
        type: 1,
        components: [{ type: 4, custom_id: id, value }],
      }));
    }
    const componentMessageId = fromRecord?.componentMessageId;
    const componentMessage =
      componentMessageId !== undefined ? this.deps.state.messages.get(componentMessageId) : undefined;
    return this.run(
      5,
      `modal ${customId}`,
      where,
      input,
      {
        data: { custom_id: customId, components },
        ...(componentMessage ? { message: this.deps.state.messageApi(componentMessage) } : {}),
      },
      componentMessageId,
    );
  }

  private resolveMessage(ref: RecordedMessage | InteractionResult | string): RecordedMessage {
    const id = typeof ref === 'string' ? ref : 'response' in ref ? ref.message?.id : ref.id;
    const message = id !== undefined ? this.deps.state.messages.get(id) : undefined;
    if (!message || message.deleted)
      throw new Error(`FakeDiscord: no (undeleted) message ${String(id)} to click on`);
    return message;
  }

  private findCommand(name: string, guildId: string | undefined, context: number): StoredCommand {
    const candidates = [
      ...(guildId !== undefined ? this.deps.state.commandsFor(guildId) : []),
      ...this.deps.state.commandsFor(undefined),
    ];
    const command = candidates.find((c) => c.name === name && c.type === 1);
    if (!command) {
      throw new Error(
        `FakeDiscord: no slash command "${name}" is registered (registered: ${candidates.map((c) => c.name).join(', ') || 'none'})`,
      );
    }
    const contexts = asArray(command.contexts);
    if (contexts.length > 0 && !contexts.includes(context)) {
      throw new Error(
        `FakeDiscord: /${name} is not available in this context (${context}); its contexts are ${JSON.stringify(contexts)}`,
      );
    }
    if (context === 1 && contexts.length === 0 && command.dm_permission === false) {
      throw new Error(`FakeDiscord: /${name} has dm_permission false`);
    }
    return command;
  }

  private where(input: WhereInput): Where {
    const user =
      input.user !== undefined
        ? this.deps.state.resolveUser(input.user)
        : this.deps.state.user('200000000000000001', 'default_owner');
    let guildId = input.guildId;
    let channelId = input.channelId;
    if (channelId !== undefined) {
      const channel = this.deps.state.channels.get(channelId);
      if (!channel) throw new Error(`FakeDiscord: unknown channel ${channelId}`);
      guildId = channel.guildId;
    } else if (guildId !== undefined) {
      const guild = this.deps.state.guilds.get(guildId);
      if (!guild) throw new Error(`FakeDiscord: unknown guild ${guildId}; call addGuild first`);
      channelId =
        guild.channelIds.find((id) => this.deps.state.channels.get(id)?.type === 0) ?? guild.channelIds[0];
      if (channelId === undefined) throw new Error(`FakeDiscord: guild ${guildId} has no channels`);
    } else {
      channelId = this.deps.state.dmChannelFor(user.id).id;
    }
    if (guildId !== undefined) {
      const guild = this.deps.state.guilds.get(guildId);
      if (guild && !guild.members.has(user.id)) {
        guild.members.set(user.id, { user, roles: [], nick: null, joinedAt: new Date().toISOString() });
      }
    }
    return {
      user,
      guildId,
      channelId,
      context: guildId !== undefined ? 0 : 1,
      memberPermissions: input.memberPermissions,
    };
  }

  private async run(
    type: number,
    label: string,
    where: Where,
    input: WhereInput,
    extra: JsonObject,
    componentMessageId?: string,
  ): Promise<InteractionResult> {
    const { user, guildId, channelId, context } = where;
    const s = this.deps.state;
    const channel = s.channels.get(channelId);
    const guild = guildId !== undefined ? s.guilds.get(guildId) : undefined;
    const member = guild?.members.get(user.id);
    const memberPermissions =
      where.memberPermissions ?? (guild ? s.permissionsFor(user.id, channelId) : undefined);
    const appPermissions = guild
      ? s.permissionsFor(s.botUser.id, channelId)
      : DEFAULT_EVERYONE_PERMISSIONS | Permission.EmbedLinks;
    const id = s.snowflake();
    const token = `aW50ZXJhY3Rpb246${id}:${randomBytes(48).toString('base64url')}`;
    const payload: JsonObject = {
      id,
      application_id: s.applicationId,
      type,
      token,
      version: 1,
      ...extra,
      channel_id: channelId,
      channel: channel
        ? {
            ...s.channelApi(channel),
            ...(memberPermissions !== undefined ? { permissions: memberPermissions.toString() } : {}),
          }
        : undefined,
      ...(guild && member
        ? {
            guild_id: guild.id,
            guild: { id: guild.id, locale: 'en-US', features: [] },
            guild_locale: 'en-US',
            member: { ...s.memberApi(member), permissions: (memberPermissions ?? 0n).toString() },
          }
        : { user }),
      app_permissions: appPermissions.toString(),
      locale: input.locale ?? 'en-US',
      entitlements: [],
      authorizing_integration_owners: { '0': guild ? guild.id : '0' },
      context,
      attachment_size_limit: 10_485_760,
    };
    const record: InteractionRecord = {
      id,
      token,
      type,
      label,
      channelId,
      guildId,
      user,
      createdAt: Date.now(),
      payload,
      callback: undefined,
      originalMessageId: undefined,
      componentMessageId,
      followups: [],
      tokenExpired: false,
    };
    s.interactions.set(id, record);
    const marker = this.deps.waiter.marker();
    // Guild interactions go to the guild's shard, DM interactions to shard 0.
    this.deps.dispatch('INTERACTION_CREATE', payload, guildId !== undefined ? { guildId } : { dm: true });
    const callback = await this.deps.waiter.waitFor(
      () => record.callback,
      `the bot to respond to ${label}`,
      input.timeoutMs,
      marker,
    );
    return this.result(record, callback);
  }

  private result(
    record: InteractionRecord,
    callback: NonNullable<InteractionRecord['callback']>,
  ): InteractionResult {
    const state = this.deps.state;
    const original = (): RecordedMessage | undefined =>
      record.originalMessageId !== undefined ? state.messages.get(record.originalMessageId) : undefined;
    const flags = typeof callback.data?.flags === 'number' ? callback.data.flags : 0;
    const ephemeral =
      callback.type === 6 || callback.type === 7 ? (original()?.ephemeral ?? false) : (flags & 64) !== 0;
    const choices =
      callback.type === 8
        ? asArray(callback.data?.choices).map((c) => {
            const o = asObject(c);
            return {
              name: asString(o.name) ?? '',
              value: typeof o.value === 'number' ? o.value : (asString(o.value) ?? ''),
            };
          })
        : undefined;
    const editsAtCallback = original()?.edits ?? 0;
    return {
      id: record.id,
      token: record.token,
      response: { type: callback.type, data: callback.data },
      type: callback.type,
      ephemeral,
      get message() {
        return original();
      },
      reply: async (options = {}) => {
        if (callback.type !== 4 && callback.type !== 5 && callback.type !== 6 && callback.type !== 7) {
          throw new Error(
            `FakeDiscord: ${record.label} was answered with callback type ${callback.type}, which has no message`,
          );
        }
        const deferred = callback.type === 5 || callback.type === 6;
        return this.deps.waiter.waitFor(
          () => {
            const m = original();
            if (!m) return undefined;
            return !deferred || m.edits > editsAtCallback ? m : undefined;
          },
          `the bot to edit the deferred reply to ${record.label}`,
          options.timeoutMs,
        );
      },
      followups: record.followups,
      waitForFollowup: async (count = 1, options = {}) =>
        this.deps.waiter.waitFor(
          () => (record.followups.length >= count ? record.followups[count - 1] : undefined),
          `${count} follow-up(s) to ${record.label}`,
          options.timeoutMs,
        ),
      choices,
      modal: callback.type === 9 ? callback.data : undefined,
    };
  }
}
