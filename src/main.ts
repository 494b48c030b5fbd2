/**
 * Composition root: config → logger → database (checked and migrated; SQLite, or PostgreSQL with
 * DATABASE_URL) → store → services → Discord client and scheduler → login. A boot failure is logged,
 * cleaned up, and exits 1; SIGTERM/SIGINT shut down cleanly.
 */
import { httpPhotoFetcher } from './adapters/httpPhotoFetcher.js';
import { systemClock } from './clock.js';
import type { Server } from 'node:http';
import {
  applyNativeAllocatorDefaults,
  ConfigError,
  loadConfig,
  loadDotEnv,
  type Config,
  type ShardPlan,
} from './config.js';
import {
  checkIntegrityInBackground,
  closeDatabase,
  createDatabase,
  shouldDeferIntegrityCheck,
} from './db/sqlite/client.js';
import { createSqliteStore } from './db/sqlite/store.js';
import {
  createClient,
  gatewayState,
  notifierFor,
  observeRest,
  runsShardZero,
  startBot,
  type RunningBot,
  type ShardSelection,
} from './discord/bot.js';
import { checkInJob } from './jobs/checkInJob.js';
import { outboxJob, outboxPruneJob } from './jobs/outboxJob.js';
import { createScheduler, type Scheduler } from './jobs/scheduler.js';
import { sessionTimerJob } from './jobs/sessionTimerJob.js';
import { weeklyDigestJob } from './jobs/weeklyDigestJob.js';
import { createLogger, type Logger } from './logger.js';
import type { Metrics } from './ops/metrics.js';
import { handleProcessLifecycle } from './processLifecycle.js';
import { createServices } from './services/index.js';
import type { Store } from './services/store/store.js';

/** How long in-flight interactions may take to finish on shutdown. */
const DRAIN_MS = 5_000;

function readConfig(): Config {
  try {
    loadDotEnv();
    applyNativeAllocatorDefaults();
    return loadConfig();
  } catch (error) {
    // Before a logger exists: plain stderr, no stack, the message says what to fix.
    process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
    process.exit(1);
  }
}

/** The open database behind the store, and how to close it on shutdown. */
interface Storage {
  readonly store: Store;
  close(): Promise<void>;
}

/** PostgreSQL: a pool, migrated under the advisory lock (other processes may be starting too). */
async function openPostgres(url: string, logger: Logger): Promise<Storage> {
  // Loaded only here: a bot on SQLite (the default) never pays for the PostgreSQL driver (bench item 7).
  const [{ closePgDatabase, createPgDatabase, redactUrl }, { createPgStore }] = await Promise.all([
    import('./db/pg/client.js'),
    import('./db/pg/store.js'),
  ]);
  const db = await createPgDatabase(url);
  logger.info({ database: redactUrl(url) }, 'database ready (PostgreSQL)');
  return { store: createPgStore(db), close: () => closePgDatabase(db) };
}

/**
 * SQLite: checked and migrated. A large file is checked off the event loop while the bot connects;
 * damage still stops it (`onDamage`).
 */
function openSqlite(path: string, logger: Logger, signal: AbortSignal, onDamage: () => void): Storage {
  const deferCheck = shouldDeferIntegrityCheck(path);
  const db = createDatabase(path, undefined, { integrityCheck: deferCheck ? 'deferred' : 'now' });
  logger.info({ path, integrityCheck: deferCheck ? 'background' : 'done' }, 'database ready');
  if (deferCheck) {
    checkIntegrityInBackground(path, signal).then(
      () => {
        logger.info('database integrity check passed');
      },
      (error: unknown) => {
        if (signal.aborted) return; // stopped by shutdown, not a verdict
        logger.fatal({ err: error }, 'database failed its integrity check');
        onDamage();
      },
    );
  }
  return {
    store: createSqliteStore(db),
    close: () => {
      closeDatabase(db);
      return Promise.resolve();
    },
  };
}

async function main(): Promise<void> {
  const config = readConfig();
  // The token is scrubbed from every line, whatever shape it is logged in (error texts included).
  const logger: Logger = createLogger(config.logLevel, undefined, { secrets: [config.discordToken] });
  let storage: Storage | undefined;
  let client: ReturnType<typeof createClient> | undefined;
  let bot: RunningBot | undefined;
  let scheduler: Scheduler | undefined;
  let health: Server | undefined;
  const integrityCheck = new AbortController();

  const shutdown = handleProcessLifecycle({
    logger,
    forceAfterMs: DRAIN_MS + 10_000,
    stop: async () => {
      integrityCheck.abort();
      try {
        // Stop taking new work at once (interactions and scheduled runs), then let what is in flight finish.
        await Promise.all([bot?.drain(DRAIN_MS), scheduler?.stop()]);
        await (bot ? bot.stop() : client?.destroy());
      } finally {
        health?.close();
        // After the drain: in-flight queries have finished, so the pool closes at once.
        await storage?.close().catch((error: unknown) => {
          logger.error({ err: error }, 'error while closing the database');
        });
      }
    },
  });

  try {
    storage =
      config.databaseUrl === undefined
        ? openSqlite(config.databasePath, logger, integrityCheck.signal, () => {
            void shutdown(1, 'integrity check failed');
          })
        : await openPostgres(config.databaseUrl, logger);
    const shards = shardSelection(config.shards);
    const discord = createClient({ restBase: config.restBase, shards });
    client = discord;
    const { store } = storage;
    const deps = { store, clock: systemClock, logger, notifier: notifierFor(discord, logger) };
    const services = createServices({ ...deps, photos: httpPhotoFetcher });
    // Metrics only where they are served (HEALTH_PORT): prom-client is loaded then, not by default.
    let metrics: Metrics | undefined;
    if (config.healthPort !== undefined) {
      const [{ createMetrics }, { startHealthServer }] = await Promise.all([
        import('./ops/metrics.js'),
        import('./ops/healthServer.js'),
      ]);
      metrics = createMetrics({
        outboxDepth: () => store.outbox.depth(),
        shards: () => gatewayState(discord).shards,
      });
      observeRest(discord, { response: metrics.restResponse, rateLimited: metrics.restRateLimited });
      // Up before login, so a process manager sees 503 (not a refused connection) while the bot connects.
      health = await startHealthServer({
        port: config.healthPort,
        checks: { gateway: () => gatewayState(discord), database: () => store.ping() },
        metrics,
      });
      logger.info({ port: config.healthPort }, 'health and metrics listening');
    }
    bot = await startBot(discord, services, {
      token: config.discordToken,
      apiBase: config.apiBase,
      guildId: config.guildId,
      logger,
      // Several processes of one bot: only the one with shard 0 makes the commands match their definitions.
      registerCommands: runsShardZero(shards),
      ...(metrics ? { observe: metrics.interaction } : {}),
    });
    if (config.jobs) {
      scheduler = createScheduler({
        jobs: [
          checkInJob(deps, {}, metrics?.checkIns),
          weeklyDigestJob(deps),
          outboxJob(services.deliverOutbox),
          outboxPruneJob(services.pruneOutbox),
          sessionTimerJob(services.runDueSessionTimers),
        ],
        clock: systemClock,
        logger,
        // A check-in run cut short by shutdown is safe: its claims are re-sent (same nonce) after restart.
        stopTimeoutMs: DRAIN_MS,
      });
      scheduler.start();
      // Catch up at once after downtime (check-ins, a missed digest, effects not yet posted, timers that ran
      // out meanwhile) instead of waiting.
      void scheduler.catchUp();
    }
    logger.info({ shards: config.shards, jobs: config.jobs }, 'ready');
  } catch (error) {
    logger.fatal({ err: error }, 'could not start');
    await shutdown(1, 'boot failure');
  }
}

/** The client's shards from the configuration: all of them (discord.js asks Discord how many), or these. */
function shardSelection(plan: ShardPlan): ShardSelection {
  return plan.mode === 'auto' ? 'auto' : { count: plan.count, ids: plan.ids };
}

void main();
