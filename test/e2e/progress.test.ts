import { describe, expect, it } from 'vitest';
import { COACH_RULES } from '../../src/domain/stages.js';
import type { Harness } from '../support/botHarness.js';
import type { FakeUser, RecordedMessage } from '@leash-coach/fake-discord';
import {
  addCat,
  buttons,
  click,
  DAY_MS,
  expectEphemeralAnswer,
  field,
  newUser,
  NO_MENTIONS,
  PNG_MAGIC,
  reply,
  textOf,
  useHarness,
} from './helpers.js';

const harness = useHarness();

/** Logs a good session on each of `days` distinct days (moving the clock a day after each). */
async function goodDays(h: Harness, user: FakeUser, days: number, cat?: string): Promise<RecordedMessage[]> {
  const replies: RecordedMessage[] = [];
  for (let day = 0; day < days; day++) {
    replies.push(
      await reply(h, user, 'log', {
        options: { what: 'sniffed the harness, took a treat', minutes: 3, ...(cat ? { cat } : {}) },
      }),
    );
    h.deps.clock.advance(DAY_MS);
  }
  return replies;
}

describe('stage offers', () => {
  it('after good sessions on 3 distinct days offers the next stage; accepting moves the cat on', async () => {
    const h = harness();
    const owner = newUser(h);
    await addCat(h, owner, 'Mochi');
    const [day1, day2, day3] = await goodDays(h, owner, 3);
    expect(buttons(day1 as RecordedMessage)).toEqual([]);
    expect(buttons(day2 as RecordedMessage)).toEqual([]);
    const offer = day3 as RecordedMessage;
    expect(field(offer, 'What it means')).toContain('Good days at this stage: 3/3.');
    expect(field(offer, 'What it means')).toContain('ready for **Drape and treat**');
    expect(buttons(offer).map((b) => b.label)).toEqual([
      'Move on to Drape and treat',
      'Stay a little longer',
    ]);
    for (const b of buttons(offer)) expect(b.customId.length).toBeLessThanOrEqual(100);

    const accepted = await click(h, owner, offer, 'Move on');
    expect(accepted.type).toBe(7);
    const updated = await accepted.reply();
    expect(updated.id).toBe(offer.id);
    expect(updated.components).toEqual([]);
    expect(textOf(updated)).toContain('Mochi · Drape and treat (2/8)');
    expect(textOf(updated)).toContain('Moving on to **Drape and treat**');
    expect(updated.allowedMentions).toEqual(NO_MENTIONS);

    const progress = await reply(h, owner, 'progress');
    expectEphemeralAnswer(progress, 'Mochi · Drape and treat (2/8)', '0/3 good days toward the next stage');
  });

  it('refuses a click by another user, and nothing changes', async () => {
    const h = harness();
    const owner = newUser(h);
    const stranger = newUser(h, 'stranger');
    await addCat(h, stranger, 'Other');
    await addCat(h, owner, 'Tofu');
    const offer = (await goodDays(h, owner, 3)).at(-1) as RecordedMessage;
    const refused = await click(h, stranger, offer, 'Move on');
    expect(refused.type).toBe(4);
    expect(refused.ephemeral).toBe(true);
    expectEphemeralAnswer(await refused.reply(), 'These buttons belong to the owner who logged the session');
    // The offer message still stands, and the cat did not move.
    expect(
      buttons(h.fake.messagesIn(offer.channelId).find((m) => m.id === offer.id) as RecordedMessage),
    ).toHaveLength(2);
    expectEphemeralAnswer(await reply(h, owner, 'progress'), 'Tofu · Make the harness boring (1/8)');
    expectEphemeralAnswer(await reply(h, stranger, 'progress'), 'Other · Make the harness boring (1/8)');
  });

  it('“Stay a little longer” keeps the stage; a second answer to the same offer is stale', async () => {
    const h = harness();
    const owner = newUser(h);
    await addCat(h, owner, 'Miso');
    // Two offers for the same step (day 3 and day 4), as if shown on two devices.
    const replies = await goodDays(h, owner, 4);
    const older = replies[2] as RecordedMessage;
    const newer = replies[3] as RecordedMessage;
    expect(buttons(older)).toHaveLength(2);
    expect(buttons(newer)).toHaveLength(2);

    const stay = await click(h, owner, newer, 'Stay a little longer');
    const stayed = await stay.reply();
    expect(stayed.components).toEqual([]);
    expect(textOf(stayed)).toContain('Miso · Make the harness boring (1/8)');
    expectEphemeralAnswer(await reply(h, owner, 'progress'), 'Miso · Make the harness boring (1/8)');

    // After a "stay", the offer comes back a couple of good days later.
    const again = await goodDays(h, owner, COACH_RULES.goodDaysBeforeOfferingAgain);
    expect(again.slice(0, -1).every((m) => buttons(m).length === 0)).toBe(true);
    const more = again.at(-1) as RecordedMessage;
    const accept = await click(h, owner, more, 'Move on');
    expect(textOf(await accept.reply())).toContain('Drape and treat (2/8)');

    const stale = await click(h, owner, older, 'Move on');
    expect(stale.ephemeral).toBe(true);
    expectEphemeralAnswer(await stale.reply(), 'already been answered', '/progress');
    // Still exactly one step on, not two.
    expectEphemeralAnswer(await reply(h, owner, 'progress'), 'Miso · Drape and treat (2/8)');
  });
});

describe('/progress', () => {
  it('shows the stage, streak, recent sessions, next step and a PNG chart referenced as attachment://', async () => {
    const h = harness();
    const owner = newUser(h);
    await addCat(h, owner, 'Pixel');
    await goodDays(h, owner, 2);
    await reply(h, owner, 'log', { options: { what: 'ears flat', minutes: 2 } });
    const m = await reply(h, owner, 'progress');
    expectEphemeralAnswer(m, 'Pixel · Make the harness boring (1/8)');
    expect(m.allowedMentions).toEqual(NO_MENTIONS);
    expect(field(m, 'Streak')).toMatch(/3 days/);
    expect(field(m, 'Sessions')).toBe('3');
    expect(field(m, 'Recent sessions')?.split('\n')).toHaveLength(3);
    expect(field(m, 'Recent sessions')).toContain('ears flat');
    expect(field(m, 'Next tiny step')).toBeTruthy();

    expect(m.files).toHaveLength(1);
    const chart = m.files[0];
    expect(chart?.name).toMatch(/\.png$/);
    expect(chart?.contentType).toBe('image/png');
    expect(chart?.data.subarray(0, 8).equals(PNG_MAGIC)).toBe(true);
    expect(chart?.size).toBeGreaterThan(1000);
    expect(m.embeds[0]?.image).toEqual({ url: `attachment://${chart?.name ?? ''}` });
    // The uploaded file is served back like Discord's CDN would.
    const url = m.attachments[0]?.url;
    expect(typeof url).toBe('string');
    const served = Buffer.from(await (await fetch(String(url))).arrayBuffer());
    expect(served.subarray(0, 8).equals(PNG_MAGIC)).toBe(true);
  });

  it('works for a brand-new cat and in a DM', async () => {
    const h = harness();
    const owner = newUser(h);
    await addCat(h, owner, 'Fresh');
    const m = await reply(h, owner, 'progress', { dm: true });
    expect(m.guildId).toBeUndefined();
    expectEphemeralAnswer(m, 'Fresh · Make the harness boring (1/8)');
    expect(m.files[0]?.data.subarray(0, 8).equals(PNG_MAGIC)).toBe(true);
  });

  it('with several cats and none named says which cats there are; naming one works', async () => {
    const h = harness();
    const owner = newUser(h);
    await addCat(h, owner, 'Salt');
    await addCat(h, owner, 'Pepper', 'indoor_safari');
    const ambiguous = await reply(h, owner, 'progress');
    expectEphemeralAnswer(ambiguous, 'Which cat?', '**Salt**', '**Pepper**');
    expect(ambiguous.files).toEqual([]);
    const named = await reply(h, owner, 'progress', { options: { cat: 'Pepper' } });
    expectEphemeralAnswer(named, 'Pepper · Indoor safari (6/8)');
    const unknown = await reply(h, owner, 'progress', { options: { cat: 'Garfield' } });
    expectEphemeralAnswer(unknown, 'could not find a cat called that', '**Salt**', '**Pepper**');
  });

  it('with no cats says how to start', async () => {
    const h = harness();
    expectEphemeralAnswer(await reply(h, newUser(h), 'progress'), '/cat add');
  });
});
