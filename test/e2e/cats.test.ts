import { describe, expect, it } from 'vitest';
import { STAGES } from '../../src/domain/stages.js';
import type { JsonObject, StoredCommand } from '@leash-coach/fake-discord';
import {
  addCat,
  autocomplete,
  buttons,
  click,
  command,
  EPHEMERAL,
  expectEphemeralAnswer,
  newUser,
  NO_MENTIONS,
  reply,
  textOf,
  useHarness,
} from './helpers.js';

const harness = useHarness();

function definition(name: string): StoredCommand {
  const found = harness()
    .fake.registeredCommands()
    .find((c) => c.name === name);
  if (!found) throw new Error(`/${name} is not registered`);
  return found;
}

function optionsOf(def: JsonObject, sub?: string): JsonObject[] {
  const top = (def.options ?? []) as JsonObject[];
  if (sub === undefined) return top;
  const found = top.find((o) => o.name === sub && o.type === 1);
  if (!found) throw new Error(`no subcommand ${sub}`);
  return (found.options ?? []) as JsonObject[];
}

function option(name: string, sub: string | undefined, opt: string): JsonObject {
  const found = optionsOf(definition(name), sub).find((o) => o.name === opt);
  if (!found) throw new Error(`/${name} ${sub ?? ''} has no option ${opt}`);
  return found;
}

const stageChoices = STAGES.map((s) => ({ value: s.id, name: expect.stringContaining(s.name) as string }));

describe('registered command definitions', () => {
  it('registers every INTERFACE.md command with its subcommands', () => {
    const h = harness();
    const names = h.fake
      .registeredCommands()
      .map((c) => c.name)
      .sort();
    expect(names).toEqual([
      'cat',
      'checkin',
      'community',
      'help',
      'log',
      'mydata',
      'progress',
      'session',
      'share',
    ]);
    const subs = (name: string) =>
      optionsOf(definition(name))
        .filter((o) => o.type === 1)
        .map((o) => o.name);
    expect(subs('cat')).toEqual(['add', 'list', 'rename', 'remove', 'stage', 'share', 'unshare']);
    expect(subs('checkin')).toEqual(['set', 'pause', 'resume', 'status']);
    expect(subs('share')).toEqual(['win', 'auto']);
    expect(subs('community')).toEqual(['set', 'off', 'status']);
    expect(subs('mydata')).toEqual(['export', 'delete']);
    expect(subs('session')).toEqual(['start']);
  });

  it('offers /share and /community in servers only, everything else in servers and DMs', () => {
    for (const name of ['help', 'cat', 'log', 'progress', 'session', 'checkin', 'mydata']) {
      expect(definition(name).contexts, name).toEqual([0, 1]);
      expect(definition(name).default_member_permissions ?? null, name).toBeNull();
    }
    expect(definition('share').contexts).toEqual([0]);
    expect(definition('share').default_member_permissions ?? null).toBeNull();
    expect(definition('community').contexts).toEqual([0]);
    // ManageGuild = 1 << 5
    expect(definition('community').default_member_permissions).toBe('32');
  });

  it('carries the limits: lengths, ranges and the eight stages as choices', () => {
    expect(option('cat', 'add', 'name')).toMatchObject({ type: 3, required: true, max_length: 32 });
    expect(option('cat', 'rename', 'name')).toMatchObject({ type: 3, required: true, max_length: 32 });
    expect(option('cat', 'add', 'stage')).toMatchObject({ type: 3, choices: stageChoices });
    expect(option('cat', 'add', 'stage').required ?? false).toBe(false);
    expect(option('cat', 'stage', 'stage')).toMatchObject({ required: true, choices: stageChoices });
    expect((option('cat', 'stage', 'stage').choices as unknown[]).length).toBe(8);
    expect(option('log', undefined, 'what')).toMatchObject({ type: 3, required: true, autocomplete: true });
    expect(option('log', undefined, 'minutes')).toMatchObject({ type: 4, min_value: 1, max_value: 240 });
    expect(option('log', undefined, 'note')).toMatchObject({ type: 3, max_length: 500 });
    expect(option('checkin', 'set', 'time')).toMatchObject({ type: 3, required: true });
    expect(option('checkin', 'set', 'timezone')).toMatchObject({ required: true, autocomplete: true });
    expect(option('checkin', 'pause', 'days')).toMatchObject({ type: 4, min_value: 1, max_value: 60 });
    expect(option('checkin', 'pause', 'days').required ?? false).toBe(false);
    expect(option('share', 'win', 'message')).toMatchObject({ type: 3, required: true, max_length: 500 });
    expect(option('share', 'win', 'photo')).toMatchObject({ type: 11 });
    expect(option('share', 'auto', 'enabled')).toMatchObject({ type: 5, required: true });
    expect(option('community', 'set', 'channel')).toMatchObject({ type: 7, required: true });
    expect(option('session', 'start', 'minutes')).toMatchObject({ type: 4, min_value: 1, max_value: 10 });
    expect(option('session', 'start', 'minutes').required ?? false).toBe(false);
  });

  it('autocompletes every cat option, and only those that should', () => {
    const catOptions: [string, string | undefined, boolean][] = [
      ['cat', 'rename', true],
      ['cat', 'remove', true],
      ['cat', 'stage', true],
      ['log', undefined, false],
      ['progress', undefined, false],
      ['share', 'win', false],
      ['session', 'start', false],
    ];
    for (const [name, sub, required] of catOptions) {
      expect(option(name, sub, 'cat'), `${name} ${sub ?? ''}`).toMatchObject({ type: 3, autocomplete: true });
      expect(option(name, sub, 'cat').required ?? false).toBe(required);
    }
    expect(option('cat', 'add', 'name').autocomplete ?? false).toBe(false);
    expect(option('log', undefined, 'note').autocomplete ?? false).toBe(false);
  });

  it('keeps /share win and /community out of DMs (Discord would not offer them)', async () => {
    const h = harness();
    const user = newUser(h);
    await expect(
      command(h, user, 'share', { dm: true, sub: 'win', options: { message: 'hi' } }),
    ).rejects.toThrow(/not available in this context/);
    await expect(command(h, user, 'community', { dm: true, sub: 'status' })).rejects.toThrow(
      /not available in this context/,
    );
  });
});

describe('/help', () => {
  it.each([
    ['in a server', false],
    ['in a DM', true],
  ])('explains the method, the stages and the commands %s', async (_where, dm) => {
    const h = harness();
    const m = await reply(h, newUser(h), 'help', { dm });
    const text = expectEphemeralAnswer(m, '/log', '/session start', '/checkin set', '/mydata export');
    for (const stage of STAGES) expect(text).toContain(stage.name);
    expect(text).toMatch(/mild.*moderate.*severe.*pain/s);
  });
});

describe('/cat', () => {
  it('adds, lists, renames and sets the stage of cats, in a server', async () => {
    const h = harness();
    const user = newUser(h);
    const added = await addCat(h, user, 'Mochi');
    expectEphemeralAnswer(added, 'Make the harness boring (1/8)', 'First tiny step');
    expect(added.allowedMentions).toEqual(NO_MENTIONS);

    const second = await reply(h, user, 'cat', {
      sub: 'add',
      options: { name: 'Tofu', stage: 'harness_wear' },
    });
    expectEphemeralAnswer(second, 'Welcome, **Tofu**', 'Wearing it indoors (4/8)');

    const list = await reply(h, user, 'cat', { sub: 'list' });
    const listText = expectEphemeralAnswer(list, 'Your cats', '**Mochi**', '**Tofu**', 'no sessions yet');
    expect(listText).toContain('Make the harness boring (1/8)');
    expect(list.allowedMentions).toEqual(NO_MENTIONS);

    const renamed = await reply(h, user, 'cat', {
      sub: 'rename',
      options: { cat: 'mochi', name: 'Mochi-San' },
    });
    expectEphemeralAnswer(renamed, '**Mochi** is now **Mochi-San**');

    const staged = await reply(h, user, 'cat', {
      sub: 'stage',
      options: { cat: 'Mochi-San', stage: 'harness_buckle' },
    });
    expectEphemeralAnswer(staged, '**Mochi-San** is now at **One buckle, one heartbeat (3/8)**');
    const again = await reply(h, user, 'cat', {
      sub: 'stage',
      options: { cat: 'Mochi-San', stage: 'harness_buckle' },
    });
    expectEphemeralAnswer(again, 'already at', 'Nothing to change');

    const after = textOf(await reply(h, user, 'cat', { sub: 'list' }));
    expect(after).toContain('**Mochi-San** · One buckle, one heartbeat (3/8)');
    expect(after).not.toContain('**Mochi** ·');
  });

  it('works the same in a DM with the bot', async () => {
    const h = harness();
    const user = newUser(h);
    const added = await reply(h, user, 'cat', { dm: true, sub: 'add', options: { name: 'Pixel' } });
    expect(added.guildId).toBeUndefined();
    expect(added.channelId).toBe(h.fake.dmChannelOf(user.id));
    expectEphemeralAnswer(added, 'Welcome, **Pixel**');
    // The same cats in the server and in the DM: they belong to the owner, not the place.
    expectEphemeralAnswer(await reply(h, user, 'cat', { sub: 'list' }), '**Pixel**');
    expectEphemeralAnswer(
      await reply(h, user, 'cat', { dm: true, sub: 'rename', options: { cat: 'Pixel', name: 'Byte' } }),
      '**Pixel** is now **Byte**',
    );
    expectEphemeralAnswer(
      await reply(h, user, 'cat', {
        dm: true,
        sub: 'stage',
        options: { cat: 'Byte', stage: 'leash_drag' },
      }),
      'Leash drag (5/8)',
    );
    const remove = await reply(h, user, 'cat', { dm: true, sub: 'remove', options: { cat: 'Byte' } });
    const done = await click(h, user, remove, 'Remove');
    expect((await done.reply()).content).toContain('**Byte** and their history have been removed');
    expectEphemeralAnswer(await reply(h, user, 'cat', { dm: true, sub: 'list' }), 'No cats yet');
  });

  it('autocompletes only the caller’s own cats, prefix matches first, then the rest that contain it', async () => {
    const h = harness();
    const owner = newUser(h);
    const other = newUser(h);
    for (const name of ['Mo', 'Lemon', 'Momo', 'Salmon']) await addCat(h, owner, name);
    await addCat(h, other, 'Mouse');
    await addCat(h, other, 'Simon');

    const choices = await autocomplete(h, owner, 'cat', 'cat', {
      sub: 'remove',
      options: { cat: 'mo' },
    });
    expect(choices.map((c) => c.name.split(' — ')[0])).toEqual(['Mo', 'Momo', 'Lemon', 'Salmon']);
    for (const c of choices) {
      expect(typeof c.value).toBe('string');
      expect(c.name.length).toBeLessThanOrEqual(100);
      expect(String(c.value).length).toBeLessThanOrEqual(100);
    }
    const all = await autocomplete(h, owner, 'progress', 'cat');
    expect(all.map((c) => c.name.split(' — ')[0]).sort()).toEqual(['Lemon', 'Mo', 'Momo', 'Salmon']);
    const others = await autocomplete(h, other, 'log', 'cat', { options: { what: 'sniffed', cat: 'mo' } });
    expect(others.map((c) => c.name.split(' — ')[0])).toEqual(['Mouse', 'Simon']);
    expect(await autocomplete(h, newUser(h), 'share', 'cat', { sub: 'win', options: { cat: '' } })).toEqual(
      [],
    );

    // The chosen value (the cat's id) resolves to the right cat.
    const lemon = choices.find((c) => c.name.startsWith('Lemon'));
    const staged = await reply(h, owner, 'cat', {
      sub: 'stage',
      options: { cat: String(lemon?.value), stage: 'harness_drape' },
    });
    expectEphemeralAnswer(staged, '**Lemon** is now at');
    // Another owner's cat id does not resolve for someone else.
    const mouse = others[0];
    const stolen = await reply(h, owner, 'cat', {
      sub: 'stage',
      options: { cat: String(mouse?.value), stage: 'harness_drape' },
    });
    expectEphemeralAnswer(stolen, 'could not find a cat called that', '**Mo**');
    expect(textOf(stolen)).not.toContain('Mouse');
  });

  it('removes a cat after the owner confirms, keeps it on cancel, refuses anyone else', async () => {
    const h = harness();
    const owner = newUser(h);
    const stranger = newUser(h, 'stranger');
    await addCat(h, owner, 'Biscuit');
    await addCat(h, owner, 'Crumble');
    await reply(h, owner, 'log', { options: { what: 'sniffed the harness', cat: 'Biscuit' } });

    const ask = await reply(h, owner, 'cat', { sub: 'remove', options: { cat: 'Biscuit' } });
    expectEphemeralAnswer(ask, 'Remove **Biscuit** and their history (1 session)?', 'cannot be undone');
    expect(buttons(ask).map((b) => b.label)).toEqual(['Remove Biscuit', 'Keep']);
    for (const b of buttons(ask)) expect(b.customId.length).toBeLessThanOrEqual(100);

    const intruder = await click(h, stranger, ask, 'Remove');
    expect(intruder.ephemeral).toBe(true);
    expectEphemeralAnswer(await intruder.reply(), 'belong to someone else');
    expect(textOf(await reply(h, owner, 'cat', { sub: 'list' }))).toContain('**Biscuit**');

    const keep = await click(h, owner, ask, 'Keep');
    expect(keep.type).toBe(7);
    expect((await keep.reply()).content).toBe('Okay, nothing was removed.');
    expect(keep.message?.components).toEqual([]);
    expect(textOf(await reply(h, owner, 'cat', { sub: 'list' }))).toContain('**Biscuit**');

    // Two prompts for the same cat (say, on two devices): the first confirm removes it, the second is stale.
    const ask2 = await reply(h, owner, 'cat', { sub: 'remove', options: { cat: 'Biscuit' } });
    const ask3 = await reply(h, owner, 'cat', { sub: 'remove', options: { cat: 'Biscuit' } });
    const done = await click(h, owner, ask2, 'Remove');
    expect((await done.reply()).content).toContain('**Biscuit** and their history have been removed.');
    expect(done.message?.components).toEqual([]);
    const list = textOf(await reply(h, owner, 'cat', { sub: 'list' }));
    expect(list).not.toContain('Biscuit');
    expect(list).toContain('**Crumble**');

    const replay = await click(h, owner, ask3, 'Remove');
    expectEphemeralAnswer(await replay.reply(), 'already gone');
    expect(textOf(await reply(h, owner, 'cat', { sub: 'list' }))).toContain('**Crumble**');
  });

  describe('bad input gets a clear, kind, ephemeral answer and nothing is lost', () => {
    it('an unknown cat lists the owner’s cats', async () => {
      const h = harness();
      const user = newUser(h);
      await addCat(h, user, 'Nori');
      await addCat(h, user, 'Miso');
      const m = await reply(h, user, 'cat', { sub: 'rename', options: { cat: 'Garfield', name: 'Odie' } });
      expectEphemeralAnswer(m, 'could not find a cat called that', '**Nori**', '**Miso**');
      expect(m.allowedMentions).toEqual(NO_MENTIONS);
      const list = textOf(await reply(h, user, 'cat', { sub: 'list' }));
      expect(list).toContain('**Nori**');
      expect(list).not.toContain('Odie');
    });

    it('a fragment that matches several cats is ambiguous', async () => {
      const h = harness();
      const user = newUser(h);
      await addCat(h, user, 'Pepper');
      await addCat(h, user, 'Peanut');
      const m = await reply(h, user, 'cat', { sub: 'stage', options: { cat: 'pe', stage: 'leash_drag' } });
      expectEphemeralAnswer(m, 'More than one cat matches', '**Pepper**', '**Peanut**');
    });

    it('a duplicate name (any case) is refused and the first cat stays', async () => {
      const h = harness();
      const user = newUser(h);
      await addCat(h, user, 'Luna');
      const m = await reply(h, user, 'cat', { sub: 'add', options: { name: 'LUNA' } });
      expectEphemeralAnswer(m, 'already have a cat called **LUNA**', 'Try another name');
      await addCat(h, user, 'Sol');
      const rename = await reply(h, user, 'cat', { sub: 'rename', options: { cat: 'Sol', name: 'luna' } });
      expectEphemeralAnswer(rename, 'already have a cat called');
      const list = textOf(await reply(h, user, 'cat', { sub: 'list' }));
      expect(list.match(/\*\*Luna\*\*/g)).toHaveLength(1);
      expect(list).toContain('**Sol**');
    });

    it('a name over 32 characters cannot even be sent; names with mention markup are refused by us', async () => {
      const h = harness();
      const user = newUser(h);
      await expect(
        command(h, user, 'cat', { sub: 'add', options: { name: 'x'.repeat(33) } }),
      ).rejects.toThrow(/longer than max_length 32/);
      const m = await reply(h, user, 'cat', { sub: 'add', options: { name: '@everyone' } });
      expectEphemeralAnswer(m, 'Please leave out @');
      const blank = await reply(h, user, 'cat', { sub: 'add', options: { name: '   ' } });
      expectEphemeralAnswer(blank, 'at least one letter or number');
      expectEphemeralAnswer(await reply(h, user, 'cat', { sub: 'list' }), 'No cats yet');
    });

    it('commands about a cat before there is one say how to add one', async () => {
      const h = harness();
      const user = newUser(h);
      const m = await reply(h, user, 'cat', { sub: 'remove', options: { cat: 'Ghost' } });
      expectEphemeralAnswer(m, 'no cats here yet', '/cat add');
      expect(m.flags & EPHEMERAL).toBe(EPHEMERAL);
    });
  });
});
