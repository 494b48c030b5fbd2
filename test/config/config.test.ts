import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  applyNativeAllocatorDefaults,
  ConfigError,
  loadConfig,
  loadDatabaseTarget,
  loadProxyConfig,
} from '../../src/config.js';

// Shaped like a token, but made of obviously fake parts.
const TOKEN = `${'A'.repeat(24)}.${'B'.repeat(6)}.${'C'.repeat(27)}`;

describe('loadConfig', () => {
  it('applies defaults', () => {
    expect(loadConfig({ DISCORD_TOKEN: TOKEN })).toEqual({
      discordToken: TOKEN,
      databasePath: './data/coach.db',
      guildId: undefined,
      apiBase: undefined,
      logLevel: 'info',
      shards: { mode: 'auto' },
      restBase: undefined,
      jobs: true,
      healthPort: undefined,
    });
  });

  it('reads the settings for running on several processes', () => {
    const config = loadConfig({
      DISCORD_TOKEN: TOKEN,
      DISCORD_API_BASE: 'http://127.0.0.1:9000/api',
      SHARD_COUNT: '4',
      SHARD_IDS: ' 3, 1,1 ',
      DISCORD_REST_PROXY: 'http://proxy:8080/api/',
      JOBS: 'OFF',
      HEALTH_PORT: '9100',
    });
    expect(config).toMatchObject({
      shards: { mode: 'fixed', count: 4, ids: [1, 3] },
      apiBase: 'http://127.0.0.1:9000/api',
      restBase: 'http://proxy:8080/api',
      jobs: false,
      healthPort: 9100,
    });
    // A count alone: this process runs every shard of it.
    expect(loadConfig({ DISCORD_TOKEN: TOKEN, SHARD_COUNT: '2' }).shards).toEqual({
      mode: 'fixed',
      count: 2,
      ids: [0, 1],
    });
    // No proxy: REST goes where DISCORD_API_BASE says.
    expect(loadConfig({ DISCORD_TOKEN: TOKEN, DISCORD_API_BASE: 'http://x/api' }).restBase).toBe(
      'http://x/api',
    );
  });

  it.each([
    [{ SHARD_COUNT: '0' }, /SHARD_COUNT must be a whole number/],
    [{ SHARD_COUNT: 'two' }, /SHARD_COUNT must be a whole number/],
    [{ SHARD_IDS: '0' }, /SHARD_IDS needs SHARD_COUNT/],
    [{ SHARD_COUNT: '2', SHARD_IDS: '0,2' }, /SHARD_IDS 2 is not below SHARD_COUNT 2/],
    [{ SHARD_COUNT: '2', SHARD_IDS: 'a,b' }, /SHARD_IDS must be shard numbers/],
    [{ JOBS: 'maybe' }, /JOBS must be on or off/],
    [{ HEALTH_PORT: '70000' }, /HEALTH_PORT must be a TCP port/],
    [{ DISCORD_REST_PROXY: 'proxy:8080' }, /DISCORD_REST_PROXY must be/],
  ])('refuses %j with a message that says what to fix', (env, message) => {
    expect(() => loadConfig({ DISCORD_TOKEN: TOKEN, ...env })).toThrow(ConfigError);
    expect(() => loadConfig({ DISCORD_TOKEN: TOKEN, ...env })).toThrow(message);
  });

  it('reads every variable; empty optional ones count as unset', () => {
    const config = loadConfig({
      DISCORD_TOKEN: ` ${TOKEN} `,
      DATABASE_PATH: '/tmp/x.db',
      DISCORD_GUILD_ID: '123456789012345678',
      DISCORD_API_BASE: 'http://127.0.0.1:8080/api/',
      LOG_LEVEL: '',
    });
    expect(config).toMatchObject({
      discordToken: TOKEN,
      guildId: '123456789012345678',
      apiBase: 'http://127.0.0.1:8080/api',
      logLevel: 'info',
    });
  });

  it.each([
    [{}, /DISCORD_TOKEN is missing/],
    [{ DISCORD_TOKEN: '' }, /DISCORD_TOKEN is missing/],
    [{ DISCORD_TOKEN: 'not-a-token' }, /does not look like a bot token/],
    [{ DISCORD_TOKEN: TOKEN, DISCORD_GUILD_ID: 'abc' }, /DISCORD_GUILD_ID/],
    [{ DISCORD_TOKEN: TOKEN, DISCORD_API_BASE: 'ftp://x' }, /DISCORD_API_BASE/],
    [{ DISCORD_TOKEN: TOKEN, LOG_LEVEL: 'loud' }, /expected one of/i],
  ])('%j is refused with a message that says what to fix', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('points to the README for a token', () => {
    expect(() => loadConfig({})).toThrow(/README/);
  });
});

describe('starting without a token', () => {
  it('exits 1 within seconds, naming DISCORD_TOKEN and the README, before any network call', () => {
    const started = performance.now();
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' };
    const result = spawnSync('node_modules/.bin/tsx', ['src/main.ts'], {
      env,
      cwd: process.cwd(),
      encoding: 'utf8',
      timeout: 15_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/DISCORD_TOKEN/);
    expect(result.stderr).toMatch(/README/);
    expect(result.stderr).not.toMatch(/at .*\.ts:\d+/);
    expect(performance.now() - started).toBeLessThan(15_000);
  });
});

describe('applyNativeAllocatorDefaults', () => {
  it('asks the chart library to hand freed memory back at once, unless the operator set otherwise', () => {
    const env: NodeJS.ProcessEnv = { MIMALLOC_ALLOW_THP: '1' };
    applyNativeAllocatorDefaults(env);
    expect(env).toEqual({ MIMALLOC_PURGE_DELAY: '0', MIMALLOC_ALLOW_THP: '1' });
  });

  it('reaches the chart library: its allocator reports the setting when it loads', () => {
    // A fresh process, as the bot is: the library reads its settings once, when it is first loaded.
    const script = `
      const { applyNativeAllocatorDefaults } = await import(${JSON.stringify(new URL('../../src/config.ts', import.meta.url).href)});
      applyNativeAllocatorDefaults();
      process.env.MIMALLOC_VERBOSE = '1';
      (await import('node:module')).createRequire(import.meta.url)('@napi-rs/canvas');
    `;
    const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      cwd: new URL('../..', import.meta.url).pathname,
      env: { PATH: process.env.PATH ?? '' },
    });
    expect(result.stderr).toMatch(/option 'purge_delay': 0/);
    expect(result.stderr).toMatch(/option 'allow_thp': 0/);
  });
});

describe('loadProxyConfig', () => {
  it('needs no token: port 8080, Discord, info by default', () => {
    expect(loadProxyConfig({})).toEqual({ port: 8080, apiBase: undefined, logLevel: 'info' });
    expect(loadProxyConfig({ REST_PROXY_PORT: '', DISCORD_API_BASE: '' })).toEqual({
      port: 8080,
      apiBase: undefined,
      logLevel: 'info',
    });
  });

  it('reads REST_PROXY_PORT, DISCORD_API_BASE and LOG_LEVEL', () => {
    expect(
      loadProxyConfig({
        REST_PROXY_PORT: '9090',
        DISCORD_API_BASE: 'http://127.0.0.1:3000/api/',
        LOG_LEVEL: 'debug',
        DISCORD_TOKEN: 'ignored',
      }),
    ).toEqual({ port: 9090, apiBase: 'http://127.0.0.1:3000/api', logLevel: 'debug' });
  });

  it.each([
    [{ REST_PROXY_PORT: '0' }, /REST_PROXY_PORT must be a TCP port/],
    [{ REST_PROXY_PORT: '8080.5' }, /REST_PROXY_PORT must be a TCP port/],
    [{ DISCORD_API_BASE: 'ftp://x' }, /DISCORD_API_BASE must be an http\(s\) URL/],
  ])('rejects %o', (env, message) => {
    expect(() => loadProxyConfig(env)).toThrow(ConfigError);
    expect(() => loadProxyConfig(env)).toThrow(message);
  });
});

describe('DATABASE_URL', () => {
  it('selects PostgreSQL; DATABASE_PATH is then ignored by the tools', () => {
    const url = 'postgres://coach:secret@db.internal:5432/coach';
    expect(loadConfig({ DISCORD_TOKEN: TOKEN, DATABASE_URL: url }).databaseUrl).toBe(url);
    expect(loadDatabaseTarget({ DATABASE_URL: url, DATABASE_PATH: '/tmp/x.db' })).toEqual({
      kind: 'postgres',
      url,
    });
    expect(loadDatabaseTarget({ DATABASE_URL: ' ', DATABASE_PATH: '/tmp/x.db' })).toEqual({
      kind: 'sqlite',
      path: '/tmp/x.db',
    });
  });

  it('refuses anything but a PostgreSQL URL, saying what one looks like', () => {
    expect(() => loadConfig({ DISCORD_TOKEN: TOKEN, DATABASE_URL: 'mysql://db/coach' })).toThrow(
      /DATABASE_URL must be a PostgreSQL URL such as postgres:\/\//,
    );
    expect(() => loadDatabaseTarget({ DATABASE_URL: 'not a url' })).toThrow(ConfigError);
  });
});
