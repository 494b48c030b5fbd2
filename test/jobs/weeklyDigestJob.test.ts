import { describe, expect, it } from 'vitest';
import { digestSends } from '../../src/db/sqlite/schema.js';
import { checkInJob } from '../../src/jobs/checkInJob.js';
import { createScheduler } from '../../src/jobs/scheduler.js';
import { weeklyDigestJob } from '../../src/jobs/weeklyDigestJob.js';
import { shareWin } from '../../src/services/community/shareWin.js';
import { dueDigestWeek, runWeeklyDigest } from '../../src/services/community/weeklyDigest.js';
import { setWinsChannel } from '../../src/services/community/winsChannel.js';
import type { PhotoFetcher } from '../../src/services/ports.js';
import { testDeps, type TestDeps } from '../support/factories.js';

// ISO week 2026-W48 runs Mon 23 Nov – Sun 29 Nov; its digest is due Mon 30 Nov 09:00 UTC.
const WEDNESDAY_W48 = '2026-11-25T12:00:00Z';
const GUILD = 'g1';
const WINS = 'c-wins';

const noPhotos: PhotoFetcher = {
  fetchPhoto: () => Promise.reject(new Error('no photo in these tests')),
};

/** A server with a wins channel and one win shared in W48. */
async function givenWinInW48(): Promise<TestDeps> {
  const deps = testDeps(WEDNESDAY_W48);
  await setWinsChannel(deps, { guildId: GUILD, channelId: WINS, userId: 'admin', canManageGuild: true });
  await shareWin({ ...deps, photos: noPhotos }, { ownerId: 'u1', guildId: GUILD, message: 'sniffed a leaf' });
  deps.notifier.posts.length = 0;
  return deps;
}

/** The bot starting up as main.ts starts it: the job table, start, catch up, and (here) stop again. */
async function startBot(deps: TestDeps): Promise<void> {
  const scheduler = createScheduler({
    jobs: [checkInJob(deps), weeklyDigestJob(deps)],
    clock: deps.clock,
    logger: deps.logger,
  });
  scheduler.start();
  await scheduler.catchUp();
  await scheduler.stop();
}

function digestWeeks(deps: TestDeps): string[] {
  return deps.notifier.posts.flatMap((p) => (p.post.kind === 'digest' ? [p.post.view.weekKey] : []));
}

describe('the weekly digest catches up after downtime', () => {
  it.each([
    ['an hour after the digest time', '2026-11-30T10:00:00Z'],
    ['on the Wednesday after', '2026-12-02T15:30:00Z'],
    ['in the last second of the following week', '2026-12-06T23:59:59Z'],
  ])('a bot down over the digest time sends it once when it starts %s', async (_when, startAt) => {
    const deps = await givenWinInW48();
    deps.clock.set(startAt);
    await startBot(deps);
    expect(digestWeeks(deps)).toEqual(['2026-W48']);
    expect(deps.notifier.posts[0]?.channelId).toBe(WINS);
    expect(deps.db.select().from(digestSends).all()).toEqual([
      expect.objectContaining({ guildId: GUILD, weekKey: '2026-W48', status: 'sent' }),
    ]);
  });

  it('started twice, or by two processes at once, still sends one', async () => {
    const deps = await givenWinInW48();
    deps.clock.set('2026-11-30T11:00:00Z');
    await startBot(deps);
    deps.clock.set('2026-11-30T11:05:00Z');
    await startBot(deps);
    await Promise.all([startBot(deps), startBot(deps)]);
    expect(digestWeeks(deps)).toEqual(['2026-W48']);
  });

  it('sends a week older than that never: a bot back after its following week sends only the newer one', async () => {
    const deps = await givenWinInW48();
    deps.clock.set('2026-12-08T10:00:00Z'); // Tuesday of W50: W48's digest was due on 30 Nov
    await startBot(deps);
    expect(digestWeeks(deps)).toEqual([]);
    // W49 had nothing to celebrate; W48 was never claimed, and never will be.
    expect(deps.db.select().from(digestSends).all()).toEqual([
      expect.objectContaining({ guildId: GUILD, weekKey: '2026-W49', status: 'empty' }),
    ]);
  });

  it('does not send early: a start on Monday before the digest time waits for the schedule', async () => {
    const deps = await givenWinInW48();
    deps.clock.set('2026-11-30T08:59:59Z');
    await startBot(deps);
    expect(digestWeeks(deps)).toEqual([]);
    expect(deps.db.select().from(digestSends).all()).toEqual([]);

    deps.clock.set('2026-11-30T09:00:00Z');
    const summary = await weeklyDigestJob(deps).run(deps.clock.now());
    expect(summary).toMatchObject({ weekKey: '2026-W48', sent: 1 });
    await startBot(deps); // a restart right after sends nothing twice
    expect(digestWeeks(deps)).toEqual(['2026-W48']);
  });

  it('says when no digest is due', async () => {
    const deps = await givenWinInW48();
    expect(await runWeeklyDigest(deps, { now: new Date('2026-11-30T08:00:00Z') })).toEqual({
      weekKey: null,
      guilds: [],
      sent: 0,
      empty: 0,
      failed: 0,
    });
  });
});

describe('dueDigestWeek', () => {
  it.each([
    ['2026-11-30T08:59:59.999Z', null],
    ['2026-11-30T09:00:00Z', '2026-W48'],
    ['2026-12-03T12:00:00Z', '2026-W48'],
    ['2026-12-06T23:59:59.999Z', '2026-W48'],
    ['2026-12-07T00:00:00Z', null],
    ['2026-12-07T09:00:00Z', '2026-W49'],
    ['2027-01-04T09:00:00Z', '2026-W53'],
  ])('at %s: %s', (now, weekKey) => {
    expect(dueDigestWeek(new Date(now))?.weekKey ?? null).toBe(weekKey);
  });
});
