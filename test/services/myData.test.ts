import { describe, expect, it } from 'vitest';
import type { StageId } from '../../src/domain/stages.js';
import type { StoredItem } from '../../src/services/store/sessions.js';
import { httpPhotoFetcher } from '../../src/adapters/httpPhotoFetcher.js';
import { announceEffects } from '../../src/services/community/announce.js';
import { setAutoShare } from '../../src/services/community/autoShare.js';
import { shareWin } from '../../src/services/community/shareWin.js';
import { setWinsChannel } from '../../src/services/community/winsChannel.js';
import type { PostRef } from '../../src/services/ports.js';
import {
  EXPORT_SCHEMA_VERSION,
  csvCell,
  deleteOwnerData,
  deleteOwnerEverywhere,
  exportOwnerData,
  exportSessionsCsv,
} from '../../src/services/myData.js';
import { noteGuildUse } from '../../src/services/owners.js';
import { startSessionTimer } from '../../src/services/sessionTimers.js';
import { backendDeps, givenCat, type BackendDeps } from '../support/factories.js';

const OWNER = '111111111111111111';
const OTHER = '222222222222222222';

function givenSession(
  deps: BackendDeps,
  catId: number,
  at: string,
  items: readonly Omit<StoredItem, 'id' | 'text'>[],
  extra: { note?: string | null; minutes?: number | null; stage?: string } = {},
): Promise<void> {
  return deps.data.insert('sessions', {
    catId,
    at: new Date(at),
    localDate: at.slice(0, 10),
    minutes: extra.minutes === undefined ? 3 : extra.minutes,
    rawText: items.map((i) => i.label).join(', '),
    recognised: items.map((i) => ({ ...i, id: i.label.replaceAll(' ', '_'), text: i.label })),
    note: extra.note ?? null,
    // A stage this version does not know stands for a hand-edited or newer file: reads must survive it.
    stage: (extra.stage ?? 'harness_drape') as StageId,
    worst: items[0]?.severity ?? null,
    outcome: 'good',
  });
}

/** An owner with a row in every table that can hold something about them. */
async function givenEverything(deps: BackendDeps, ownerId: string, guildId: string): Promise<number[]> {
  const mochi = await givenCat(deps, ownerId, 'Mochi', 'first_outdoors');
  const tofu = await givenCat(deps, ownerId, 'Tofu');
  await givenSession(
    deps,
    mochi,
    '2026-11-20T10:00:00Z',
    [{ label: 'sniffing', severity: 'win', expected: false }],
    {
      note: 'neighbour’s dog barked',
    },
  );
  await givenSession(deps, tofu, '2026-11-21T10:00:00Z', [
    { label: 'ears flat', severity: 'moderate', expected: false },
  ]);
  await deps.data.insert('stageChanges', {
    catId: mochi,
    at: new Date('2026-11-22T10:00:00Z'),
    fromStage: 'first_outdoors',
    toStage: 'indoor_safari',
    reason: 'step_back',
  });
  await deps.data.insert('pauses', {
    ownerId,
    startedAt: new Date('2026-11-01T00:00:00Z'),
    endedAt: new Date('2026-11-03T00:00:00Z'),
  });
  await deps.data.insert('skips', { ownerId, localDate: '2026-11-10', at: new Date('2026-11-10T18:00:00Z') });
  await deps.data.insert('checkInSends', {
    ownerId,
    localDate: '2026-11-11',
    kind: 'checkin',
    claimedAt: new Date('2026-11-11T08:00:00Z'),
    status: 'sent',
    messageId: 'm1',
  });
  await setWinsChannel(deps, {
    guildId,
    channelId: `${guildId}-wins`,
    userId: ownerId,
    canManageGuild: true,
  });
  await noteGuildUse(deps, ownerId, guildId);
  await shareWin(
    { ...deps, photos: httpPhotoFetcher },
    { ownerId, guildId, message: 'Mochi sniffed the grass', cat: 'Mochi' },
  );
  await setAutoShare(deps, { ownerId, enabled: true });
  await announceEffects(deps, {
    ownerId,
    catId: mochi,
    effects: [{ type: 'milestone', milestone: 'first_outdoors' }],
  });
  await startSessionTimer(deps, {
    ownerId,
    cat: 'Tofu',
    minutes: 3,
    followUp: { replyHandle: `app:${ownerId}-secret-token`, usableForMs: 720_000 },
  });
  return [mochi, tofu];
}

/** Rows in any table whose owner_id, updated_by or (owners') id is this owner, or that belong to their cats. */
async function rowsAbout(
  deps: BackendDeps,
  ownerId: string,
  catIds: readonly number[],
): Promise<Record<string, number>> {
  return {
    ...(await deps.data.rowsPointingAt(['owner_id', 'updated_by', 'id'], [ownerId])),
    ...(await deps.data.rowsPointingAt(['cat_id'], catIds)),
  };
}

describe('/mydata export', () => {
  it('holds the owner’s data from every table, and only theirs', async () => {
    const deps = await backendDeps();
    await givenEverything(deps, OWNER, 'g1');
    await givenEverything(deps, OTHER, 'g2');
    const data = await exportOwnerData(deps, OWNER);

    expect(data).toMatchObject({
      schemaVersion: EXPORT_SCHEMA_VERSION,
      ownerId: OWNER,
      exportedAt: '2026-11-25T09:00:00.000Z',
    });
    expect(data.settings).toMatchObject({ autoShare: true, dmChannelId: null, dmsReachable: true });
    expect(data.cats.map((c) => c['name'])).toEqual(['Mochi', 'Tofu']);
    const mochi = data.cats[0] as {
      sessions: { recognised: StoredItem[]; note: string }[];
      stageHistory: unknown[];
    };
    expect(mochi.sessions).toEqual([
      expect.objectContaining({
        note: 'neighbour’s dog barked',
        recognised: [expect.objectContaining({ label: 'sniffing', severity: 'win' })],
      }),
    ]);
    expect(mochi.stageHistory).toHaveLength(2); // created + step back
    expect(data.pauses).toHaveLength(1);
    expect(data.skippedDays).toEqual([expect.objectContaining({ localDate: '2026-11-10' })]);
    expect(data.checkIns).toEqual([expect.objectContaining({ localDate: '2026-11-11', kind: 'checkin' })]);
    expect(data.sharedWins.map((w) => [w['kind'], w['message']])).toEqual([
      ['win', 'Mochi sniffed the grass'],
      ['milestone', 'First time outside! However long it lasted, it counts.'],
    ]);
    expect(data.servers).toEqual([expect.objectContaining({ guildId: 'g1' })]);
    expect(data.serverSettingsChanged).toEqual([
      expect.objectContaining({ guildId: 'g1', winsChannelId: 'g1-wins' }),
    ]);
    expect(data.sessionTimer).toEqual({
      catId: (data.cats[1] as { id: number }).id,
      minutes: 3,
      startedAt: new Date('2026-11-25T09:00:00Z'),
      endsAt: new Date('2026-11-25T09:03:00Z'),
      status: 'running',
      deliveredVia: null,
      doneAt: null,
    });

    const json = JSON.stringify(data);
    expect(json).not.toContain(OTHER);
    expect(json).not.toContain('g2');
    // How to reach the owner's interaction is not theirs to keep (and useless after 15 minutes).
    expect(json).not.toContain('secret-token');
  });

  it('covers every table: each row about the owner shows up in the export', async () => {
    const deps = await backendDeps();
    const catIds = await givenEverything(deps, OWNER, 'g1');
    const data = await exportOwnerData(deps, OWNER);
    const exported: Record<string, number> = {
      'owners.id': data.settings ? 1 : 0,
      'cats.owner_id': data.cats.length,
      'sessions.cat_id': data.cats.flatMap((c) => c['sessions'] as unknown[]).length,
      'stage_changes.cat_id': data.cats.flatMap((c) => c['stageHistory'] as unknown[]).length,
      'pauses.owner_id': data.pauses.length,
      'skips.owner_id': data.skippedDays.length,
      'check_in_sends.owner_id': data.checkIns.length,
      'shared_wins.owner_id': data.sharedWins.length,
      'shared_wins.cat_id': data.sharedWins.length,
      'owner_guilds.owner_id': data.servers.length,
      'guild_settings.updated_by': data.serverSettingsChanged.length,
      'session_timers.owner_id': data.sessionTimer ? 1 : 0,
      'session_timers.cat_id': data.sessionTimer ? 1 : 0,
    };
    // A new table holding owner data fails here until the export includes it.
    expect(await rowsAbout(deps, OWNER, catIds)).toEqual(exported);
  });

  it('writes one sessions CSV per cat, with a header, RFC 4180 quoting and no formulas', async () => {
    const deps = await backendDeps();
    const mochi = await givenCat(deps, OWNER, 'Mochi');
    await givenCat(deps, OWNER, 'Tofu');
    await givenSession(
      deps,
      mochi,
      '2026-11-20T10:00:00Z',
      [
        { label: 'ears flat', severity: 'moderate', expected: false },
        { label: 'stiff-legged gait', severity: 'mild', expected: true },
      ],
      { note: 'said "no", then\nate, a treat', stage: 'harness_wear', minutes: 4 },
    );
    await givenSession(deps, mochi, '2026-11-21T10:00:00Z', [], {
      note: '=HYPERLINK("http://evil","x")',
      minutes: null,
    });
    await givenSession(deps, mochi, '2026-11-22T10:00:00Z', [], { note: '@SUM(1+1)' });
    await givenSession(deps, mochi, '2026-11-23T10:00:00Z', [], { note: '+1', stage: 'not_a_stage' });
    await givenSession(deps, mochi, '2026-11-24T10:00:00Z', [], { note: '-2' });

    const files = await exportSessionsCsv(deps, OWNER);
    expect(files.map((f) => [f.catName, f.filename])).toEqual([
      ['Mochi', 'mochi-sessions.csv'],
      ['Tofu', 'tofu-sessions.csv'],
    ]);
    const [csv, tofu] = files.map((f) => f.csv);
    expect(csv?.startsWith('\uFEFF')).toBe(true);
    const lines = csv?.slice(1).split('\r\n');
    expect(lines).toEqual([
      'date,local date,stage,minutes,signals (severity),outcome,note',
      '2026-11-20T10:00:00Z,2026-11-20,Wearing it indoors,4,"ears flat (moderate); stiff-legged gait (mild, expected at this stage)",good,"said ""no"", then\nate, a treat"',
      `2026-11-21T10:00:00Z,2026-11-21,Drape and treat,,,good,"'=HYPERLINK(""http://evil"",""x"")"`,
      "2026-11-22T10:00:00Z,2026-11-22,Drape and treat,3,,good,'@SUM(1+1)",
      "2026-11-23T10:00:00Z,2026-11-23,not_a_stage,3,,good,'+1",
      "2026-11-24T10:00:00Z,2026-11-24,Drape and treat,3,,good,'-2",
      '',
    ]);
    expect(tofu).toBe('\uFEFFdate,local date,stage,minutes,signals (severity),outcome,note\r\n');
  });

  it('quotes and neutralises single cells', () => {
    expect(csvCell(null)).toBe('');
    expect(csvCell(12)).toBe('12');
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('a\r\nb')).toBe('"a\r\nb"');
    expect(csvCell('\t=1')).toBe("'\t=1");
    expect(csvCell('=1,2')).toBe(`"'=1,2"`);
  });

  it('gives cats whose names clean up alike distinct file names', async () => {
    const deps = await backendDeps();
    await givenCat(deps, OWNER, 'Mimi!');
    await givenCat(deps, OWNER, 'Mimi?');
    await givenCat(deps, OWNER, '🐈');
    expect((await exportSessionsCsv(deps, OWNER)).map((f) => f.filename)).toEqual([
      'mimi-sessions.csv',
      expect.stringMatching(/^mimi-\d+-sessions\.csv$/),
      'cat-sessions.csv',
    ]);
  });
});

describe('/mydata delete', () => {
  it('leaves no row about the owner in any table, and keeps everyone else’s', async () => {
    const deps = await backendDeps();
    const catIds = await givenEverything(deps, OWNER, 'g1');
    await givenEverything(deps, OTHER, 'g2');
    const before = await rowsAbout(deps, OTHER, []);
    expect(Object.keys(await rowsAbout(deps, OWNER, catIds))).toHaveLength(13);

    const summary = await deleteOwnerData(deps, OWNER);

    expect(summary).toEqual({ cats: 2, sessions: 2, sharedPosts: 2 });
    expect(await rowsAbout(deps, OWNER, catIds)).toEqual({});
    expect(JSON.stringify(await exportOwnerData(deps, OWNER))).not.toMatch(/Mochi|g1/);
    expect(await rowsAbout(deps, OTHER, [])).toEqual(before);
    // Server settings are the server's: they stay, only the credit goes.
    expect(
      await deps.data.query('SELECT guild_id, updated_by FROM guild_settings ORDER BY guild_id'),
    ).toEqual([
      { guild_id: 'g1', updated_by: null },
      { guild_id: 'g2', updated_by: OTHER },
    ]);
  });

  it('forgets the owner as the last editor of a server’s settings, keeping the setting', async () => {
    const deps = await backendDeps();
    await givenEverything(deps, OWNER, 'g1');
    await deleteOwnerData(deps, OWNER);
    expect(await deps.data.query('SELECT wins_channel_id, updated_by FROM guild_settings')).toEqual([
      { wins_channel_id: 'g1-wins', updated_by: null },
    ]);
  });

  it('also clears tables it does not know by name (added later), by their owner_id column', async () => {
    const deps = await backendDeps();
    await givenCat(deps, OWNER, 'Mochi');
    await deps.data.query('CREATE TABLE future_nudges (owner_id TEXT NOT NULL, sent_at INTEGER)');
    await deps.data.query('INSERT INTO future_nudges VALUES (?, 1), (?, 2)', OWNER, OTHER);
    await deleteOwnerData(deps, OWNER);
    expect(await deps.data.query('SELECT owner_id FROM future_nudges')).toEqual([{ owner_id: OTHER }]);
  });

  it('does nothing harmful for someone the bot never knew', async () => {
    const deps = await backendDeps();
    expect(await deleteOwnerData(deps, 'stranger')).toEqual({ cats: 0, sessions: 0, sharedPosts: 0 });
  });
});

describe('/mydata delete, everywhere', () => {
  it('removes the posts the bot made for the owner (wins and milestones), then every row about them', async () => {
    const deps = await backendDeps();
    const catIds = await givenEverything(deps, OWNER, 'g1');
    await givenEverything(deps, OTHER, 'g2');
    const theirPosts = deps.notifier.posts.length / 2;

    // The rows are still there while the posts are removed: a crash halfway loses nothing to retry with.
    const rowsWhileRemoving: number[] = [];
    const removing = deps.notifier.deletePost.bind(deps.notifier);
    deps.notifier.deletePost = async (post: PostRef) => {
      rowsWhileRemoving.push(Object.keys(await rowsAbout(deps, OWNER, catIds)).length);
      return removing(post);
    };
    const summary = await deleteOwnerEverywhere(deps, OWNER);

    expect(summary).toEqual({ cats: 2, sessions: 2, sharedPosts: 2, postsRemoved: 2, postsLeft: 0 });
    expect(deps.notifier.deletedPosts).toHaveLength(theirPosts);
    expect(deps.notifier.deletedPosts.every((p) => p.channelId === 'g1-wins')).toBe(true);
    expect(rowsWhileRemoving).toEqual([13, 13]);
    expect(await rowsAbout(deps, OWNER, catIds)).toEqual({});
    expect(Object.keys(await rowsAbout(deps, OTHER, []))).not.toHaveLength(0);
  });

  it('still deletes everything when a post cannot be reached, and counts it for the owner', async () => {
    const deps = await backendDeps();
    const catIds = await givenEverything(deps, OWNER, 'g1');
    deps.notifier.forbiddenChannels.add('g1-wins');
    const summary = await deleteOwnerEverywhere(deps, OWNER);
    expect(summary).toMatchObject({ postsRemoved: 0, postsLeft: 2 });
    expect(await rowsAbout(deps, OWNER, catIds)).toEqual({});
  });

  it('has nothing to remove for someone the bot never knew', async () => {
    const deps = await backendDeps();
    expect(await deleteOwnerEverywhere(deps, 'stranger')).toEqual({
      cats: 0,
      sessions: 0,
      sharedPosts: 0,
      postsRemoved: 0,
      postsLeft: 0,
    });
    expect(deps.notifier.deletedPosts).toEqual([]);
  });
});
