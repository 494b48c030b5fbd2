/**
 * /session start through the real bot and the local Discord: the "go", the "time is up" follow-up on the
 * same interaction (or a DM once the interaction's token is gone), and Log it opening the log form with the
 * minutes filled in. The timer job is run by hand after moving the fake clock, as the scheduler would.
 */
import { describe, expect, it } from 'vitest';
import type { FakeUser, InteractionResult, JsonObject, RecordedMessage } from '@leash-coach/fake-discord';
import { stageInfo } from '../../src/domain/stages.js';
import type { Harness } from '../support/botHarness.js';
import { minutes } from '../support/fakeClock.js';
import {
  addCat,
  buttons,
  click,
  command,
  EPHEMERAL,
  expectEphemeralAnswer,
  field,
  newUser,
  NO_MENTIONS,
  reply,
  textOf,
  useHarness,
} from './helpers.js';

const harness = useHarness();

/** The modal's text inputs: custom id → pre-filled value. */
function modalValues(modal: JsonObject | undefined): Record<string, string> {
  const rows = (modal?.components ?? []) as JsonObject[];
  return Object.fromEntries(
    rows.map((row) => {
      const inner = (row.component ?? (row.components as JsonObject[] | undefined)?.[0]) as JsonObject;
      return [String(inner.custom_id), typeof inner.value === 'string' ? inner.value : ''];
    }),
  );
}

/** `<t:…:R>` for an instant, as Discord renders it relative to the reader's now. */
function relative(at: Date): string {
  return `<t:${String(Math.floor(at.getTime() / 1000))}:R>`;
}

async function start(
  h: Harness,
  user: FakeUser,
  options: Record<string, string | number> = {},
  where: { dm?: boolean } = {},
): Promise<{ started: InteractionResult; go: RecordedMessage }> {
  const started = await command(h, user, 'session', { sub: 'start', options, ...where });
  return { started, go: await started.reply() };
}

/** Moves the clock on and runs the timer job once; resolves to its summary. */
function timeUp(h: Harness, after: number) {
  h.deps.clock.advance(after);
  return h.services.runDueSessionTimers();
}

describe('/session start', () => {
  it('says go with the stage’s goal; the follow-up says stop; Log it logs the session with its minutes', async () => {
    const h = harness();
    const user = newUser(h);
    await addCat(h, user, 'Mochi', 'harness_buckle');
    const endsAt = new Date(h.deps.clock.now().getTime() + minutes(2));
    const { started, go } = await start(h, user);

    expectEphemeralAnswer(
      go,
      'Go!',
      '**2 min** (a good length at this stage) with **Mochi** · One buckle, one heartbeat (3/8)',
      stageInfo('harness_buckle').sessionGoal,
      `I will tell you to stop ${relative(endsAt)}`,
    );
    expect(go.allowedMentions).toEqual(NO_MENTIONS);

    expect(await timeUp(h, minutes(2) - 1)).toMatchObject({ due: 0 });
    expect(await timeUp(h, 1)).toMatchObject({ due: 1, followUps: 1 });
    const done = await started.waitForFollowup();
    expect(done.source).toBe('followup');
    expect(done.ephemeral).toBe(true);
    expect(done.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(textOf(done)).toMatch(/^⏰ Time is up for \*\*Mochi\*\*: stop now, on a high note\./);
    expect(done.allowedMentions).toEqual(NO_MENTIONS);
    expect(buttons(done).map((b) => b.label)).toEqual(['Log it']);
    expect(h.fake.dmsTo(user.id)).toEqual([]);

    const form = await click(h, user, done, 'Log it');
    expect(form.type).toBe(9);
    expect(modalValues(form.modal)).toEqual({ what: '', minutes: '2' });
    // The owner types what happened and leaves the minutes as filled in.
    const submitted = await h.fake.submitModal({
      from: form,
      fields: { what: 'took a treat, purred', minutes: modalValues(form.modal).minutes ?? '' },
    });
    const logged = await submitted.reply();
    expectEphemeralAnswer(logged, 'Mochi · One buckle, one heartbeat (3/8)');
    expect(field(logged, 'What I read')).toContain('took a treat — win');
    expect(logged.embeds[0]?.footer).toEqual({ text: expect.stringContaining('2 min') as string });
    const progress = await reply(h, user, 'progress');
    expect(field(progress, 'Recent sessions')).toContain('2 min');
  });

  it('takes minutes and a cat, and says when it replaces a running timer', async () => {
    const h = harness();
    const user = newUser(h);
    await addCat(h, user, 'Salt');
    await addCat(h, user, 'Pepper', 'indoor_safari');
    const first = await start(h, user, { cat: 'Salt', minutes: 10 });
    expectEphemeralAnswer(first.go, '**10 min** with **Salt**');
    expect(first.go.content).not.toContain('replaces');

    const second = await start(h, user, { cat: 'Pepper' });
    expectEphemeralAnswer(
      second.go,
      '**5 min** (a good length at this stage) with **Pepper** · Indoor safari (6/8)',
      'This replaces the timer you had running for **Salt**.',
    );
    expect(await timeUp(h, minutes(10))).toMatchObject({ due: 1, followUps: 1 });
    expect(textOf(await second.started.waitForFollowup())).toContain('**Pepper**');
    expect(first.started.followups).toEqual([]);
  });

  it('answers an unknown or unnamed cat kindly, and starts nothing', async () => {
    const h = harness();
    const user = newUser(h);
    expectEphemeralAnswer((await start(h, user)).go, 'You have no cats here yet');
    await addCat(h, user, 'Salt');
    await addCat(h, user, 'Pepper');
    expectEphemeralAnswer((await start(h, user)).go, 'Which cat? You have **Salt**, **Pepper**');
    expectEphemeralAnswer(
      (await start(h, user, { cat: 'Tofu' })).go,
      'I could not find a cat called that. Your cats: **Salt**, **Pepper**.',
    );
    expect((await h.data.rows('sessionTimers')).filter((t) => t.ownerId === user.id)).toEqual([]);
  });

  it('sends a DM with Log it when the interaction’s token no longer works', async () => {
    const h = harness();
    const user = newUser(h);
    await addCat(h, user, 'Tofu', 'leash_drag');
    const { started } = await start(h, user, { minutes: 3 });
    // The interaction's token runs out: a follow-up then gets Discord's 401 (Invalid Webhook Token).
    h.fake.expireInteraction(started);

    expect(await timeUp(h, minutes(3))).toMatchObject({ due: 1, followUps: 0, dms: 1 });
    const dm = await h.fake.waitForDm(user.id);
    expect(textOf(dm)).toContain('Time is up for **Tofu**');
    expect(dm.allowedMentions).toEqual(NO_MENTIONS);
    expect(started.followups).toEqual([]);
    expect(h.fake.requests.some((r) => r.path.startsWith('/api/v10/webhooks/') && r.status === 401)).toBe(
      true,
    );

    const form = await click(h, user, dm, 'Log it');
    expect(modalValues(form.modal)).toEqual({ what: '', minutes: '3' });
    const logged = await (
      await h.fake.submitModal({ from: form, fields: { what: 'walked calmly, sniffing', minutes: '4' } })
    ).reply();
    expectEphemeralAnswer(logged, 'Tofu · Leash drag (5/8)');
    expect(logged.embeds[0]?.footer).toEqual({ text: expect.stringContaining('4 min') as string });
    // Fired once: the next runs find nothing.
    expect(await timeUp(h, minutes(1))).toMatchObject({ due: 0 });
    expect(h.fake.dmsTo(user.id).filter((m) => m.source === 'channel')).toHaveLength(1);
  });

  it('works in DMs with the bot, and Log it refuses kindly once the cat is gone', async () => {
    const h = harness();
    const user = newUser(h);
    await addCat(h, user, 'Miso');
    const { started, go } = await start(h, user, { minutes: 1 }, { dm: true });
    expectEphemeralAnswer(go, '**1 min** with **Miso**');
    await timeUp(h, minutes(1));
    const done = await started.waitForFollowup();
    const other = newUser(h, 'stranger');
    expectEphemeralAnswer(
      await (await click(h, other, done, 'Log it')).reply(),
      'These buttons belong to someone else',
    );

    const cats = await h.services.listCats(user.id);
    await h.services.removeCat({ ownerId: user.id, catId: cats[0]?.id ?? 0 });
    expectEphemeralAnswer(await (await click(h, user, done, 'Log it')).reply(), 'That cat is already gone');
  });
});
