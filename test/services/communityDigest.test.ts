import { describe, expect, it } from 'vitest';
import { weeklyDigestJob } from '../../src/jobs/weeklyDigestJob.js';
import { announceEffects } from '../../src/services/community/announce.js';
import { setAutoShare } from '../../src/services/community/autoShare.js';
import { shareWin } from '../../src/services/community/shareWin.js';
import { runWeeklyDigest } from '../../src/services/community/weeklyDigest.js';
import { disableWins, setWinsChannel } from '../../src/services/community/winsChannel.js';
import { noteGuildUse } from '../../src/services/owners.js';
import { givenCat } from '../support/factories.js';
import { ADMIN, GUILD, NEXT_MONDAY_9, WINS, digestViews, givenSession, setUp } from './communityFixtures.js';

describe('weekly digest', () => {
  it('posts last week’s wins once, however many times it runs', async () => {
    const deps = await setUp();
    await givenCat(deps, 'u1', 'Mochi');
    await shareWin(deps, { ownerId: 'u1', guildId: GUILD, message: 'Mochi sniffed a dandelion' });
    deps.notifier.posts.length = 0;

    deps.clock.set(NEXT_MONDAY_9);
    const first = await runWeeklyDigest(deps);
    const second = await runWeeklyDigest(deps);
    const job = weeklyDigestJob(deps);
    await job.run(new Date('2026-11-30T09:05:00Z'));

    expect(first).toMatchObject({ weekKey: '2026-W48', sent: 1, empty: 0, failed: 0 });
    expect(second).toMatchObject({ sent: 0, guilds: [{ guildId: GUILD, status: 'already_done' }] });
    expect(deps.notifier.posts).toHaveLength(1);
    expect(deps.notifier.posts[0]?.channelId).toBe(WINS);
    expect(digestViews(deps)).toEqual([
      {
        weekKey: '2026-W48',
        wins: [{ ownerId: 'u1', catName: 'Mochi', message: 'Mochi sniffed a dandelion' }],
        milestones: [],
        trendLine: null,
      },
    ]);
    expect(await deps.data.rows('digestSends')).toEqual([
      expect.objectContaining({ guildId: GUILD, weekKey: '2026-W48', status: 'sent' }),
    ]);
    expect(job).toMatchObject({ name: 'weekly-digest', cron: '0 9 * * 1', timezone: 'UTC' });
  });

  it('posts nothing at all for a week with nothing to celebrate', async () => {
    const deps = await setUp();
    const catId = await givenCat(deps, 'u1', 'Mochi');
    await noteGuildUse(deps, 'u1', GUILD);
    await givenSession(deps, catId, '2026-11-24T10:00:00Z', ['moderate']); // trained, shared nothing
    deps.clock.set(NEXT_MONDAY_9);
    const summary = await runWeeklyDigest(deps);
    expect(summary).toMatchObject({ weekKey: '2026-W48', sent: 0, empty: 1 });
    expect(deps.notifier.posts).toHaveLength(0);
    expect((await deps.data.rows('digestSends'))[0]?.status).toBe('empty');
  });

  it('leaves out wins from other weeks and servers, and servers without a wins channel', async () => {
    const deps = await setUp('2026-11-22T23:59:00Z'); // Sunday of W47
    await setWinsChannel(deps, { guildId: 'g2', channelId: 'c2', userId: ADMIN, canManageGuild: true });
    await shareWin(deps, { ownerId: 'u1', guildId: GUILD, message: 'W47' });
    deps.clock.set('2026-11-23T00:00:00Z'); // Monday of W48
    await shareWin(deps, { ownerId: 'u1', guildId: 'g2', message: 'W48 in g2' });
    deps.clock.set('2026-11-29T23:59:59Z');
    await shareWin(deps, { ownerId: 'u2', guildId: GUILD, message: 'W48 in g1' });
    deps.clock.set('2026-11-30T00:00:00Z');
    await shareWin(deps, { ownerId: 'u2', guildId: GUILD, message: 'W49' });
    await disableWins(deps, { guildId: 'g2', canManageGuild: true });
    deps.notifier.posts.length = 0;

    deps.clock.set(NEXT_MONDAY_9);
    const summary = await runWeeklyDigest(deps);
    expect(summary.guilds).toEqual([{ guildId: GUILD, status: 'sent' }]);
    expect(digestViews(deps).map((v) => v.wins.map((w) => w.message))).toEqual([['W48 in g1']]);
  });

  it('includes opted-in milestones and a calmer-sessions line, and never names members who did not share', async () => {
    const deps = await setUp();
    const mochi = await givenCat(deps, 'u1', 'Mochi', 'first_outdoors');
    const quiet = await givenCat(deps, 'quiet-member', 'Shy');
    await noteGuildUse(deps, 'u1', GUILD);
    await noteGuildUse(deps, 'quiet-member', GUILD);
    await setAutoShare(deps, { ownerId: 'u1', enabled: true });
    await announceEffects(deps, {
      ownerId: 'u1',
      catId: mochi,
      effects: [{ type: 'milestone', milestone: 'first_outdoors' }],
    });
    // Tense early in the week, calm later on.
    await givenSession(deps, mochi, '2026-11-23T10:00:00Z', ['moderate']);
    await givenSession(deps, mochi, '2026-11-24T10:00:00Z', ['severe']);
    await givenSession(deps, mochi, '2026-11-27T10:00:00Z', ['win']);
    await givenSession(deps, mochi, '2026-11-28T10:00:00Z', ['mild']);
    // Not opted in, shared nothing: neither their sessions nor their name count.
    await givenSession(deps, quiet, '2026-11-28T11:00:00Z', ['severe']);
    await givenSession(deps, quiet, '2026-11-28T12:00:00Z', ['severe']);
    deps.notifier.posts.length = 0;

    deps.clock.set(NEXT_MONDAY_9);
    await runWeeklyDigest(deps);
    const [view] = digestViews(deps);
    expect(view?.wins).toEqual([]);
    expect(view?.milestones).toEqual([
      { ownerId: 'u1', catName: 'Mochi', message: 'First time outside! However long it lasted, it counts.' },
    ]);
    expect(view?.trendLine).toContain('Calmer sessions this week');
    expect(JSON.stringify(view)).not.toContain('quiet-member');
  });

  it('leaves out milestones of an owner who has since opted out, and isolates a failing server', async () => {
    const deps = await setUp();
    await setWinsChannel(deps, { guildId: 'g2', channelId: 'c2', userId: ADMIN, canManageGuild: true });
    const mochi = await givenCat(deps, 'u1', 'Mochi', 'first_outdoors');
    await noteGuildUse(deps, 'u1', GUILD);
    await setAutoShare(deps, { ownerId: 'u1', enabled: true });
    await announceEffects(deps, {
      ownerId: 'u1',
      catId: mochi,
      effects: [{ type: 'milestone', milestone: 'first_outdoors' }],
    });
    await setAutoShare(deps, { ownerId: 'u1', enabled: false });
    await shareWin(deps, { ownerId: 'u2', guildId: 'g2', message: 'g2 win' });
    deps.notifier.posts.length = 0;
    deps.notifier.forbiddenChannels.add('c2');

    deps.clock.set(NEXT_MONDAY_9);
    const summary = await runWeeklyDigest(deps);
    expect(summary).toMatchObject({ sent: 0, empty: 1, failed: 1 });
    expect(deps.notifier.posts).toHaveLength(0);
    expect((await deps.data.rows('digestSends')).find((r) => r.guildId === 'g2')?.status).toBe('failed');
  });
});
