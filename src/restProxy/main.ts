/**
 * `npm run rest-proxy`: the shared REST proxy on REST_PROXY_PORT, forwarding to DISCORD_API_BASE or
 * Discord. SIGTERM/SIGINT: stop taking connections, let what is in flight finish, exit 0.
 */
import { ConfigError, loadDotEnv, loadProxyConfig, type ProxyConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { handleProcessLifecycle } from '../processLifecycle.js';
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
  const shutdown = handleProcessLifecycle({
    logger,
    forceAfterMs: DRAIN_MS + 5_000,
    describe: () => ({ inFlight: proxy.inFlight }),
    stop: async () => {
      try {
        await proxy.close(DRAIN_MS);
      } finally {
        logger.info('stopped');
      }
    },
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
