/**
 * The scheduler: a table of jobs, each triggered by node-cron. Cron only *triggers*; what is due
 * comes from the database and `now`, so a missed or doubled trigger changes nothing.
 */
import { performance } from 'node:perf_hooks';
import { schedule, validate, type ScheduledTask } from 'node-cron';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';

/** One scheduled job, as data. `run` may throw: the error is logged and the next run goes ahead. */
export interface Job {
  readonly name: string;
  /** node-cron expression (5 fields, or 6 with seconds), read in `timezone`. */
  readonly cron: string;
  /** IANA zone the expression is read in; UTC when omitted, so a job runs the same wherever the bot is hosted. */
  readonly timezone?: string;
  run(now: Date): Promise<unknown>;
  /**
   * A frequent job logs its successful runs at debug level, not info (failures are always errors); a
   * function decides per run, from its result (e.g. quiet when the run found nothing to do).
   */
  readonly quiet?: boolean | ((result: unknown) => boolean);
}

export interface Scheduler {
  /** Starts every job's trigger. Throws at once (boot failure) for an invalid expression or duplicate name. */
  start(): void;
  /** Stops the triggers and waits (bounded) for runs in progress to finish. */
  stop(): Promise<void>;
  /** Runs a job now, with the same logging and error isolation (for tests, or by hand). */
  runNow(name: string): Promise<void>;
  /**
   * Runs every job once now, at start: what came due while the bot was down and is still relevant goes
   * out at once instead of at the next trigger. Safe for every job, since each decides from the database
   * and `now` what is due (a doubled trigger changes nothing). Resolves when all of them have finished.
   */
  catchUp(): Promise<void>;
}

export interface SchedulerOptions {
  readonly jobs: readonly Job[];
  readonly clock: Clock;
  readonly logger: Logger;
  /** How long stop() waits for running jobs. */
  readonly stopTimeoutMs?: number;
}

/** Creates the scheduler for a table of jobs; nothing runs before start(). */
export function createScheduler(options: SchedulerOptions): Scheduler {
  const { jobs, clock, logger } = options;
  const stopTimeoutMs = options.stopTimeoutMs ?? 30_000;
  const tasks: ScheduledTask[] = [];
  const running = new Set<Promise<void>>();
  let stopping = false;

  const names = new Set<string>();
  for (const job of jobs) {
    if (names.has(job.name)) throw new Error(`Two scheduled jobs are called "${job.name}".`);
    names.add(job.name);
  }

  async function execute(job: Job): Promise<void> {
    const now = clock.now();
    const started = performance.now();
    try {
      const result = await job.run(now);
      const ms = Math.round(performance.now() - started);
      const quiet = typeof job.quiet === 'function' ? job.quiet(result) : job.quiet === true;
      if (quiet) logger.debug({ job: job.name, ms, result }, 'job finished');
      else logger.info({ job: job.name, ms, result }, 'job finished');
    } catch (error) {
      const ms = Math.round(performance.now() - started);
      logger.error({ job: job.name, ms, err: error }, 'job failed');
    }
  }

  const active = new Map<string, Promise<void>>();

  // One run per job at a time, whether cron or runNow started it.
  function track(job: Job): Promise<void> {
    const current = active.get(job.name);
    if (current !== undefined) return current;
    const run = execute(job).finally(() => {
      running.delete(run);
      active.delete(job.name);
    });
    running.add(run);
    active.set(job.name, run);
    return run;
  }

  return {
    start() {
      if (stopping) throw new Error('The scheduler was stopped; create a new one.');
      if (tasks.length > 0) return;
      for (const job of jobs) {
        if (!validate(job.cron))
          throw new Error(`Job "${job.name}" has an invalid cron expression: ${job.cron}`);
      }
      for (const job of jobs) {
        // noOverlap: a tick that is still sending blocks the next trigger instead of running beside it.
        tasks.push(
          schedule(
            job.cron,
            () => {
              if (stopping) return;
              return track(job);
            },
            { name: job.name, noOverlap: true, timezone: job.timezone ?? 'UTC' },
          ),
        );
      }
      logger.info({ jobs: jobs.map((j) => ({ name: j.name, cron: j.cron })) }, 'scheduler started');
    },

    async stop() {
      stopping = true;
      for (const task of tasks.splice(0)) await task.destroy();
      if (running.size === 0) return;
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => {
          resolve(true);
        }, stopTimeoutMs);
      });
      const finished = Promise.allSettled([...running]).then(() => false);
      const late = await Promise.race([finished, timedOut]);
      clearTimeout(timer);
      if (late)
        logger.warn(
          { stillRunning: running.size, stopTimeoutMs },
          'scheduler stopped with jobs still running',
        );
    },

    runNow(name) {
      const job = jobs.find((j) => j.name === name);
      if (job === undefined) return Promise.reject(new Error(`No job called "${name}".`));
      return track(job);
    },

    async catchUp() {
      if (stopping) return;
      await Promise.all(jobs.map((job) => track(job)));
    },
  };
}
