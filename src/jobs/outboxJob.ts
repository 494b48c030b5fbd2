import type { OutboxRunSummary } from '../services/outbox.js';
import type { Job } from './scheduler.js';

/**
 * Every 10 seconds: deliver what the outbox holds. Handlers kick the worker right after a reply, so this
 * only matters for items left by a failed try or by a process that died holding them (their lease runs
 * out in seconds), and for a bot that restarts with items waiting.
 */
export function outboxJob(deliver: () => Promise<OutboxRunSummary>): Job {
  return {
    name: 'outbox',
    cron: '*/10 * * * * *',
    run: () => deliver(),
    quiet: true,
  };
}

/** Daily: forget outbox items finished more than a week ago. */
export function outboxPruneJob(prune: () => Promise<number>): Job {
  return {
    name: 'outbox-prune',
    cron: '17 4 * * *',
    run: () => prune(),
  };
}
