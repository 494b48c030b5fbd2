/**
 * How a process of ours (the bot, the REST proxy) ends: once, on SIGTERM/SIGINT (exit 0), after an
 * uncaught exception (exit 1), or when its owner asks; a stray promise rejection is only logged. A stop
 * that hangs past `forceAfterMs` exits non-zero and says so, so a process manager can tell it from a
 * clean one.
 */
import type { Logger } from './logger.js';

export interface LifecycleOptions {
  readonly logger: Logger;
  /** Stops the process's work (drain, close); errors are logged, the exit happens either way. */
  readonly stop: () => Promise<void>;
  /** How long `stop` may take before the process exits anyway. */
  readonly forceAfterMs: number;
  /** Extra fields for the 'shutting down' line (read when it is logged). */
  readonly describe?: () => Record<string, unknown>;
}

/** Installs the signal and error handlers, and returns the shutdown to call by hand (a boot failure, say). */
export function handleProcessLifecycle(
  options: LifecycleOptions,
): (code: number, reason: string) => Promise<void> {
  const { logger, stop, forceAfterMs } = options;
  let shuttingDown = false;
  const shutdown = async (code: number, reason: string): Promise<void> => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info({ reason, ...options.describe?.() }, 'shutting down');
    const force = setTimeout(() => {
      logger.error({ reason, afterMs: forceAfterMs }, 'shutdown did not finish; exiting anyway');
      logger.flush();
      process.exit(code === 0 ? 1 : code);
    }, forceAfterMs);
    force.unref();
    try {
      await stop();
    } catch (error) {
      logger.error({ err: error }, 'error while shutting down');
    } finally {
      logger.flush();
      process.exit(code);
    }
  };
  process.on('SIGTERM', () => void shutdown(0, 'SIGTERM'));
  process.on('SIGINT', () => void shutdown(0, 'SIGINT'));
  // A stray rejection is a bug to log, not a reason to drop every owner's interaction.
  process.on('unhandledRejection', (reason) => {
    logger.error({ err: reason }, 'unhandled promise rejection');
  });
  // After an uncaught exception the process state is unknown: log it and restart cleanly.
  process.on('uncaughtException', (error) => {
    logger.fatal({ err: error }, 'uncaught exception');
    void shutdown(1, 'uncaughtException');
  });
  return shutdown;
}
