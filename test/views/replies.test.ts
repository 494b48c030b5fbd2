import { describe, expect, it } from 'vitest';
import {
  autoShareReply,
  botMissingReply,
  communityStatusReply,
  permissionLabel,
  shareWinReply,
  WINS_CHANNEL_PERMISSIONS,
  winsChannelOffReply,
  winsChannelSetReply,
} from '../../src/discord/views/communityReplies.js';
import { checkInFooter, dmText } from '../../src/discord/views/checkInMessage.js';
import { renderPaused, renderResumed } from '../../src/discord/views/checkInViews.js';
import { renderDeleted } from '../../src/discord/views/myDataViews.js';

const WINS = '400000000000000001';

describe('community replies', () => {
  it('names exactly the permissions the bot lacks, readably, with the channel as a mention', () => {
    expect(botMissingReply(WINS, ['SendMessages', 'AttachFiles'])).toBe(
      `I can't post in <#${WINS}> yet: I'm missing Send Messages and Attach Files there. Give me those in the channel settings, then run \`/community set\` again.`,
    );
    expect(botMissingReply(WINS, ['ViewChannel'])).toContain("I'm missing View Channel there.");
    expect(WINS_CHANNEL_PERMISSIONS.map(permissionLabel)).toEqual([
      'View Channel',
      'Send Messages',
      'Embed Links',
      'Attach Files',
    ]);
  });

  it('confirms the wins channel, and turning it off, by mention', () => {
    expect(winsChannelSetReply({ channelId: WINS, previousChannelId: null })).toMatch(
      new RegExp(`^Wins will be posted in <#${WINS}>, and the weekly digest goes there too\\.`),
    );
    expect(winsChannelOffReply({ previousChannelId: WINS })).toContain(
      `I will no longer post wins or the weekly digest in <#${WINS}>.`,
    );
    expect(winsChannelOffReply({ previousChannelId: null })).toBe(
      'Community posts are already off in this server.',
    );
  });

  it('reports the week with the right plurals, and how to start when there is no channel', () => {
    const week = { weekKey: '2026-W48', winsThisWeek: 1, milestonesThisWeek: 2 };
    expect(communityStatusReply({ channelId: WINS, ...week })).toBe(
      `Wins channel: <#${WINS}>.\nThis week (2026-W48): 1 shared win, 2 milestones.`,
    );
    expect(
      communityStatusReply({ channelId: null, weekKey: '2026-W48', winsThisWeek: 0, milestonesThisWeek: 1 }),
    ).toBe(
      'No wins channel yet: a server manager can set one with `/community set`.\nThis week (2026-W48): 0 shared wins, 1 milestone.',
    );
  });

  it('thanks the owner after sharing, and says when the photo could not come along', () => {
    const shared = { channelId: WINS, messageId: 'm1', catName: 'Mochi' };
    expect(shareWinReply({ ...shared, photoFailed: false })).toBe(
      `Shared in <#${WINS}>! 🎉 Thank you for celebrating the small wins.`,
    );
    expect(shareWinReply({ ...shared, photoFailed: true })).toContain('could not download your photo');
  });

  it('answers /share auto from the facts: on, with the servers counted, or off', () => {
    expect(autoShareReply({ enabled: true, servers: 2 })).toBe(
      'Automatic posts are on: stage-ups and milestones will be celebrated in the wins channel of the servers where you use me (2 so far). Turn them off any time with `/share auto enabled:false`.',
    );
    expect(autoShareReply({ enabled: false, servers: 2 })).toBe(
      'Automatic posts are off. Your progress stays between you and me unless you `/share win` it.',
    );
  });
});

describe('the /mydata delete answer', () => {
  const gone = { cats: 1, sessions: 1, sharedPosts: 3 };
  it('says what went, posts included, in the right numbers', () => {
    const { content } = renderDeleted({ ...gone, postsRemoved: 3, postsLeft: 0 });
    expect(content).toBe(
      'Done. Everything I knew about you is gone (1 cat, 1 session). If you come back, you start fresh. I also removed the 3 posts I had made for you in servers.',
    );
  });

  it('names the posts it could not reach, and who can remove them', () => {
    expect(renderDeleted({ ...gone, postsRemoved: 2, postsLeft: 1 }).content).toContain(
      '1 post I made for you could not be removed, because I can no longer reach its channel; a server moderator can delete it.',
    );
    expect(renderDeleted({ ...gone, postsRemoved: 0, postsLeft: 3 }).content).not.toContain('I also removed');
  });
});

describe('check-in words the services hand over as facts', () => {
  it('pause and resume name the command that ends a pause, and the local times', () => {
    expect(renderPaused({ until: null, untilLocal: null })).toBe(
      'Check-ins are paused until you turn them back on with `/checkin resume`. Your progress is kept safe.',
    );
    expect(renderPaused({ until: new Date(0), untilLocal: 'Sat 28 Nov, 10:00' })).toBe(
      'Check-ins are paused until Sat 28 Nov, 10:00. Enjoy the break; your progress is kept safe.',
    );
    const status = {
      enabled: true,
      time: '19:00',
      timezone: 'Europe/Berlin',
      nextAt: null,
      nextLocal: 'Wed 25 Nov, 19:00',
      paused: false,
      pausedReason: null,
      pausedUntil: null,
      pausedUntilLocal: null,
      dmsReachable: true,
    };
    expect(renderResumed(status)).toBe('Welcome back! Your next check-in is Wed 25 Nov, 19:00.');
    expect(renderResumed({ ...status, nextLocal: null })).toBe('Welcome back! Check-ins are on again.');
  });

  it('points an owner without cats to the command that adds one, under the check-in', () => {
    const view = { ownerId: 'u1', localDate: '2026-11-25', nudge: false, opener: 'Hello!', cats: [] };
    expect(checkInFooter(view)).toBe(
      'Add your cat with `/cat add` and I will bring a tiny step for them here each day.',
    );
  });

  it('words the plain-text DMs', () => {
    expect(dmText({ kind: 'checkInConfirm', time: '19:00', timezone: 'Europe/Berlin' })).toBe(
      'All set! I will check in here every day at 19:00 (Europe/Berlin). Need a break? `/checkin pause` any time.',
    );
    expect(dmText({ kind: 'autoPause' })).toBe(
      'It has been quiet for a while, so I have paused the daily check-ins. Use /checkin resume whenever you want them back. Your cats’ progress is kept safe.',
    );
  });
});
