import type { Deps } from '../services/deps.js';
import { runDueCheckIns, type CheckInRunSummary, type RunOptions } from '../services/checkInRun.js';
import type { Job } from './scheduler.js';

/** Every minute: send the check-ins that are due (the database decides what is due, not cron). */
export function checkInJob(
  deps: Deps,
  options: RunOptions = {},
  onSummary?: (summary: CheckInRunSummary) => void,
): Job {
  return {
    name: 'check-ins',
    cron: '* * * * *',
    run: async () => {
      const summary = await runDueCheckIns(deps, options);
      onSummary?.(summary);
      return summary;
    },
  };
}
