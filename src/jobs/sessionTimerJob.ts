import type { SessionTimerRunSummary } from '../services/sessionTimers.js';
import type { Job } from './scheduler.js';

/**
 * Every 5 seconds: fire the session timers that are due (the database says which). So often because
 * "stop now" should come when the time is up, not a quarter of a minute later; a run that finds nothing
 * due is one indexed query and logs at debug level. A timer held by a process that died is claimed again
 * once its lease runs out; at start-up the scheduler's catch-up fires what came due while the bot was down.
 */
export function sessionTimerJob(run: () => Promise<SessionTimerRunSummary>): Job {
  return {
    name: 'session-timers',
    cron: '*/5 * * * * *',
    run: () => run(),
    quiet: (result) => (result as SessionTimerRunSummary).due === 0,
  };
}
