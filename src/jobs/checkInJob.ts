import type { Deps } from '../services/deps.js';
import { runDueCheckIns, type CheckInRunSummary, type RunOptions } from '../services/checkInRun.js';
import type { Job } from './scheduler.js';

/**
 * Every 15 seconds: send the check-ins that are due (the database decides what is due, not cron). So
 * often because a process that dies mid-send leaves claims whose lease runs out within 20 s: whichever
 * process looks next re-sends them, well within a minute of the death (see services/checkInRun.ts).
 * A run that found nothing due logs at debug level (4 runs a minute would otherwise fill the log).
 */
export function checkInJob(
  deps: Deps,
  options: RunOptions = {},
  onSummary?: (summary: CheckInRunSummary) => void,
): Job {
  return {
    name: 'check-ins',
    cron: '*/15 * * * * *',
    run: async () => {
      const summary = await runDueCheckIns(deps, options);
      onSummary?.(summary);
      return summary;
    },
    quiet: (result) => (result as CheckInRunSummary).due === 0,
  };
}
