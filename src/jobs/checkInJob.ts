import type { Deps } from '../services/deps.js';
import { runDueCheckIns, type RunOptions } from '../services/checkInRun.js';
import type { Job } from './scheduler.js';

/** Every minute: send the check-ins that are due (the database decides what is due, not cron). */
export function checkInJob(deps: Deps, options: RunOptions = {}): Job {
  return {
    name: 'check-ins',
    cron: '* * * * *',
    run: () => runDueCheckIns(deps, options),
  };
}
