import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { checkInJob } from '../../src/jobs/checkInJob.js';
import { createScheduler, type Job } from '../../src/jobs/scheduler.js';
import { createLogger } from '../../src/logger.js';
import { setCheckIn } from '../../src/services/checkInSettings.js';
import { testDeps } from '../support/factories.js';

function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      callback();
    },
  });
  return { logger: createLogger('info', stream), lines };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function deferred() {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('createScheduler', () => {
  it('runs each job on its cron, logs every run, and isolates errors per run', async () => {
    const { logger, lines } = capturingLogger();
    let ticks = 0;
    let flaky = 0;
    const jobs: Job[] = [
      {
        name: 'every-second',
        cron: '* * * * * *',
        run: () => Promise.resolve({ tick: ++ticks }),
      },
      {
        name: 'flaky',
        cron: '* * * * * *',
        run: () => (++flaky === 1 ? Promise.reject(new Error('first run fails')) : Promise.resolve('ok')),
      },
    ];
    const scheduler = createScheduler({ jobs, clock: systemClock, logger });
    scheduler.start();
    await sleep(2_300);
    await scheduler.stop();
    const stoppedAt = ticks;
    await sleep(1_200);

    expect(ticks).toBeGreaterThanOrEqual(2);
    expect(ticks).toBe(stoppedAt);
    expect(flaky).toBeGreaterThanOrEqual(2);
    const finished = lines.filter((l) => l.msg === 'job finished');
    expect(finished).toContainEqual(
      expect.objectContaining({ job: 'every-second', result: { tick: 1 }, ms: expect.any(Number) as number }),
    );
    expect(finished).toContainEqual(expect.objectContaining({ job: 'flaky', result: 'ok' }));
    expect(lines).toContainEqual(
      expect.objectContaining({
        msg: 'job failed',
        job: 'flaky',
        err: expect.objectContaining({ message: 'first run fails' }) as unknown,
      }),
    );
  });

  it('refuses an invalid cron expression or two jobs with one name, before anything runs', () => {
    const { logger } = capturingLogger();
    const run = () => Promise.resolve();
    expect(() => {
      createScheduler({
        jobs: [{ name: 'bad', cron: 'every minute', run }],
        clock: systemClock,
        logger,
      }).start();
    }).toThrow(/invalid cron/);
    expect(() =>
      createScheduler({
        jobs: [
          { name: 'same', cron: '* * * * *', run },
          { name: 'same', cron: '* * * * *', run },
        ],
        clock: systemClock,
        logger,
      }),
    ).toThrow(/Two scheduled jobs/);
  });

  it('stop() waits for a running job to finish', async () => {
    const { logger } = capturingLogger();
    const gate = deferred();
    let finished = false;
    const job: Job = {
      name: 'slow',
      cron: '0 0 1 1 *',
      run: async () => {
        await gate.promise;
        finished = true;
      },
    };
    const scheduler = createScheduler({ jobs: [job], clock: systemClock, logger });
    scheduler.start();
    const running = scheduler.runNow('slow');
    expect(scheduler.runNow('slow')).toBe(running); // one run per job at a time
    let stopped = false;
    const stopping = scheduler.stop().then(() => {
      stopped = true;
    });
    await sleep(50);
    expect(stopped).toBe(false);
    gate.resolve();
    await stopping;
    expect(finished).toBe(true);
  });

  it('stop() gives up waiting after the timeout, and says so', async () => {
    const { logger, lines } = capturingLogger();
    const job: Job = { name: 'stuck', cron: '0 0 1 1 *', run: () => new Promise(() => undefined) };
    const scheduler = createScheduler({ jobs: [job], clock: systemClock, logger, stopTimeoutMs: 100 });
    scheduler.start();
    void scheduler.runNow('stuck');
    const started = performance.now();
    await scheduler.stop();
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(lines).toContainEqual(
      expect.objectContaining({ msg: 'scheduler stopped with jobs still running' }),
    );
  });
});

describe('catchUp', () => {
  it('runs every job once at start, with the clock’s now, and shares a run already in progress', async () => {
    const { logger, lines } = capturingLogger();
    const seen: string[] = [];
    const gate = deferred();
    const jobs: Job[] = [
      {
        name: 'quick',
        cron: '0 0 1 1 *',
        run: (now) => {
          seen.push(`quick ${now.toISOString()}`);
          return Promise.resolve('ok');
        },
      },
      {
        name: 'gated',
        cron: '0 0 1 1 *',
        run: async (now) => {
          seen.push(`gated ${now.toISOString()}`);
          await gate.promise;
        },
      },
    ];
    const deps = testDeps('2026-11-30T10:00:00Z');
    const scheduler = createScheduler({ jobs, clock: deps.clock, logger });
    scheduler.start();
    const gated = scheduler.runNow('gated');
    let caughtUp = false;
    const catchingUp = scheduler.catchUp().then(() => {
      caughtUp = true;
    });
    await sleep(20);
    expect(caughtUp).toBe(false); // waits for the run that was already going
    gate.resolve();
    await Promise.all([gated, catchingUp]);
    await scheduler.stop();
    expect(seen).toEqual(['gated 2026-11-30T10:00:00.000Z', 'quick 2026-11-30T10:00:00.000Z']);
    expect(lines.filter((l) => l.msg === 'job finished').map((l) => l.job)).toEqual(['quick', 'gated']);
  });
});

describe('checkInJob', () => {
  it('runs every 15 seconds and sends what is due', async () => {
    const deps = testDeps('2026-11-25T09:00:00Z');
    await setCheckIn(deps, { ownerId: 'u1', time: '19:00', timezone: 'Europe/Berlin' });
    const job = checkInJob(deps);
    expect(job.cron).toBe('*/15 * * * * *');
    deps.clock.set('2026-11-25T18:00:00Z');
    expect(await job.run(deps.clock.now())).toMatchObject({ due: 1, sent: 1 });
    expect(await job.run(deps.clock.now())).toMatchObject({ due: 0, sent: 0 });
    expect(deps.notifier.dms).toHaveLength(1);
  });

  it('runs through the scheduler with the job table', async () => {
    const deps = testDeps('2026-11-25T09:00:00Z');
    await setCheckIn(deps, { ownerId: 'u1', time: '19:00', timezone: 'Europe/Berlin' });
    deps.clock.set('2026-11-25T18:00:00Z');
    const { logger, lines } = capturingLogger();
    const scheduler = createScheduler({ jobs: [checkInJob(deps)], clock: deps.clock, logger });
    scheduler.start();
    await scheduler.runNow('check-ins');
    await scheduler.stop();
    expect(deps.notifier.dms).toHaveLength(1);
    expect(lines).toContainEqual(
      expect.objectContaining({
        msg: 'job finished',
        job: 'check-ins',
        result: expect.objectContaining({ sent: 1 }) as unknown,
      }),
    );
  });

  it('logs a run that found nothing due at debug level only (it runs 4 times a minute)', async () => {
    const deps = testDeps('2026-11-25T09:00:00Z');
    await setCheckIn(deps, { ownerId: 'u1', time: '19:00', timezone: 'Europe/Berlin' });
    deps.clock.set('2026-11-25T18:00:00Z');
    const { logger, lines } = capturingLogger();
    const scheduler = createScheduler({ jobs: [checkInJob(deps)], clock: deps.clock, logger });
    await scheduler.runNow('check-ins');
    await scheduler.runNow('check-ins');
    const finished = lines.filter((l) => l.msg === 'job finished' && l.job === 'check-ins');
    expect(finished).toEqual([
      expect.objectContaining({ result: expect.objectContaining({ due: 1, sent: 1 }) as unknown }),
    ]);
  });
});
