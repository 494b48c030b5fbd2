import { REST, type RESTOptions } from 'discord.js';
import { DISCORD_GLOBAL_LIMIT } from '../../src/discord/paceRequests.js';
import { createLogger } from '../../src/logger.js';
import { createRestProxy, type RestProxy, type RestProxyOptions } from '../../src/restProxy/restProxy.js';

export interface RunningProxy {
  readonly proxy: RestProxy;
  readonly port: number;
  /** What a bot sets DISCORD_REST_PROXY to. */
  readonly base: string;
}

/**
 * Discord's global limit without the proxy's wait of one window at start (it may follow a proxy that
 * filled it); the restart tests use the real default.
 */
export const QUICK_START = { ...DISCORD_GLOBAL_LIMIT, startFull: false };

/** The proxy on 127.0.0.1 (a free port unless given), logging nothing. */
export async function startProxy(
  upstream: string | undefined,
  options: Partial<RestProxyOptions> & { port?: number } = {},
): Promise<RunningProxy> {
  const { port: wanted = 0, ...rest } = options;
  const proxy = createRestProxy({ upstream, logger: createLogger('silent'), pace: QUICK_START, ...rest });
  const port = await proxy.listen(wanted, '127.0.0.1');
  return { proxy, port, base: `http://127.0.0.1:${String(port)}/api` };
}

/** A discord.js REST client sending through the proxy, as a bot process with DISCORD_REST_PROXY does. */
export function clientOf(base: string, token: string, options: Partial<RESTOptions> = {}): REST {
  return new REST({ api: base, ...options }).setToken(token);
}
