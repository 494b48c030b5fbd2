import { describe, expect, it } from 'vitest';
import type { Harness } from '../support/botHarness.js';
import type { FakeUser, JsonObject, RecordedMessage } from '@leash-coach/fake-discord';
import {
  addCat,
  autocomplete,
  buttons,
  click,
  command,
  DAY_MS,
  expectEphemeralAnswer,
  field,
  newUser,
  NO_MENTIONS,
  reply,
  textOf,
  useHarness,
} from './helpers.js';

const harness = useHarness();

const CHECK_IN_BUTTONS = ['Logged a session', 'Skipped today', 'Pause a week'];

/** When the owner's next check-in is due, as stored. */
async function nextDue(h: Harness, userId: string): Promise<Date> {
  const at = (await h.data.rows('owners')).find((o) => o.id === userId)?.nextCheckInAt;
  if (at == null) throw new Error(`no check-in scheduled for ${userId}`);
  return at;
}

/** Sets up a daily check-in and checks the reply and the confirmation DM. */
async function setCheckIn(
  h: Harness,
  user: FakeUser,
  time: string,
  timezone: string,
): Promise<RecordedMessage> {
  const m = await reply(h, user, 'checkin', { sub: 'set', options: { time, timezone } });
  expectEphemeralAnswer(m, `Daily check-ins at **${time}** (${timezone})`);
  return m;
}

/** Moves the clock to the owner's due minute and runs one scheduler tick. */
async function tickAtDue(h: Harness, userId: string) {
  h.deps.clock.set(await nextDue(h, userId));
  return h.services.runDueCheckIns();
}

function checkInDms(h: Harness, userId: string): RecordedMessage[] {
  return h.fake.dmsTo(userId).filter((m) => m.components.length > 0);
}

/** The modal's text inputs by custom_id (labels wrap them in Discord's newer layout). */
function modalFields(modal: JsonObject | undefined): string[] {
  const rows = (modal?.components ?? []) as JsonObject[];
  return rows.map((row) => {
    const inner = (row.component ?? (row.components as JsonObject[] | undefined)?.[0]) as JsonObject;
    return String(inner.custom_id);
  });
}

describe('/checkin', () => {
  it('set → confirmation DM; status; at the due minute exactly one check-in DM a day with three buttons', async () => {
    const h = harness();
    const user = newUser(h);
    await addCat(h, user, 'Mochi');
    const set = await setCheckIn(h, user, '19:30', 'Europe/Berlin');
    expect(set.content).toContain('I just sent you a short DM');
    expect(set.allowedMentions).toEqual(NO_MENTIONS);
    const confirmation = h.fake.dmsTo(user.id);
    expect(confirmation).toHaveLength(1);
    expect(confirmation[0]?.content).toContain('19:30');
    expect(confirmation[0]?.allowedMentions).toEqual(NO_MENTIONS);

    const status = await reply(h, user, 'checkin', { sub: 'status' });
    expectEphemeralAnswer(
      status,
      'Daily at **19:30** (Europe/Berlin)',
      'Next check-in',
      'I can reach you by DM',
    );

    const due = await nextDue(h, user.id);
    // 19:30 in Berlin in winter is 18:30 UTC.
    expect(due.getUTCHours()).toBe(18);
    expect(due.getUTCMinutes()).toBe(30);
    h.deps.clock.set(new Date(due.getTime() - 60_000));
    await h.services.runDueCheckIns();
    expect(checkInDms(h, user.id)).toHaveLength(0);

    await tickAtDue(h, user.id);
    await h.services.runDueCheckIns();
    const dms = checkInDms(h, user.id);
    expect(dms).toHaveLength(1);
    const dm = dms[0] as RecordedMessage;
    expect(dm.guildId).toBeUndefined();
    expect(dm.allowedMentions).toEqual(NO_MENTIONS);
    expect(buttons(dm).map((b) => b.label)).toEqual(CHECK_IN_BUTTONS);
    expect(textOf(dm)).toContain('Mochi · Make the harness boring (1/8)');

    // Later the same day: nothing more. The next local day: one more.
    h.deps.clock.advance(3 * 3_600_000);
    await h.services.runDueCheckIns();
    expect(checkInDms(h, user.id)).toHaveLength(1);
    await tickAtDue(h, user.id);
    await h.services.runDueCheckIns();
    expect(checkInDms(h, user.id)).toHaveLength(2);
    expect((await nextDue(h, user.id)).getTime() - due.getTime()).toBe(2 * DAY_MS);
  });

  it('“Logged a session” opens a form; submitting it logs through the same service as /log', async () => {
    const h = harness();
    const user = newUser(h);
    await addCat(h, user, 'Tofu');
    await setCheckIn(h, user, '08:15', 'Asia/Kathmandu');
    await tickAtDue(h, user.id);
    const dm = checkInDms(h, user.id)[0] as RecordedMessage;

    const opened = await click(h, user, dm, 'Logged a session');
    expect(opened.type).toBe(9);
    expect(modalFields(opened.modal)).toEqual(['what', 'minutes']);
    expect(String(opened.modal?.custom_id).length).toBeLessThanOrEqual(100);

    const submitted = await h.fake.submitModal({
      from: opened,
      fields: { what: 'sniffed the harness, ears flat', minutes: '4' },
    });
    const logged = await submitted.reply();
    expectEphemeralAnswer(logged, 'Tofu · Make the harness boring (1/8)');
    expect(field(logged, 'What I read')?.split('\n')).toEqual(['• sniffing — win', '• ears flat — moderate']);
    expect(logged.embeds[0]?.footer).toEqual({ text: expect.stringContaining('4 min') as string });
    expect(logged.allowedMentions).toEqual(NO_MENTIONS);
    const progress = await reply(h, user, 'progress', { dm: true });
    expect(field(progress, 'Recent sessions')).toContain('ears flat');
  });

  it('asks which cat in the form when there are several; bad minutes log nothing', async () => {
    const h = harness();
    const user = newUser(h);
    await addCat(h, user, 'Salt');
    await addCat(h, user, 'Pepper');
    await setCheckIn(h, user, '21:00', 'America/New_York');
    await tickAtDue(h, user.id);
    const dm = checkInDms(h, user.id)[0] as RecordedMessage;
    expect(textOf(dm)).toContain('Salt');
    expect(textOf(dm)).toContain('Pepper');

    const opened = await click(h, user, dm, 'Logged a session');
    expect(modalFields(opened.modal)).toEqual(['what', 'minutes', 'cat']);

    for (const minutes of ['999', '0', 'five']) {
      const bad = await h.fake.submitModal({
        from: opened,
        fields: { what: 'sniffed', minutes, cat: 'Salt' },
      });
      expectEphemeralAnswer(
        await bad.reply(),
        'Minutes should be a whole number from 1 to 240',
        'Nothing was logged',
      );
    }
    const unknown = await h.fake.submitModal({
      from: opened,
      fields: { what: 'sniffed', minutes: '3', cat: 'Garfield' },
    });
    expectEphemeralAnswer(
      await unknown.reply(),
      'could not find a cat called that',
      '**Salt**',
      '**Pepper**',
    );
    const exported = await h.services.exportOwnerData(user.id);
    expect(exported.cats.flatMap((c) => c.sessions as unknown[])).toHaveLength(0);

    const ok = await h.fake.submitModal({
      from: opened,
      fields: { what: 'took a treat', minutes: '', cat: 'pepper' },
    });
    expectEphemeralAnswer(await ok.reply(), 'Pepper · ');
  });

  it('“Skipped today” and “Pause a week” answer and change the schedule', async () => {
    const h = harness();
    const user = newUser(h);
    await addCat(h, user, 'Nori');
    await setCheckIn(h, user, '07:00', 'Australia/Lord_Howe');
    await tickAtDue(h, user.id);
    const dm = checkInDms(h, user.id)[0] as RecordedMessage;

    const skipped = await click(h, user, dm, 'Skipped today');
    expect(skipped.type).toBe(4);
    const skippedReply = await skipped.reply();
    expect(skippedReply.ephemeral).toBe(true);
    expect(skippedReply.content.length).toBeGreaterThan(0);
    expect(skippedReply.allowedMentions).toEqual(NO_MENTIONS);
    expect((await h.services.exportOwnerData(user.id)).skippedDays).toHaveLength(1);

    const paused = await click(h, user, dm, 'Pause a week');
    const pausedReply = await paused.reply();
    expect(pausedReply.ephemeral).toBe(true);
    expect(pausedReply.content).toMatch(/pause/i);
    const status = await reply(h, user, 'checkin', { sub: 'status', dm: true });
    expectEphemeralAnswer(status, 'Paused until', '/checkin resume');

    // Paused for a week: the next days pass without a DM, and the schedule resumes after the pause.
    const pausedAt = h.deps.clock.now().getTime();
    for (let day = 1; day <= 6; day++) {
      h.deps.clock.set(new Date(pausedAt + day * DAY_MS));
      await h.services.runDueCheckIns();
    }
    expect(checkInDms(h, user.id)).toHaveLength(1);
    expect((await nextDue(h, user.id)).getTime()).toBeGreaterThan(pausedAt + 6 * DAY_MS);
  });

  it('pause (with and without days), resume and status, in a server and a DM', async () => {
    const h = harness();
    const user = newUser(h);
    const notSetUp = await reply(h, user, 'checkin', { sub: 'status' });
    expectEphemeralAnswer(notSetUp, 'not set up yet', '/checkin set');
    await setCheckIn(h, user, '18:00', 'UTC');
    const paused = await reply(h, user, 'checkin', { sub: 'pause', options: { days: 3 } });
    expect(paused.ephemeral).toBe(true);
    expect(paused.allowedMentions).toEqual(NO_MENTIONS);
    expectEphemeralAnswer(await reply(h, user, 'checkin', { sub: 'status' }), 'Paused until');
    const resumed = await reply(h, user, 'checkin', { sub: 'resume', dm: true });
    expect(resumed.ephemeral).toBe(true);
    expectEphemeralAnswer(await reply(h, user, 'checkin', { sub: 'status', dm: true }), 'Next check-in');
    await reply(h, user, 'checkin', { sub: 'pause', dm: true });
    expectEphemeralAnswer(await reply(h, user, 'checkin', { sub: 'status' }), 'Paused until you resume');
    await expect(command(h, user, 'checkin', { sub: 'pause', options: { days: 61 } })).rejects.toThrow(
      /above max_value 60/,
    );
  });

  it('refuses a bad time or time zone kindly and keeps the old settings', async () => {
    const h = harness();
    const user = newUser(h);
    await setCheckIn(h, user, '09:00', 'Europe/Paris');
    for (const time of ['25:61', '12:60', 'soon']) {
      const m = await reply(h, user, 'checkin', { sub: 'set', options: { time, timezone: 'Europe/Paris' } });
      expectEphemeralAnswer(m, 'could not read that time', '24-hour HH:MM');
    }
    const tz = await reply(h, user, 'checkin', {
      sub: 'set',
      options: { time: '10:00', timezone: 'Mars/Base' },
    });
    expectEphemeralAnswer(tz, 'do not know that time zone', 'Europe/Berlin');
    expectEphemeralAnswer(
      await reply(h, user, 'checkin', { sub: 'status' }),
      'Daily at **09:00** (Europe/Paris)',
    );
  });

  it('autocompletes time zones by city fragment', async () => {
    const h = harness();
    const user = newUser(h);
    const kathmandu = await autocomplete(h, user, 'checkin', 'timezone', {
      sub: 'set',
      options: { time: '10:00', timezone: 'kathm' },
    });
    expect(kathmandu[0]).toEqual({ name: 'Asia/Kathmandu', value: 'Asia/Kathmandu' });
    const berlin = await autocomplete(h, user, 'checkin', 'timezone', {
      sub: 'set',
      options: { timezone: 'berl' },
      dm: true,
    });
    expect(berlin.map((c) => c.value)).toContain('Europe/Berlin');
    const broad = await autocomplete(h, user, 'checkin', 'timezone', {
      sub: 'set',
      options: { timezone: 'a' },
    });
    expect(broad.length).toBeLessThanOrEqual(25);
    for (const c of broad) expect(c.name.length).toBeLessThanOrEqual(100);
  });

  it('closed DMs: the bot stops trying and tells the owner once, at their next command', async () => {
    const h = harness();
    const user = newUser(h);
    await addCat(h, user, 'Ghost');
    await setCheckIn(h, user, '12:00', 'Europe/London');
    h.fake.closeDms(user.id);
    const summary = await tickAtDue(h, user.id);
    expect(summary.failed).toBeGreaterThanOrEqual(1);
    expect(checkInDms(h, user.id)).toHaveLength(0);

    const next = await command(h, user, 'cat', { sub: 'list' });
    expectEphemeralAnswer(await next.reply(), '**Ghost**');
    const notice = await next.waitForFollowup(1);
    expectEphemeralAnswer(notice, 'DMs are closed', '/checkin resume');
    expect(notice.allowedMentions).toEqual(NO_MENTIONS);

    const after = await command(h, user, 'cat', { sub: 'list' });
    await after.reply();
    expect(after.followups).toHaveLength(0);
    expectEphemeralAnswer(await reply(h, user, 'checkin', { sub: 'status' }), 'DMs were closed');

    // Unreachable: the next due minute sends nothing and makes no request to the DM channel.
    const before = h.fake.requests.length;
    await tickAtDue(h, user.id);
    const dmPosts = h.fake.requests
      .slice(before)
      .filter((r) => r.method === 'POST' && r.path.includes(h.fake.dmChannelOf(user.id) ?? '-'));
    expect(dmPosts).toEqual([]);

    // /checkin set with DMs still closed says so at once; opened again, resume brings them back.
    const set = await reply(h, user, 'checkin', {
      sub: 'set',
      options: { time: '12:00', timezone: 'Europe/London' },
    });
    expectEphemeralAnswer(set, 'could not DM you');
    h.fake.openDms(user.id);
    await reply(h, user, 'checkin', { sub: 'set', options: { time: '12:00', timezone: 'Europe/London' } });
    await tickAtDue(h, user.id);
    expect(checkInDms(h, user.id)).toHaveLength(1);
  });

  it('check-in buttons are the owner’s own', async () => {
    const h = harness();
    const owner = newUser(h);
    const other = newUser(h, 'other');
    await addCat(h, owner, 'Bean');
    await setCheckIn(h, owner, '06:45', 'Pacific/Chatham');
    await tickAtDue(h, owner.id);
    const dm = checkInDms(h, owner.id)[0] as RecordedMessage;
    for (const label of CHECK_IN_BUTTONS) {
      const r = await click(h, other, dm, label);
      expectEphemeralAnswer(await r.reply(), 'belong to someone else');
    }
    expect((await h.services.exportOwnerData(owner.id)).skippedDays).toHaveLength(0);
  });
});
