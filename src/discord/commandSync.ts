import { REST, Routes, type RESTPostAPIApplicationCommandsJSONBody } from 'discord.js';
import type { Logger } from '../logger.js';
import { commands } from './commands/index.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

// Fields Discord fills in with defaults; an absent field and its default are the same definition.
const DEFAULTS: Record<string, Json> = {
  required: false,
  autocomplete: false,
  nsfw: false,
  dm_permission: true,
  type: 1,
};
const IGNORED = new Set([
  'id',
  'application_id',
  'version',
  'guild_id',
  'name_localizations',
  'description_localizations',
  'dm_permission',
  'handler',
]);

/** A definition reduced to what matters, with keys sorted and defaults dropped, so equal means equal. */
export function normaliseDefinition(value: unknown): Json {
  if (Array.isArray(value)) return value.map(normaliseDefinition);
  if (value === null || typeof value !== 'object') return (value ?? null) as Json;
  const out: Record<string, Json> = {};
  for (const key of Object.keys(value).sort()) {
    if (IGNORED.has(key)) continue;
    const v = (value as Record<string, unknown>)[key];
    if (v === undefined || v === null) continue;
    if (Array.isArray(v) && v.length === 0) continue;
    if (key in DEFAULTS && DEFAULTS[key] === v) continue;
    out[key] = normaliseDefinition(v);
  }
  return out;
}

/** True when the registered commands differ from the definitions in code (by name, then content). */
export function commandsDiffer(
  registered: readonly unknown[],
  wanted: readonly RESTPostAPIApplicationCommandsJSONBody[],
): boolean {
  if (registered.length !== wanted.length) return true;
  const byName = (list: readonly unknown[]) =>
    [...list]
      .map(normaliseDefinition)
      .sort((a, b) =>
        String((a as { name?: string }).name).localeCompare(String((b as { name?: string }).name)),
      );
  return JSON.stringify(byName(registered)) !== JSON.stringify(byName(wanted));
}

export interface SyncOptions {
  readonly rest: REST;
  readonly applicationId: string;
  readonly guildId: string | undefined;
  readonly logger: Logger;
}

/** Makes the registered commands match the code, overwriting them only when they differ. */
export async function syncCommands({
  rest,
  applicationId,
  guildId,
  logger,
}: SyncOptions): Promise<'unchanged' | 'updated'> {
  const route = guildId
    ? Routes.applicationGuildCommands(applicationId, guildId)
    : Routes.applicationCommands(applicationId);
  const wanted = commands.map((c) => c.data.toJSON());
  const registered = (await rest.get(route)) as unknown[];
  if (!commandsDiffer(registered, wanted)) {
    logger.info({ scope: guildId ? 'guild' : 'global', count: wanted.length }, 'commands already up to date');
    return 'unchanged';
  }
  await rest.put(route, { body: wanted });
  logger.info({ scope: guildId ? 'guild' : 'global', count: wanted.length }, 'commands registered');
  return 'updated';
}

/** For `npm run deploy-commands`: a REST client of its own, the application id from the token. */
export async function deployCommands(options: {
  token: string;
  apiBase: string | undefined;
  guildId: string | undefined;
  logger: Logger;
}): Promise<'unchanged' | 'updated'> {
  const rest = new REST(options.apiBase ? { api: options.apiBase } : {}).setToken(options.token);
  const app = (await rest.get(Routes.currentApplication())) as { id: string };
  return syncCommands({ rest, applicationId: app.id, guildId: options.guildId, logger: options.logger });
}
