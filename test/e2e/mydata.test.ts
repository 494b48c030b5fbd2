import { describe, expect, it } from 'vitest';
import type { Harness } from '../support/botHarness.js';
import { Permission, type FakeUser, type RecordedMessage } from '@leash-coach/fake-discord';
import {
  addCat,
  buttons,
  click,
  DAY_MS,
  expectEphemeralAnswer,
  newUser,
  NO_MENTIONS,
  reply,
  rowsAbout,
  textOf,
  useHarness,
} from './helpers.js';

const harness = useHarness();

const ADMIN = Permission.ViewChannel | Permission.SendMessages | Permission.ManageGuild;

interface ExportFile {
  schemaVersion: number;
  ownerId: string;
  settings: Record<string, unknown> | null;
  cats: { name: string; stage: string; sessions: { rawText?: string }[]; stageHistory: unknown[] }[];
  checkIns: unknown[];
  skippedDays: unknown[];
  pauses: unknown[];
  sharedWins: { message: string }[];
  servers: unknown[];
  serverSettingsChanged: unknown[];
}

/** An owner who touched every part of the bot: cats, sessions, a stage change, check-ins, skips, pauses, wins. */
async function busyOwner(h: Harness, user: FakeUser): Promise<void> {
  const set = await reply(h, user, 'community', {
    sub: 'set',
    memberPermissions: ADMIN,
    options: { channel: h.winsChannelId },
  });
  expectEphemeralAnswer(set, 'Wins will be posted');
  await addCat(h, user, 'Mochi');
  await addCat(h, user, 'Tofu', 'leash_drag');
  await reply(h, user, 'log', {
    options: { what: 'sniffed the harness, ears flat', cat: 'Mochi', minutes: 4 },
  });
  await reply(h, user, 'log', { options: { what: 'walked calmly, purring', cat: 'Tofu' } });
  await reply(h, user, 'cat', { sub: 'stage', options: { cat: 'Mochi', stage: 'harness_drape' } });
  await reply(h, user, 'checkin', { sub: 'set', options: { time: '10:00', timezone: 'Europe/Berlin' } });
  const due = (await h.data.rows('owners')).find((o) => o.id === user.id)?.nextCheckInAt;
  if (!due) throw new Error('no check-in scheduled');
  h.deps.clock.set(due);
  await h.services.runDueCheckIns();
  const dm = h.fake.dmsTo(user.id).find((m) => m.components.length > 0) as RecordedMessage;
  await (await click(h, user, dm, 'Skipped today')).reply();
  await (await click(h, user, dm, 'Pause a week')).reply();
  await reply(h, user, 'share', { sub: 'auto', options: { enabled: true } });
  expectEphemeralAnswer(
    await reply(h, user, 'share', {
      sub: 'win',
      options: { message: 'Mochi ignored the harness all day', cat: 'Mochi' },
    }),
    `<#${h.winsChannelId}>`,
  );
  h.deps.clock.advance(DAY_MS);
}

/** Rows in any table with a cat_id column that point at these cats (sessions, stage changes, wins…). */
function rowsAboutCats(h: Harness, catIds: readonly number[]): Promise<Record<string, number>> {
  return h.data.rowsPointingAt(['cat_id'], catIds);
}

describe('/mydata export', () => {
  it('sends a JSON file of everything stored, and a CSV of sessions per cat', async () => {
    const h = harness();
    const user = newUser(h);
    await busyOwner(h, user);
    const m = await reply(h, user, 'mydata', { sub: 'export', dm: true });
    expectEphemeralAnswer(m, 'everything I have stored about you');
    expect(m.allowedMentions).toEqual(NO_MENTIONS);
    const json = m.files.find((f) => f.name.endsWith('.json'));
    expect(json?.contentType).toMatch(/json/);
    const data = JSON.parse(json?.data.toString('utf8') ?? '{}') as ExportFile;
    expect(data.schemaVersion).toBeGreaterThanOrEqual(1);
    expect(data.ownerId).toBe(user.id);
    expect(data.settings).toMatchObject({ timezone: 'Europe/Berlin', checkInTime: '10:00', autoShare: true });
    expect(data.cats.map((c) => c.name).sort()).toEqual(['Mochi', 'Tofu']);
    const mochi = data.cats.find((c) => c.name === 'Mochi');
    expect(mochi?.stage).toBe('harness_drape');
    expect(mochi?.sessions).toHaveLength(1);
    expect(JSON.stringify(mochi?.sessions)).toContain('ears flat');
    expect(mochi?.stageHistory.length).toBeGreaterThanOrEqual(2);
    expect(data.checkIns).toHaveLength(1);
    expect(data.skippedDays).toHaveLength(1);
    expect(data.pauses).toHaveLength(1);
    expect(data.sharedWins.map((w) => w.message)).toEqual(['Mochi ignored the harness all day']);
    expect(data.servers).toHaveLength(1);
    expect(data.serverSettingsChanged).toHaveLength(1);

    const csvs = m.files.filter((f) => f.name.endsWith('.csv'));
    expect(csvs).toHaveLength(2);
    for (const csv of csvs) {
      const lines = csv.data.toString('utf8').trim().split(/\r?\n/);
      expect(lines.length).toBe(2);
      expect(lines[0]).toMatch(/date|time|at/i);
    }
    expect(csvs.map((c) => c.data.toString('utf8')).join('\n')).toContain('ears flat');
  });

  it('for someone the bot does not know: an empty file, and nothing is stored by asking', async () => {
    const h = harness();
    const user = newUser(h);
    const m = await reply(h, user, 'mydata', { sub: 'export' });
    expectEphemeralAnswer(m, 'nothing stored about you');
    const data = JSON.parse(m.files[0]?.data.toString('utf8') ?? '{}') as ExportFile;
    expect(data.settings).toBeNull();
    expect(data.cats).toEqual([]);
    expect(await rowsAbout(h, user.id)).toEqual({});
  });
});

describe('/mydata delete', () => {
  it('asks first; cancel keeps everything; someone else cannot press it', async () => {
    const h = harness();
    const user = newUser(h);
    const stranger = newUser(h, 'stranger');
    await addCat(h, user, 'Keeper');
    const ask = await reply(h, user, 'mydata', { sub: 'delete' });
    expectEphemeralAnswer(ask, 'Delete **everything**', 'cannot be undone', '/mydata export');
    expect(buttons(ask).map((b) => b.label)).toEqual(['Delete everything', 'Keep my data']);

    const intruder = await click(h, stranger, ask, 'Delete everything');
    expectEphemeralAnswer(await intruder.reply(), 'belong to someone else');
    expect(textOf(await reply(h, user, 'cat', { sub: 'list' }))).toContain('**Keeper**');

    const keep = await click(h, user, ask, 'Keep my data');
    expect((await keep.reply()).content).toBe('Okay, your data stays as it is.');
    expect(keep.message?.components).toEqual([]);
    expect(textOf(await reply(h, user, 'cat', { sub: 'list' }))).toContain('**Keeper**');
  });

  it('after confirming, no row about the owner is left in any table', async () => {
    const h = harness();
    const user = newUser(h);
    const bystander = newUser(h, 'bystander');
    await addCat(h, bystander, 'Stays');
    await busyOwner(h, user);
    expect(await rowsAbout(h, user.id)).toEqual({
      'cats.owner_id': 2,
      'check_in_sends.owner_id': 1,
      'guild_settings.updated_by': 1,
      'owner_guilds.owner_id': 1,
      'owners.id': 1,
      'pauses.owner_id': 1,
      'sessions.logged_by': 2,
      'shared_wins.owner_id': 1,
      'skips.owner_id': 1,
    });

    const catIds = (await h.data.rows('cats')).filter((c) => c.ownerId === user.id).map((c) => c.id);
    expect(catIds).toHaveLength(2);
    expect(await rowsAboutCats(h, catIds)).toMatchObject({ 'sessions.cat_id': 2 });

    // The win the bot posted for them, and a bystander's, in the wins channel.
    await reply(h, bystander, 'share', { sub: 'win', options: { message: 'Stays walked to the gate' } });
    const postsBefore = h.fake.messagesIn(h.winsChannelId);
    const theirs = postsBefore.filter((m) => m.content.includes(user.id));
    expect(theirs).toHaveLength(1);

    const ask = await reply(h, user, 'mydata', { sub: 'delete', dm: true });
    const done = await click(h, user, ask, 'Delete everything');
    const confirmed = await done.reply();
    expect(confirmed.components).toEqual([]);
    expect(confirmed.content).toContain('Everything I knew about you is gone (2 cats, 2 sessions)');
    expect(confirmed.content).toContain('I also removed the 1 post I had made for you in servers.');
    // Their post is gone from the channel; everyone else's (the bystander's among them) stays.
    expect(h.fake.messagesIn(h.winsChannelId).map((m) => m.id)).toEqual(
      postsBefore.filter((m) => !theirs.includes(m)).map((m) => m.id),
    );
    expect(h.fake.messagesIn(h.winsChannelId).some((m) => m.content.includes(bystander.id))).toBe(true);
    expect(await rowsAbout(h, user.id)).toEqual({});
    expect(await rowsAboutCats(h, catIds)).toEqual({});

    // Afterwards the bot knows nothing of them: no cats, and looking leaves no trace.
    expectEphemeralAnswer(await reply(h, user, 'cat', { sub: 'list', dm: true }), 'No cats yet');
    expectEphemeralAnswer(await reply(h, user, 'checkin', { sub: 'status', dm: true }), 'not set up yet');
    expectEphemeralAnswer(await reply(h, user, 'cat', { sub: 'list' }), 'No cats yet');
    expectEphemeralAnswer(await reply(h, user, 'progress'), 'no cats');
    expect(await rowsAbout(h, user.id)).toEqual({});
    // Other owners are untouched.
    expect(textOf(await reply(h, bystander, 'cat', { sub: 'list' }))).toContain('**Stays**');
  });
});
