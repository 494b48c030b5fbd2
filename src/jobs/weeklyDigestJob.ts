import { runWeeklyDigest } from '../services/community.js';
import type { Deps } from '../services/deps.js';

/** Structurally the scheduler's Job (src/jobs/scheduler.ts): cron only triggers, the DB says what is due. */
interface Job {
  readonly name: string;
  readonly cron: string;
  run(now: Date): Promise<unknown>;
}

/**
 * The weekly digest, Mondays 09:00 UTC: each server gets last week's wins once. A second tick, a restart
 * or a catch-up run the same week posts nothing twice (the (server, week) claim is in digest_sends).
 */
export function weeklyDigestJob(deps: Deps): Job {
  return {
    name: 'weekly-digest',
    cron: '0 9 * * 1',
    run: (now) => runWeeklyDigest(deps, { now }),
  };
}
