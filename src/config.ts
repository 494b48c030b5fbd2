import { existsSync } from 'node:fs';
import { z } from 'zod';

/** Where the README explains how to get a token; quoted in start-up errors. */
export const TOKEN_HELP =
  'Put it in .env (a copy of .env.example) or the environment; see "Create the Discord application" in README.md for how to get one.';

// A bot token is three dot-separated base64url parts; anything else is a paste mistake.
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{20,}$/;
const SNOWFLAKE = /^\d{17,20}$/;

const emptyToUndefined = (value: unknown): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

function tcpPort(name: string) {
  const error = `${name} must be a TCP port number (1–65535).`;
  return z.coerce.number({ error }).int({ error }).min(1, { error }).max(65535, { error });
}

const configSchema = z.object({
  DISCORD_TOKEN: z.preprocess(
    emptyToUndefined,
    z
      .string({ error: `DISCORD_TOKEN is missing. ${TOKEN_HELP}` })
      .trim()
      .regex(TOKEN_SHAPE, { error: `DISCORD_TOKEN does not look like a bot token. ${TOKEN_HELP}` }),
  ),
  DATABASE_PATH: z.preprocess(emptyToUndefined, z.string().default('./data/coach.db')),
  DATABASE_URL: z.preprocess(
    emptyToUndefined,
    z
      .url({
        protocol: /^postgres(ql)?$/,
        error: 'DATABASE_URL must be a PostgreSQL URL such as postgres://user:password@host:5432/database.',
      })
      .optional(),
  ),
  DISCORD_GUILD_ID: z.preprocess(
    emptyToUndefined,
    z.string().regex(SNOWFLAKE, { error: 'DISCORD_GUILD_ID must be a server id (17–20 digits).' }).optional(),
  ),
  DISCORD_API_BASE: z.preprocess(
    emptyToUndefined,
    z
      .url({
        protocol: /^https?$/,
        error: 'DISCORD_API_BASE must be an http(s) URL such as http://127.0.0.1:8080/api.',
      })
      .transform((url) => url.replace(/\/+$/, ''))
      .optional(),
  ),
  LOG_LEVEL: z.preprocess(
    emptyToUndefined,
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
  SHARD_COUNT: z.preprocess(
    emptyToUndefined,
    z.coerce
      .number({ error: 'SHARD_COUNT must be a whole number of gateway shards, 1 or more.' })
      .int({ error: 'SHARD_COUNT must be a whole number of gateway shards, 1 or more.' })
      .min(1, { error: 'SHARD_COUNT must be a whole number of gateway shards, 1 or more.' })
      .max(4096, { error: 'SHARD_COUNT is at most 4096.' })
      .optional(),
  ),
  SHARD_IDS: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^\s*\d+\s*(,\s*\d+\s*)*$/, {
        error: 'SHARD_IDS must be shard numbers separated by commas, such as 0,1.',
      })
      .transform((text) => [...new Set(text.split(',').map((part) => Number(part.trim())))])
      .optional(),
  ),
  DISCORD_REST_PROXY: z.preprocess(
    emptyToUndefined,
    z
      .url({
        protocol: /^https?$/,
        error: "DISCORD_REST_PROXY must be the proxy's http(s) URL, such as http://127.0.0.1:8080/api.",
      })
      .transform((url) => url.replace(/\/+$/, ''))
      .optional(),
  ),
  JOBS: z.preprocess(
    (value) =>
      typeof value === 'string' ? (emptyToUndefined(value.trim().toLowerCase()) ?? undefined) : value,
    z.enum(['on', 'off'], { error: 'JOBS must be on or off.' }).default('on'),
  ),
  HEALTH_PORT: z.preprocess(emptyToUndefined, tcpPort('HEALTH_PORT').optional()),
});

/** Which gateway shards this process runs: all of them (Discord's recommended count), or these of a count. */
export type ShardPlan =
  | { readonly mode: 'auto' }
  | { readonly mode: 'fixed'; readonly count: number; readonly ids: readonly number[] };

export interface Config {
  readonly discordToken: string;
  /** The SQLite file; ignored when databaseUrl is set. */
  readonly databasePath: string;
  /** PostgreSQL instead of SQLite (several processes or machines on one database). */
  readonly databaseUrl: string | undefined;
  readonly guildId: string | undefined;
  readonly apiBase: string | undefined;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly shards: ShardPlan;
  /** Where REST requests go: the shared proxy when set, else DISCORD_API_BASE (else Discord). */
  readonly restBase: string | undefined;
  /** Whether this process runs the scheduled work. */
  readonly jobs: boolean;
  readonly healthPort: number | undefined;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Parses the environment once; throws a ConfigError whose message says what to fix. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `- ${issue.message}`);
    throw new ConfigError(`The bot's configuration is not usable:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  return {
    discordToken: c.DISCORD_TOKEN,
    databasePath: c.DATABASE_PATH,
    databaseUrl: c.DATABASE_URL,
    guildId: c.DISCORD_GUILD_ID,
    apiBase: c.DISCORD_API_BASE,
    logLevel: c.LOG_LEVEL,
    shards: shardPlan(c.SHARD_COUNT, c.SHARD_IDS),
    restBase: c.DISCORD_REST_PROXY ?? c.DISCORD_API_BASE,
    jobs: c.JOBS === 'on',
    healthPort: c.HEALTH_PORT,
  };
}

function shardPlan(count: number | undefined, ids: readonly number[] | undefined): ShardPlan {
  if (count === undefined) {
    if (ids !== undefined) {
      throw new ConfigError(
        "The bot's configuration is not usable:\n- SHARD_IDS needs SHARD_COUNT: every process of one bot sets the same total count.",
      );
    }
    return { mode: 'auto' };
  }
  const chosen = ids ?? Array.from({ length: count }, (_, i) => i);
  const outside = chosen.filter((id) => id >= count);
  if (outside.length > 0) {
    throw new ConfigError(
      `The bot's configuration is not usable:\n- SHARD_IDS ${outside.join(', ')} ${outside.length === 1 ? 'is' : 'are'} not below SHARD_COUNT ${String(count)} (shards are numbered from 0).`,
    );
  }
  return { mode: 'fixed', count, ids: [...chosen].sort((a, b) => a - b) };
}

const proxyConfigSchema = z.object({
  REST_PROXY_PORT: z.preprocess(emptyToUndefined, tcpPort('REST_PROXY_PORT').default(8080)),
  DISCORD_API_BASE: configSchema.shape.DISCORD_API_BASE,
  LOG_LEVEL: configSchema.shape.LOG_LEVEL,
});

/** The shared REST proxy's settings (`npm run rest-proxy`). */
export interface ProxyConfig {
  readonly port: number;
  /** Where requests go: a local Discord-compatible server, or undefined for Discord. */
  readonly apiBase: string | undefined;
  readonly logLevel: Config['logLevel'];
}

/**
 * Parses the proxy's environment; throws a ConfigError whose message says what to fix. No token: the
 * proxy forwards each bot process's own Authorization header.
 */
export function loadProxyConfig(env: NodeJS.ProcessEnv = process.env): ProxyConfig {
  const parsed = proxyConfigSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `- ${issue.message}`);
    throw new ConfigError(`The REST proxy's configuration is not usable:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  return { port: c.REST_PROXY_PORT, apiBase: c.DISCORD_API_BASE, logLevel: c.LOG_LEVEL };
}

/**
 * Only the database path, for tools that need no token (`npm run backup`): same variable, same default,
 * same `.env` handling as the bot.
 */
export function loadDatabasePath(env: NodeJS.ProcessEnv = process.env): string {
  return configSchema.shape.DATABASE_PATH.parse(env.DATABASE_PATH);
}

export type DatabaseTarget =
  { readonly kind: 'sqlite'; readonly path: string } | { readonly kind: 'postgres'; readonly url: string };

/** Which database the bot uses (DATABASE_URL wins over DATABASE_PATH), for tools that need no token (`npm run migrate`). */
export function loadDatabaseTarget(env: NodeJS.ProcessEnv = process.env): DatabaseTarget {
  const parsed = configSchema.pick({ DATABASE_PATH: true, DATABASE_URL: true }).safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `- ${issue.message}`).join('\n'));
  }
  const { DATABASE_PATH: path, DATABASE_URL: url } = parsed.data;
  return url === undefined ? { kind: 'sqlite', path } : { kind: 'postgres', url };
}

/**
 * Reads `.env` into the environment when the file exists; variables already set win, so a deployment's
 * real environment is never overridden by a stray file.
 */
export function loadDotEnv(path = '.env'): void {
  if (existsSync(path)) process.loadEnvFile(path);
}

/**
 * Allocator settings for the chart library (@napi-rs/canvas: Skia with its own mimalloc), which reads
 * them once, when it loads at the first /progress chart. By default mimalloc keeps freed memory
 * committed until it next allocates, and may back it with 2 MB huge pages: after a burst of charts
 * that held ~10–25 MB of RSS the bot no longer used (bench item 7). Handing pages back at once made
 * no difference to /progress beyond noise (bench item 2, which sets them too). Values already set in
 * the environment are kept.
 */
export const NATIVE_ALLOCATOR_DEFAULTS: Readonly<Record<string, string>> = {
  MIMALLOC_PURGE_DELAY: '0',
  MIMALLOC_ALLOW_THP: '0',
};

export function applyNativeAllocatorDefaults(env: NodeJS.ProcessEnv = process.env): void {
  for (const [name, value] of Object.entries(NATIVE_ALLOCATOR_DEFAULTS)) env[name] ??= value;
}
