import { runWeeklyDigest } from '../services/community.js';
import type { Deps } from '../services/deps.js';
import type { Job } from './scheduler.js';

/**
 * The weekly digest, Mondays 09:00 UTC: each server gets the ISO week that just ended, once. A second
 * tick, a restart or a boot-time catch-up (`runNow`) posts nothing twice: (server, week) is claimed in
 * digest_sends before posting.
 */
export function weeklyDigestJob(deps: Deps): Job {
  return {
    name: 'weekly-digest',
    cron: '0 9 * * 1',
    timezone: 'UTC',
    run: (now) => runWeeklyDigest(deps, { now }),
  };
}
