import type { Deps } from '../services/deps.js';
import { DIGEST_HOUR_UTC, runWeeklyDigest } from '../services/community/weeklyDigest.js';
import type { Job } from './scheduler.js';

/**
 * The weekly digest, Mondays 09:00 UTC: each server gets the ISO week that just ended, once. A second
 * tick, a restart or a second process posts nothing twice: (server, week) is claimed in digest_sends
 * before posting. The scheduler's catch-up at start sends a digest missed while the bot was down, as
 * long as its following week lasts.
 */
export function weeklyDigestJob(deps: Deps): Job {
  return {
    name: 'weekly-digest',
    cron: `0 ${DIGEST_HOUR_UTC} * * 1`,
    timezone: 'UTC',
    run: (now) => runWeeklyDigest(deps, { now }),
  };
}
