/**
 * `npm run rest-proxy`: the shared REST proxy on REST_PROXY_PORT, forwarding to DISCORD_API_BASE or
 * Discord. SIGTERM/SIGINT: stop taking connections, let what is in flight finish, exit 0.
 */
import { ConfigError, loadDotEnv, loadProxyConfig, type ProxyConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { createRestProxy } from './restProxy.js';

/** How long requests in flight may take to finish on shutdown; the rest are the senders' to repeat. */
const DRAIN_MS = 10_000;

function readConfig(): ProxyConfig {
  try {
    loadDotEnv();
    return loadProxyConfig();
  } catch (error) {
    process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
    process.exit(1);
  }
}

async function main(): Promise<void> {
  const config = readConfig();
  const logger = createLogger(config.logLevel).child({ component: 'rest-proxy' });
  const proxy = createRestProxy({ upstream: config.apiBase, logger });
  let shuttingDown = false;

  async function shutdown(code: number, reason: string): Promise<void> {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info({ reason, inFlight: proxy.inFlight }, 'shutting down');
    // A shutdown that hangs is not a clean stop: exit non-zero, so a process manager can tell.
    const force = setTimeout(() => {
      logger.error({ reason, afterMs: DRAIN_MS + 5_000 }, 'shutdown did not finish; exiting anyway');
      logger.flush();
      process.exit(code === 0 ? 1 : code);
    }, DRAIN_MS + 5_000);
    force.unref();
    try {
      await proxy.close(DRAIN_MS);
    } catch (error) {
      logger.error({ err: error }, 'error while shutting down');
    } finally {
      logger.info('stopped');
      logger.flush();
      process.exit(code);
    }
  }

  process.on('SIGTERM', () => void shutdown(0, 'SIGTERM'));
  process.on('SIGINT', () => void shutdown(0, 'SIGINT'));
  process.on('unhandledRejection', (reason) => {
    logger.error({ err: reason }, 'unhandled promise rejection');
  });
  process.on('uncaughtException', (error) => {
    logger.fatal({ err: error }, 'uncaught exception');
    void shutdown(1, 'uncaughtException');
  });

  try {
    const port = await proxy.listen(config.port);
    logger.info({ port, upstream: config.apiBase ?? 'https://discord.com/api' }, 'REST proxy listening');
  } catch (error) {
    logger.fatal({ err: error, port: config.port }, 'REST proxy could not listen');
    await shutdown(1, 'listen failed');
  }
}

void main();
