/**
 * No image can be pulled or built on these machines, so the deployment files are checked as data: the
 * compose file runs PostgreSQL, the REST proxy and two bot processes with exactly the documented settings.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from '../reliability/support/childBot.js';

/** The settings INTERFACE.md documents (and .env.example lists); nothing else may configure the bot. */
const DOCUMENTED = [
  'DISCORD_TOKEN',
  'DATABASE_PATH',
  'DISCORD_GUILD_ID',
  'DISCORD_API_BASE',
  'LOG_LEVEL',
  'DATABASE_URL',
  'SHARD_COUNT',
  'SHARD_IDS',
  'DISCORD_REST_PROXY',
  'REST_PROXY_PORT',
  'JOBS',
  'HEALTH_PORT',
];

interface Service {
  image?: string;
  build?: string;
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
}

const compose = parse(readFileSync(`${ROOT}/docker-compose.yml`, 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
};
const services = compose.services;
const bots = Object.entries(services).filter(([name]) => name.startsWith('bot-'));

describe('docker-compose.yml', () => {
  it('runs PostgreSQL, the REST proxy and two bot processes', () => {
    expect(Object.keys(services).sort()).toEqual(['bot-0', 'bot-1', 'postgres', 'rest-proxy']);
    expect(services.postgres?.image).toMatch(/^postgres:15/);
    expect(bots).toHaveLength(2);
  });

  it('configures every process only with documented settings', () => {
    for (const [, service] of [...bots, ['rest-proxy', services['rest-proxy']] as const]) {
      for (const name of Object.keys(service?.environment ?? {})) expect(DOCUMENTED).toContain(name);
    }
  });

  it('gives the bots one shard count, each shard once, one database and the proxy', () => {
    const proxyPort = services['rest-proxy']?.environment?.REST_PROXY_PORT;
    expect(proxyPort).toBe('8080');
    const counts = new Set(bots.map(([, s]) => s.environment?.SHARD_COUNT));
    expect([...counts]).toEqual(['2']);
    const ids = bots.flatMap(([, s]) => (s.environment?.SHARD_IDS ?? '').split(',').map(Number));
    expect(ids.sort()).toEqual([0, 1]);
    const db = services.postgres?.environment;
    for (const [, bot] of bots) {
      const env = bot.environment ?? {};
      expect(env.DATABASE_URL).toBe(
        `postgres://${String(db?.POSTGRES_USER)}:${String(db?.POSTGRES_PASSWORD)}@postgres:5432/${String(db?.POSTGRES_DB)}`,
      );
      expect(env.DISCORD_REST_PROXY).toBe(`http://rest-proxy:${String(proxyPort)}/api`);
      expect(env.DISCORD_TOKEN).toMatch(/^\$\{DISCORD_TOKEN:\?/);
      expect(['on', 'off']).toContain(env.JOBS);
      expect(env.HEALTH_PORT).toBe('9100');
      // Docker restarts a process whose /healthz fails, on the port the bot serves it on.
      expect(bot.healthcheck?.test.join(' ')).toContain(`127.0.0.1:${String(env.HEALTH_PORT)}/healthz`);
      expect(bot.depends_on?.postgres?.condition).toBe('service_healthy');
    }
  });

  it('lists every documented setting in .env.example', () => {
    const example = readFileSync(`${ROOT}/.env.example`, 'utf8');
    for (const name of DOCUMENTED) {
      expect(example).toMatch(new RegExp(`^#? ?${name}=`, 'm'));
    }
  });
});

describe('Dockerfile', () => {
  const dockerfile = readFileSync(`${ROOT}/Dockerfile`, 'utf8');

  it('builds in one stage and runs as a non-root user with production dependencies only', () => {
    const stages = dockerfile.match(/^FROM /gm) ?? [];
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^CMD \["npm", "start"\]$/m);
  });
});

describe('npm start in a production install', () => {
  it('runs the built bot without the compiler, and says what to do when dist/ is missing', async () => {
    const { mkdtempSync, mkdirSync, copyFileSync, writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { spawnSync } = await import('node:child_process');
    // A folder with no node_modules: like `npm ci --omit=dev`, the TypeScript compiler cannot be found.
    const dir = mkdtempSync(`${tmpdir()}/leash-start-`);
    try {
      mkdirSync(`${dir}/scripts`);
      copyFileSync(`${ROOT}/scripts/buildIfDev.mjs`, `${dir}/scripts/buildIfDev.mjs`);
      const missing = spawnSync(process.execPath, ['scripts/buildIfDev.mjs'], { cwd: dir, encoding: 'utf8' });
      expect(missing.status).toBe(1);
      expect(missing.stderr).toContain('dist/main.js is missing');
      mkdirSync(`${dir}/dist`);
      writeFileSync(`${dir}/dist/main.js`, '');
      const ready = spawnSync(process.execPath, ['scripts/buildIfDev.mjs'], { cwd: dir, encoding: 'utf8' });
      expect(ready.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
