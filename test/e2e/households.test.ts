import { describe, expect, it } from 'vitest';
import type { Harness } from '../support/botHarness.js';
import type { FakeUser } from '@leash-coach/fake-discord';
import {
  addCat,
  autocomplete,
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

/** `owner` shares their cat with `co`; resolves to the owner's reply. */
async function share(h: Harness, owner: FakeUser, cat: string, co: FakeUser) {
  return reply(h, owner, 'cat', { sub: 'share', options: { cat, user: co } });
}

describe('/cat share and a co-owner', () => {
  it('share → the co-owner is told by DM, logs for the cat, and the owner’s /progress shows who logged', async () => {
    const h = harness();
    const owner = newUser(h, 'ana');
    const co = newUser(h, 'ben');
    await addCat(h, owner, 'Miso');
    const shared = await share(h, owner, 'Miso', co);
    expectEphemeralAnswer(shared, `<@${co.id}> can now log sessions for **Miso**`, 'I sent them a DM');
    expect(shared.allowedMentions).toEqual(NO_MENTIONS);

    const dm = await h.fake.waitForDm(co.id);
    expect(dm.content).toContain(`<@${owner.id}> shared **Miso** with you`);
    expect(dm.allowedMentions).toEqual(NO_MENTIONS);

    await reply(h, owner, 'log', { options: { what: 'sniffed the harness, took a treat', minutes: 2 } });
    h.deps.clock.advance(60_000);
    const logged = await reply(h, co, 'log', { options: { what: 'ignored the harness', cat: 'Miso' } });
    expectEphemeralAnswer(logged, 'Miso · Make the harness boring');

    const progress = await reply(h, owner, 'progress');
    const recent = field(progress, 'Recent sessions') ?? '';
    expect(recent).toContain(`<@${co.id}>`);
    expect(recent).toContain(`<@${owner.id}>`);
    expect(progress.allowedMentions).toEqual(NO_MENTIONS);
    // The co-owner sees the same cat's progress.
    expectEphemeralAnswer(await reply(h, co, 'progress', { options: { cat: 'Miso' } }), 'Sessions\n2');
  });

  it('autocomplete offers the co-owner the shared cat, marked with its owner’s name', async () => {
    const h = harness();
    const owner = newUser(h, 'ana');
    const co = newUser(h, 'ben');
    await addCat(h, owner, 'Miso');
    await addCat(h, co, 'Mochi');
    await share(h, owner, 'Miso', co);
    const choices = await autocomplete(h, co, 'log', 'cat', { options: { what: 'x', cat: 'M' } });
    expect(choices.map((c) => c.name)).toEqual([
      'Mochi — Make the harness boring',
      `Miso (shared by ${owner.username}) — Make the harness boring`,
    ]);
    for (const c of choices) expect(c.name.length).toBeLessThanOrEqual(100);
    // What only the owner may do offers only their own cats.
    const forRename = await autocomplete(h, co, 'cat', 'cat', { sub: 'rename', options: { cat: '' } });
    expect(forRename.map((c) => c.name)).toEqual(['Mochi — Make the harness boring']);
  });

  it('with the co-owner’s DMs closed: the owner is told, and the co-owner hears it with their next command', async () => {
    const h = harness();
    const owner = newUser(h, 'ana');
    const co = newUser(h, 'ben');
    await addCat(h, owner, 'Miso');
    h.fake.closeDms(co.id);
    expectEphemeralAnswer(
      await share(h, owner, 'Miso', co),
      'they will see it the next time they use one of my commands',
    );
    const next = await command(h, co, 'cat', { sub: 'list' });
    expectEphemeralAnswer(await next.reply(), 'Miso', `shared by <@${owner.id}>`);
    const notice = await next.waitForFollowup(1);
    expectEphemeralAnswer(notice, `<@${owner.id}> shared **Miso** with you`);
    expect(notice.allowedMentions).toEqual(NO_MENTIONS);
    // Told once.
    expect((await command(h, co, 'cat', { sub: 'list' })).followups).toEqual([]);
  });

  it('refuses kindly: yourself, a bot, a cat you do not own, and a co-owner renaming the cat', async () => {
    const h = harness();
    const owner = newUser(h, 'ana');
    const co = newUser(h, 'ben');
    const third = newUser(h, 'cleo');
    await addCat(h, owner, 'Miso');
    expectEphemeralAnswer(await share(h, owner, 'Miso', owner), 'That is you!');
    expectEphemeralAnswer(await share(h, owner, 'Miso', h.fake.botUser), 'Bots cannot train cats');
    await share(h, owner, 'Miso', co);
    expectEphemeralAnswer(await share(h, co, 'Miso', third), "Only **Miso**'s owner can share them");
    expectEphemeralAnswer(
      await reply(h, co, 'cat', { sub: 'rename', options: { cat: 'Miso', name: 'Mine' } }),
      "Only **Miso**'s owner can rename them",
    );
    expectEphemeralAnswer(
      await reply(h, co, 'cat', { sub: 'stage', options: { cat: 'Miso', stage: 'leash_drag' } }),
      "Only **Miso**'s owner can set their stage",
    );
    expectEphemeralAnswer(await share(h, owner, 'Miso', co), 'is already a co-owner of **Miso**');
    expectEphemeralAnswer(await reply(h, owner, 'cat', { sub: 'list' }), `shared with <@${co.id}>`);
  });

  it('unshare: the co-owner’s /log for the cat then gets a kind refusal', async () => {
    const h = harness();
    const owner = newUser(h, 'ana');
    const co = newUser(h, 'ben');
    await addCat(h, owner, 'Miso');
    await share(h, owner, 'Miso', co);
    expectEphemeralAnswer(
      await reply(h, owner, 'cat', { sub: 'unshare', options: { cat: 'Miso', user: co } }),
      `<@${co.id}> is no longer a co-owner of **Miso**`,
    );
    const refused = await reply(h, co, 'log', { options: { what: 'sniffed the harness', cat: 'Miso' } });
    expectEphemeralAnswer(refused, '**Miso** is no longer shared with you');
    expect(textOf(refused)).not.toMatch(/could not find/);
  });

  it('/mydata delete says when the owner’s cats are shared', async () => {
    const h = harness();
    const owner = newUser(h, 'ana');
    const co = newUser(h, 'ben');
    await addCat(h, owner, 'Miso');
    await share(h, owner, 'Miso', co);
    expectEphemeralAnswer(
      await reply(h, owner, 'mydata', { sub: 'delete' }),
      '**Miso** is shared with other people: deleting removes that cat for them too.',
    );
    expectEphemeralAnswer(
      await reply(h, co, 'mydata', { sub: 'delete' }),
      'The sessions you logged for cats shared with you go too',
    );
  });
});
