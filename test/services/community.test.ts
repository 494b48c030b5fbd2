import { describe, expect, it } from 'vitest';
import type { Effect } from '../../src/domain/coach.js';
import { announceEffects } from '../../src/services/community/announce.js';
import { setAutoShare } from '../../src/services/community/autoShare.js';
import { shareWin } from '../../src/services/community/shareWin.js';
import { communityStatus, disableWins, setWinsChannel } from '../../src/services/community/winsChannel.js';
import { createServices } from '../../src/services/index.js';
import { noteGuildUse } from '../../src/services/owners.js';
import { PhotoFetchError } from '../../src/services/ports.js';
import { backendDeps, givenCat } from '../support/factories.js';
import {
  ADMIN,
  type CommunityTestDeps,
  GUILD,
  MiB,
  PNG,
  WEDNESDAY,
  WINS,
  expectUserError,
  fakePhotos,
  photo,
  setUp,
  winViews,
  withPhotos,
} from './communityFixtures.js';

describe('/community set | off | status', () => {
  it('lets a server manager name the wins channel, and remembers who did', async () => {
    const deps = await backendDeps();
    const view = await setWinsChannel(deps, {
      guildId: GUILD,
      channelId: WINS,
      userId: ADMIN,
      canManageGuild: true,
    });
    expect(view).toEqual({ channelId: WINS, previousChannelId: null });
    expect(await communityStatus(deps, { guildId: GUILD })).toMatchObject({
      channelId: WINS,
      winsThisWeek: 0,
    });

    const moved = await setWinsChannel(deps, {
      guildId: GUILD,
      channelId: 'c2',
      userId: ADMIN,
      canManageGuild: true,
    });
    expect(moved.previousChannelId).toBe(WINS);
    expect((await communityStatus(deps, { guildId: GUILD })).channelId).toBe('c2');
  });

  it('refuses members without Manage Server, for set and off alike', async () => {
    const deps = await setUp();
    const message = await expectUserError(
      () => setWinsChannel(deps, { guildId: GUILD, channelId: 'c2', userId: 'u1', canManageGuild: false }),
      'missing_permission',
    );
    expect(message).toContain('Only server managers (Manage Server)');
    await expectUserError(
      () => disableWins(deps, { guildId: GUILD, canManageGuild: false }),
      'missing_permission',
    );
    expect((await communityStatus(deps, { guildId: GUILD })).channelId).toBe(WINS);
  });

  it('turns posting off, and says so when it already was', async () => {
    const deps = await setUp();
    expect((await disableWins(deps, { guildId: GUILD, canManageGuild: true })).previousChannelId).toBe(WINS);
    expect((await communityStatus(deps, { guildId: GUILD })).channelId).toBeNull();
    expect(await disableWins(deps, { guildId: GUILD, canManageGuild: true })).toEqual({
      previousChannelId: null,
    });
  });

  it('counts the wins shared this ISO week only', async () => {
    const deps = await setUp('2026-11-20T12:00:00Z'); // the week before
    await shareWin(deps, { ownerId: 'u1', guildId: GUILD, message: 'last week' });
    deps.clock.set(WEDNESDAY);
    await shareWin(deps, { ownerId: 'u1', guildId: GUILD, message: 'this week' });
    await shareWin(deps, { ownerId: 'u2', guildId: GUILD, message: 'this week too' });
    expect(await communityStatus(deps, { guildId: GUILD })).toEqual({
      channelId: WINS,
      winsThisWeek: 2,
      milestonesThisWeek: 0,
      weekKey: '2026-W48',
    });
  });
});

describe('/share win', () => {
  it('posts the win credited to the owner, with the only cat and its stage, and records it', async () => {
    const deps = await setUp();
    await givenCat(deps, 'u1', 'Mochi', 'leash_drag');
    const result = await shareWin(deps, {
      ownerId: 'u1',
      guildId: GUILD,
      message: '  Mochi walked to the door!  ',
    });

    expect(result).toMatchObject({ channelId: WINS, catName: 'Mochi', photoFailed: false });
    expect(deps.notifier.posts).toHaveLength(1);
    expect(deps.notifier.posts[0]?.channelId).toBe(WINS);
    expect(winViews(deps)[0]).toEqual({
      ownerId: 'u1',
      catName: 'Mochi',
      stageName: 'Leash drag',
      position: 5,
      message: 'Mochi walked to the door!',
      milestone: false,
      photo: null,
      photoFailed: false,
    });
    const rows = await deps.data.rows('sharedWins');
    expect(rows).toEqual([
      expect.objectContaining({
        guildId: GUILD,
        ownerId: 'u1',
        kind: 'win',
        milestone: null,
        message: 'Mochi walked to the door!',
        messageId: result.messageId,
        channelId: WINS,
        hasPhoto: false,
      }),
    ]);
  });

  it('keeps "@everyone" and mention markup as plain text in the view (mentions are disabled at render)', async () => {
    const deps = await setUp();
    const message = '@everyone look! <@&123> @here';
    await shareWin(deps, { ownerId: 'u1', guildId: GUILD, message });
    expect(winViews(deps)[0]?.message).toBe(message);
  });

  it('uses the named cat, no cat when several and none named, and refuses an unknown one', async () => {
    const deps = await setUp();
    await givenCat(deps, 'u1', 'Mochi');
    await givenCat(deps, 'u1', 'Tofu', 'indoor_safari');
    await shareWin(deps, { ownerId: 'u1', guildId: GUILD, message: 'a', cat: 'tofu' });
    await shareWin(deps, { ownerId: 'u1', guildId: GUILD, message: 'b' });
    expect(winViews(deps).map((v) => [v.catName, v.stageName])).toEqual([
      ['Tofu', 'Indoor safari'],
      [null, null],
    ]);
    await expectUserError(
      shareWin(deps, { ownerId: 'u1', guildId: GUILD, message: 'c', cat: 'Biscuit' }),
      'unknown_cat',
    );
    expect(deps.notifier.posts).toHaveLength(2);
  });

  it('checks the message length: empty and over 500 characters are refused, exactly 500 is fine', async () => {
    const deps = await setUp();
    await expectUserError(shareWin(deps, { ownerId: 'u1', guildId: GUILD, message: '   ' }), 'empty_text');
    const tooLong = await expectUserError(
      shareWin(deps, { ownerId: 'u1', guildId: GUILD, message: 'x'.repeat(501) }),
      'text_too_long',
    );
    expect(tooLong).toContain('500');
    await shareWin(deps, { ownerId: 'u1', guildId: GUILD, message: `  ${'🐾'.repeat(500)}  ` });
    expect(winViews(deps)).toHaveLength(1);
  });

  it('without a wins channel, tells an owner to ask a manager and a manager how to set one', async () => {
    const deps = withPhotos(await backendDeps());
    const owner = await expectUserError(
      shareWin(deps, { ownerId: 'u1', guildId: GUILD, message: 'yay' }),
      'no_wins_channel',
    );
    expect(owner).toContain('Ask a server manager to run `/community set`');
    const admin = await expectUserError(
      shareWin(deps, { ownerId: 'u1', guildId: GUILD, message: 'yay', isAdmin: true }),
      'no_wins_channel',
    );
    expect(admin).toContain('Run `/community set channel:#…`');
    expect(deps.notifier.posts).toHaveLength(0);
  });

  it('tells the owner when the bot may not post in the wins channel, and records nothing', async () => {
    const deps = await setUp();
    deps.notifier.forbiddenChannels.add(WINS);
    const message = await expectUserError(
      shareWin(deps, { ownerId: 'u1', guildId: GUILD, message: 'yay' }),
      'missing_permission',
    );
    expect(message).toContain("I can't post in this server's wins channel");
    expect(message).toContain('A server manager should check');
    expect(await deps.data.rows('sharedWins')).toHaveLength(0);
  });

  describe('photos', () => {
    it('downloads a good photo with the size cap and timeout, and re-uploads it', async () => {
      const deps = await setUp();
      const photos = fakePhotos(PNG);
      const result = await shareWin(
        { ...deps, photos },
        { ownerId: 'u1', guildId: GUILD, message: 'look', photo: photo({ name: 'My Cat!!.PNG' }) },
      );
      expect(photos.calls).toEqual([
        { url: 'https://cdn.example/attachments/1/2/mochi.png', maxBytes: 8 * MiB, timeoutMs: 10_000 },
      ]);
      expect(result.photoFailed).toBe(false);
      expect(winViews(deps)[0]?.photo).toEqual({ name: 'My_Cat.png', data: PNG, contentType: 'image/png' });
      expect((await deps.data.rows('sharedWins'))[0]?.hasPhoto).toBe(true);
    });

    it('uses the PhotoFetcher it is given: a dependency like the notifier, with no default of its own', async () => {
      const deps = await setUp();
      const photos = fakePhotos(PNG);
      const services = createServices({ ...deps, photos });
      await services.shareWin({ ownerId: 'u1', guildId: GUILD, message: 'look', photo: photo() });
      expect(photos.calls).toHaveLength(1);
      expect(winViews(deps)[0]?.photo?.data).toBe(PNG);
      const { photos: _none, ...withoutPhotos } = deps;
      // @ts-expect-error -- /share win's deps must bring a PhotoFetcher (checked by tsc)
      const _missing: Parameters<typeof shareWin>[0] = withoutPhotos;
    });

    it('accepts an image by its extension when Discord gave no content type', async () => {
      const deps = await setUp();
      await shareWin(
        { ...deps, photos: fakePhotos(PNG) },
        {
          ownerId: 'u1',
          guildId: GUILD,
          message: 'look',
          photo: photo({ contentType: null, name: 'x.png' }),
        },
      );
      expect(winViews(deps)[0]?.photo?.contentType).toBe('image/png');
    });

    it('refuses a photo declared over 8 MiB before downloading or posting anything', async () => {
      const deps = await setUp();
      const photos = fakePhotos(PNG);
      const message = await expectUserError(
        shareWin(
          { ...deps, photos },
          { ownerId: 'u1', guildId: GUILD, message: 'x', photo: photo({ size: 8 * MiB + 1 }) },
        ),
        'bad_photo',
      );
      expect(message).toContain('Photos can be up to 8 MB');
      expect(photos.calls).toHaveLength(0);
      expect(deps.notifier.posts).toHaveLength(0);
    });

    it('refuses a photo that turns out too big while downloading, and posts nothing', async () => {
      const deps = await setUp();
      const message = await expectUserError(
        shareWin(
          { ...deps, photos: fakePhotos(new PhotoFetchError('too_large', 'More than 8 MiB')) },
          { ownerId: 'u1', guildId: GUILD, message: 'x', photo: photo({ size: 1000 }) },
        ),
        'bad_photo',
      );
      expect(message).toContain('Photos can be up to 8 MB');
      // A fetcher that ignores the cap is caught too.
      await expectUserError(
        shareWin(
          { ...deps, photos: fakePhotos(Buffer.concat([PNG, Buffer.alloc(8 * MiB)])) },
          { ownerId: 'u1', guildId: GUILD, message: 'x', photo: photo({ size: 1000 }) },
        ),
        'bad_photo',
      );
      expect(deps.notifier.posts).toHaveLength(0);
      expect(await deps.data.rows('sharedWins')).toHaveLength(0);
    });

    it.each([
      ['a PDF', { contentType: 'application/pdf', name: 'vet.pdf' }],
      ['an SVG', { contentType: 'image/svg+xml', name: 'cat.svg' }],
      ['a file with no type and no image extension', { contentType: null, name: 'notes.txt' }],
    ])('refuses %s as not an image, before posting', async (_label, over) => {
      const deps = await setUp();
      const photos = fakePhotos(PNG);
      const message = await expectUserError(
        shareWin({ ...deps, photos }, { ownerId: 'u1', guildId: GUILD, message: 'x', photo: photo(over) }),
        'bad_photo',
      );
      expect(message).toContain("That file isn't an image");
      expect(photos.calls).toHaveLength(0);
      expect(deps.notifier.posts).toHaveLength(0);
    });

    it('refuses a download whose bytes are not an image, whatever its name said', async () => {
      const deps = await setUp();
      await expectUserError(
        shareWin(
          { ...deps, photos: fakePhotos(Buffer.from('<html>not a png</html>')) },
          { ownerId: 'u1', guildId: GUILD, message: 'x', photo: photo() },
        ),
        'bad_photo',
      );
      expect(deps.notifier.posts).toHaveLength(0);
    });

    it('still posts the words when the download fails, and says so', async () => {
      const deps = await setUp();
      const result = await shareWin(
        { ...deps, photos: fakePhotos(new PhotoFetchError('timeout', 'The download took too long')) },
        { ownerId: 'u1', guildId: GUILD, message: 'sniffed a leaf', photo: photo() },
      );
      expect(result.photoFailed).toBe(true);
      expect(winViews(deps)[0]).toMatchObject({ message: 'sniffed a leaf', photo: null, photoFailed: true });
      expect((await deps.data.rows('sharedWins'))[0]?.hasPhoto).toBe(false);
    });
  });
});

describe('/share auto and automatic posts', () => {
  const effects: Effect[] = [
    { type: 'milestone', milestone: 'first_session' },
    { type: 'stageChanged', from: 'indoor_safari', to: 'first_outdoors', reason: 'advance' },
    { type: 'milestone', milestone: 'first_outdoors' },
    { type: 'goodDayCounted', goodDays: 1, needed: 3 },
  ];

  async function twoServers(): Promise<{ deps: CommunityTestDeps; catId: number }> {
    const deps = await setUp();
    await setWinsChannel(deps, { guildId: 'g2', channelId: 'c2-wins', userId: ADMIN, canManageGuild: true });
    const catId = await givenCat(deps, 'u1', 'Mochi', 'first_outdoors');
    await noteGuildUse(deps, 'u1', GUILD);
    await noteGuildUse(deps, 'u1', 'g2');
    await noteGuildUse(deps, 'u1', 'g3-no-channel');
    return { deps, catId };
  }

  it('posts nothing for an owner who did not opt in (the default)', async () => {
    const { deps, catId } = await twoServers();
    expect(await announceEffects(deps, { ownerId: 'u1', catId, effects })).toBe(0);
    await setAutoShare(deps, { ownerId: 'u1', enabled: true });
    await setAutoShare(deps, { ownerId: 'u1', enabled: false });
    expect(await announceEffects(deps, { ownerId: 'u1', catId, effects })).toBe(0);
    expect(deps.notifier.posts).toHaveLength(0);
  });

  it('posts each stage-up and public milestone once per server with a wins channel, even when effects repeat', async () => {
    const { deps, catId } = await twoServers();
    const opted = await setAutoShare(deps, { ownerId: 'u1', enabled: true });
    expect(opted).toMatchObject({ enabled: true, servers: 2 });

    expect(await announceEffects(deps, { ownerId: 'u1', catId, effects })).toBe(4);
    expect(await announceEffects(deps, { ownerId: 'u1', catId, effects })).toBe(0);
    expect(await announceEffects(deps, { ownerId: 'u1', catId, effects: [...effects, ...effects] })).toBe(0);

    const posted = deps.notifier.posts.map((p) => [
      p.channelId,
      p.post.kind === 'win' && p.post.view.milestone,
    ]);
    expect(posted.filter(([c]) => c === WINS)).toHaveLength(2);
    expect(posted.filter(([c]) => c === 'c2-wins')).toHaveLength(2);
    expect(posted.every(([, milestone]) => milestone === true)).toBe(true);
    const views = winViews(deps);
    expect(views.every((v) => v.ownerId === 'u1' && v.catName === 'Mochi' && v.photo === null)).toBe(true);
    expect(views.some((v) => v.message.includes('First steps outside'))).toBe(true);
    expect(views.some((v) => v.message.startsWith('First time outside!'))).toBe(true);
    // The first logged session is a private celebration.
    expect(views.some((v) => v.message.startsWith('First session'))).toBe(false);

    const rows = await deps.data.rows('sharedWins');
    expect(rows.map((r) => `${r.guildId}:${r.milestone}`).sort()).toEqual([
      'g1:first_outdoors',
      'g1:stage:first_outdoors',
      'g2:first_outdoors',
      'g2:stage:first_outdoors',
    ]);
    expect(rows.every((r) => r.kind === 'milestone' && r.messageId !== null)).toBe(true);
  });

  it('does not post a step back or a manual stage change, and reaching the goal once', async () => {
    const { deps, catId } = await twoServers();
    await setAutoShare(deps, { ownerId: 'u1', enabled: true });
    const quiet: Effect[] = [
      { type: 'stageChanged', from: 'first_outdoors', to: 'indoor_safari', reason: 'step_back' },
      { type: 'stageChanged', from: 'indoor_safari', to: 'leash_drag', reason: 'manual' },
    ];
    expect(await announceEffects(deps, { ownerId: 'u1', catId, effects: quiet })).toBe(0);
    const goal: Effect[] = [
      { type: 'stageChanged', from: 'first_outdoors', to: 'outdoor_explorer', reason: 'advance' },
      { type: 'milestone', milestone: 'goal_reached' },
    ];
    expect(await announceEffects(deps, { ownerId: 'u1', catId, effects: goal })).toBe(2); // one per server
  });

  it('isolates a server where the bot may not post, and never posts that milestone twice', async () => {
    const { deps, catId } = await twoServers();
    await setAutoShare(deps, { ownerId: 'u1', enabled: true });
    deps.notifier.forbiddenChannels.add(WINS);
    expect(await announceEffects(deps, { ownerId: 'u1', catId, effects })).toBe(2);
    expect(deps.notifier.posts.every((p) => p.channelId === 'c2-wins')).toBe(true);
    deps.notifier.forbiddenChannels.clear();
    expect(await announceEffects(deps, { ownerId: 'u1', catId, effects })).toBe(1); // only what was never tried in g1
  });

  it('ignores a cat that is not the owner’s', async () => {
    const { deps } = await twoServers();
    const other = await givenCat(deps, 'u2', 'Biscuit');
    await setAutoShare(deps, { ownerId: 'u1', enabled: true });
    expect(await announceEffects(deps, { ownerId: 'u1', catId: other, effects })).toBe(0);
  });
});
