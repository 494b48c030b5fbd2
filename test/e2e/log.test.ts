import { describe, expect, it } from 'vitest';
import { ADVICE } from '../../src/domain/advice.js';
import {
  addCat,
  autocomplete,
  buttons,
  command,
  expectEphemeralAnswer,
  field,
  newUser,
  NO_MENTIONS,
  reply,
  textOf,
  useHarness,
} from './helpers.js';

const harness = useHarness();

const LABEL_LINE = /^• .+ — (win|mild|moderate|severe|pain)$/;

describe('/log read-back', () => {
  it('puts each recognised item on its own line ending with its grade, and keeps the rest as a note', async () => {
    const h = harness();
    const user = newUser(h);
    await addCat(h, user, 'Mochi');
    const m = await reply(h, user, 'log', {
      options: {
        what: 'sniffed the harness, ears flat, hissed, limping, stiff legged, the neighbour dog barked',
        minutes: 3,
      },
    });
    expectEphemeralAnswer(m, 'Mochi · Make the harness boring (1/8)', 'Session #');
    expect(m.allowedMentions).toEqual(NO_MENTIONS);
    const lines = (field(m, 'What I read') ?? '').split('\n');
    expect(lines).toEqual([
      '• sniffing — win',
      '• ears flat — moderate',
      '• hissing or growling — severe',
      '• limping — pain',
      '• stiff-legged walk — mild',
    ]);
    for (const line of lines) expect(line).toMatch(LABEL_LINE);
    expect(field(m, 'Kept as a note')).toContain('neighbour dog barked');
    // Pain is a vet matter, not training advice.
    expect(field(m, 'What it means')).toMatch(/vet/);
    expect(field(m, 'Next tiny step')).toBeTruthy();
    expect(m.embeds[0]?.footer).toEqual({ text: expect.stringContaining('3 min') as string });
  });

  it("says what it set aside and why: another animal's signal and a look-alike word are kept as a note", async () => {
    const h = harness();
    const user = newUser(h);
    await addCat(h, user, 'Luna', 'first_outdoors');
    const m = await reply(h, user, 'log', {
      options: { what: 'the cat next door hissed at us, Luna sniffed the fence. squinting at the sun' },
    });
    expect((field(m, 'What I read') ?? '').split('\n')).toEqual(['• sniffing — win']);
    expect(field(m, 'Not counted')).toBe(
      'Kept as a note, not graded: “hissed” (the cat next door), “squinting” (squinting at the light)',
    );
    expect(field(m, 'Kept as a note')).toContain('cat next door hissed');
  });

  it('reads sloppy typing and marks signals that are expected at the stage', async () => {
    const h = harness();
    const user = newUser(h);
    await addCat(h, user, 'Tofu', 'harness_wear');
    const m = await reply(h, user, 'log', { options: { what: 'stiff leged walk, took a treat, purring' } });
    const lines = (field(m, 'What I read') ?? '').split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(2);
    // An expected signal is not graded: its line ends with "— expected at this stage" instead of a grade.
    for (const line of lines)
      expect(line).toMatch(/^• .+ — (win|mild|moderate|severe|pain|expected at this stage)$/);
    expect(lines).toContain('• stiff-legged walk — expected at this stage');
    expect(lines.some((l) => l.endsWith('— win'))).toBe(true);
  });

  it('keeps garbage text as a note and says what words it understands', async () => {
    const h = harness();
    const user = newUser(h);
    await addCat(h, user, 'Nori');
    const m = await reply(h, user, 'log', { options: { what: 'asdkjh qwe' } });
    expectEphemeralAnswer(m, 'did not recognise any signals or wins', 'kept it all as a note');
    expect(field(m, 'Kept as a note')).toBe('asdkjh qwe');
    // Nothing was lost: the session is stored with the text.
    const exported = await h.services.exportOwnerData(user.id);
    expect(JSON.stringify(exported.cats)).toContain('asdkjh qwe');
    // …and, with nothing understood, it is practice but no evidence toward the next stage.
    expect(JSON.stringify(exported.cats)).toContain('"outcome":"neutral"');
  });

  it('echoes owner text with mentions disabled and markdown escaped', async () => {
    const h = harness();
    const user = newUser(h);
    await addCat(h, user, 'Ping');
    const m = await reply(h, user, 'log', {
      options: { what: 'sniffed, @everyone <@123> look', note: '@here **bold** <@&42>' },
    });
    expect(m.allowedMentions).toEqual(NO_MENTIONS);
    expect(m.history.every((b) => JSON.stringify(b.allowed_mentions) === '{"parse":[]}')).toBe(true);
    expect(field(m, 'Your note')).toContain('@here');
    expect(field(m, 'Your note')).toContain('\\*\\*bold\\*\\*');
  });

  it('works in a DM with the bot', async () => {
    const h = harness();
    const user = newUser(h);
    await addCat(h, user, 'Dumpling');
    const m = await reply(h, user, 'log', { dm: true, options: { what: 'took a treat near the harness' } });
    expect(m.guildId).toBeUndefined();
    expectEphemeralAnswer(m, 'Dumpling · Make the harness boring (1/8)');
    expect(field(m, 'What I read')).toMatch(LABEL_LINE);
  });

  describe('bad input', () => {
    it('with several cats and none named: asks which, naming them; nothing is logged', async () => {
      const h = harness();
      const user = newUser(h);
      await addCat(h, user, 'Salt');
      await addCat(h, user, 'Pepper');
      const m = await reply(h, user, 'log', { options: { what: 'sniffed' } });
      expectEphemeralAnswer(m, 'Which cat?', '**Salt**', '**Pepper**', '`cat`');
      expect(
        (await h.services.exportOwnerData(user.id)).cats.every((c) => (c.sessions as unknown[]).length === 0),
      ).toBe(true);
      const ok = await reply(h, user, 'log', { options: { what: 'sniffed', cat: 'pep' } });
      expectEphemeralAnswer(ok, 'Pepper · ');
    });

    it('an unknown cat lists the owner’s cats', async () => {
      const h = harness();
      const user = newUser(h);
      await addCat(h, user, 'Olive');
      const m = await reply(h, user, 'log', { options: { what: 'sniffed', cat: 'Garfield' } });
      expectEphemeralAnswer(m, 'could not find a cat called that', '**Olive**');
    });

    it('no cat yet: says how to add one', async () => {
      const h = harness();
      const m = await reply(h, newUser(h), 'log', { options: { what: 'sniffed' } });
      expectEphemeralAnswer(m, 'no cats here yet', '/cat add');
    });

    it('minutes out of range and over-long notes are stopped by the definition before they are sent', async () => {
      const h = harness();
      const user = newUser(h);
      await addCat(h, user, 'Kiwi');
      await expect(command(h, user, 'log', { options: { what: 'sniffed', minutes: 0 } })).rejects.toThrow(
        /below min_value 1/,
      );
      await expect(command(h, user, 'log', { options: { what: 'sniffed', minutes: 241 } })).rejects.toThrow(
        /above max_value 240/,
      );
      await expect(
        command(h, user, 'log', { options: { what: 'sniffed', note: 'n'.repeat(501) } }),
      ).rejects.toThrow(/longer than max_length 500/);
      // The longest allowed values go through.
      const m = await reply(h, user, 'log', {
        options: { what: 'sniffed', minutes: 240, note: 'n'.repeat(500) },
      });
      expectEphemeralAnswer(m, 'Kiwi · ');
      expect(field(m, 'Your note')?.length).toBeLessThanOrEqual(1024);
    });

    it('blank `what` (only spaces) is refused kindly', async () => {
      const h = harness();
      const user = newUser(h);
      await addCat(h, user, 'Bean');
      const m = await reply(h, user, 'log', { options: { what: '   ' } });
      expectEphemeralAnswer(m, 'Tell me what happened');
    });
  });
});

describe('/log autocomplete', () => {
  it('suggests for the fragment after the last comma, keeping what was typed', async () => {
    const h = harness();
    const user = newUser(h);
    const choices = await autocomplete(h, user, 'log', 'what', {
      options: { what: 'sniffed the harness, ear' },
    });
    expect(choices[0]).toEqual({ name: 'sniffed the harness, ear', value: 'sniffed the harness, ear' });
    const rest = choices.slice(1);
    expect(rest.length).toBeGreaterThan(0);
    for (const c of rest) {
      expect(String(c.value)).toMatch(/^sniffed the harness, ears/);
      expect(c.name).toMatch(/ — (win|mild|moderate|severe|pain)$/);
    }
    expect(rest.map((c) => c.value)).toContain('sniffed the harness, ears flat');
  });

  it('stays within Discord’s limits: at most 25 choices, names and values up to 100', async () => {
    const h = harness();
    const user = newUser(h);
    const texts = [
      '',
      'a, ',
      's',
      `${'x'.repeat(90)}, ears`,
      'y'.repeat(95),
      'z'.repeat(99) + ',',
      'é'.repeat(100),
    ];
    for (const what of texts) {
      const choices = await autocomplete(h, user, 'log', 'what', { options: { what } });
      expect(choices.length, what).toBeLessThanOrEqual(25);
      for (const c of choices) {
        expect(c.name.length).toBeGreaterThan(0);
        expect(c.name.length).toBeLessThanOrEqual(100);
        expect(String(c.value).length).toBeGreaterThan(0);
        expect(String(c.value).length).toBeLessThanOrEqual(100);
      }
    }
    const many = await autocomplete(h, user, 'log', 'what', { options: { what: 'a, ' } });
    expect(many).toHaveLength(25);
    const long = await autocomplete(h, user, 'log', 'what', { options: { what: 'y'.repeat(95) } });
    expect(long[0]?.value).toBe('y'.repeat(95));
  });

  it('in the cat option of /log it suggests cats instead', async () => {
    const h = harness();
    const user = newUser(h);
    await addCat(h, user, 'Waffle');
    const choices = await autocomplete(h, user, 'log', 'cat', { options: { what: 'sniffed', cat: 'wa' } });
    expect(choices.map((c) => c.name)).toEqual([expect.stringContaining('Waffle')]);
  });

  it('has no buttons on a first log (nothing to offer yet)', async () => {
    const h = harness();
    const user = newUser(h);
    await addCat(h, user, 'Pudding');
    const m = await reply(h, user, 'log', { options: { what: 'sniffed' } });
    expect(buttons(m)).toEqual([]);
    expect(textOf(m)).toContain('First session logged');
  });
});

describe('/log coaching that answers what happened', () => {
  it('after stress, the next tiny step answers it, and /progress says the same', async () => {
    const h = harness();
    const user = newUser(h);
    await addCat(h, user, 'Biscuit', 'harness_buckle');
    const m = await reply(h, user, 'log', { options: { what: 'ears flat when the buckle clicked' } });
    const step = field(m, 'Next tiny step') ?? '';
    expect(ADVICE.harness_buckle.warning_looks).toContain(step);
    const progress = await reply(h, user, 'progress');
    expect(field(progress, 'Next tiny step')).toContain(step);
  });

  it('explains an expected signal once, in a kind word', async () => {
    const h = harness();
    const user = newUser(h);
    await addCat(h, user, 'Tofu', 'harness_wear');
    const first = await reply(h, user, 'log', { options: { what: 'walked like a robot, took a treat' } });
    expect(field(first, 'What it means')).toMatch(/normal/);
    const second = await reply(h, user, 'log', { options: { what: 'walked like a robot, took a treat' } });
    expect(field(second, 'What I read')).toContain('• stiff-legged walk — expected at this stage');
    expect(field(second, 'What it means') ?? '').not.toMatch(/normal/);
  });

  it('a possible-pain session gets no celebration and no training step: the next step is the vet', async () => {
    const h = harness();
    const user = newUser(h);
    await addCat(h, user, 'Pudding', 'harness_buckle');
    const m = await reply(h, user, 'log', { options: { what: 'limping, cried out when I touched her leg' } });
    expect(textOf(m)).not.toContain('First session logged');
    expect(textOf(m)).not.toContain('🎉');
    expect(field(m, 'What I read')).toContain('— pain');
    expect(field(m, 'Next tiny step')).toMatch(/vet/);
    expect(field(m, 'Next tiny step')).not.toMatch(/buckle|harness/i);
    const progress = await reply(h, user, 'progress');
    expect(field(progress, 'Next tiny step')).toMatch(/vet/);
  });
});
