/**
 * Households on both backends: who may share, the limit of five, what a co-owner may and may not do, taking
 * someone off (and the kind refusal after it), and how names resolve when a co-owner's own cat and a shared
 * cat are both around.
 */
import { describe, expect, it } from 'vitest';
import {
  listCats,
  previewRemoveCat,
  removeCat,
  renameCat,
  setCatStage,
  suggestCats,
} from '../../src/services/cats.js';
import { shareCat, unshareCat } from '../../src/services/households.js';
import { LIMITS } from '../../src/services/limits.js';
import { getProgress } from '../../src/services/progress.js';
import { answerOffer, logSession } from '../../src/services/sessions.js';
import { forEachBackend } from '../support/backends.js';
import { givenCat } from '../support/factories.js';
import { CO, OTHER, OWNER, codeOf, depsOn, givenSharedCat, problemOf } from './householdFixtures.js';

forEachBackend((_backend, open) => {
  describe('sharing a cat', () => {
    it('makes someone a co-owner; sharing with them again changes nothing', async () => {
      const deps = await depsOn(open);
      const catId = await givenCat(deps, OWNER, 'Miso');
      const first = await shareCat(deps, { ownerId: OWNER, cat: 'miso', userId: CO, userIsBot: false });
      expect(first).toMatchObject({ catId, catName: 'Miso', userId: CO, already: false, coOwners: 1 });
      const again = await shareCat(deps, { ownerId: OWNER, cat: 'Miso', userId: CO, userIsBot: false });
      expect(again).toMatchObject({ already: true, coOwners: 1 });
      expect((await deps.store.households.listCoOwners(catId)).map((c) => c.userId)).toEqual([CO]);
    });

    it.each([
      ['themselves', OWNER, false, 'cannot_share'],
      ['a bot', CO, true, 'cannot_share'],
    ])('refuses sharing with %s', async (_who, userId, userIsBot, code) => {
      const deps = await depsOn(open);
      await givenCat(deps, OWNER, 'Miso');
      expect(await codeOf(() => shareCat(deps, { ownerId: OWNER, cat: 'Miso', userId, userIsBot }))).toBe(
        code,
      );
    });

    it('refuses a co-owner sharing onward, and a cat that is not theirs at all', async () => {
      const deps = await depsOn(open);
      await givenSharedCat(deps);
      expect(
        await problemOf(() => shareCat(deps, { ownerId: CO, cat: 'Miso', userId: OTHER, userIsBot: false })),
      ).toEqual({ code: 'owner_only', data: { action: 'share', catName: 'Miso' } });
      expect(
        await codeOf(() => shareCat(deps, { ownerId: OTHER, cat: 'Miso', userId: CO, userIsBot: false })),
      ).toBe('no_cats');
    });

    it(`allows ${String(LIMITS.coOwnersPerCat)} co-owners per cat and refuses the next, kindly`, async () => {
      const deps = await depsOn(open);
      await givenCat(deps, OWNER, 'Miso');
      for (let i = 0; i < LIMITS.coOwnersPerCat; i++) {
        await shareCat(deps, {
          ownerId: OWNER,
          cat: 'Miso',
          userId: `20000000000000000${String(i)}`,
          userIsBot: false,
        });
      }
      expect(
        await problemOf(() =>
          shareCat(deps, { ownerId: OWNER, cat: 'Miso', userId: OTHER, userIsBot: false }),
        ),
      ).toEqual({ code: 'too_many_co_owners', data: { max: 5, catName: 'Miso' } });
      // Taking one off makes room again.
      await unshareCat(deps, { userId: OWNER, cat: 'Miso', targetId: '200000000000000000' });
      expect(
        (await shareCat(deps, { ownerId: OWNER, cat: 'Miso', userId: OTHER, userIsBot: false })).coOwners,
      ).toBe(5);
    });

    it('holds the limit when many shares of one cat run at once (two processes)', async () => {
      const deps = await depsOn(open);
      const second = deps.data.secondStore();
      await givenCat(deps, OWNER, 'Miso');
      const results = await Promise.allSettled(
        Array.from({ length: 9 }, (_, i) =>
          shareCat(
            { ...deps, store: i % 2 === 0 ? deps.store : second },
            { ownerId: OWNER, cat: 'Miso', userId: `30000000000000000${String(i)}`, userIsBot: false },
          ),
        ),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(LIMITS.coOwnersPerCat);
      expect(await deps.data.rows('catCoOwners')).toHaveLength(LIMITS.coOwnersPerCat);
    });
  });

  describe('what a co-owner may do', () => {
    it('logs for the shared cat: the same stage machine, the session remembers who logged it', async () => {
      const deps = await depsOn(open);
      const catId = await givenSharedCat(deps, 'harness_drape');
      await logSession(deps, { ownerId: OWNER, what: 'took a treat, relaxed', minutes: 2 });
      const view = await logSession(deps, { ownerId: CO, cat: 'Miso', what: 'purring, took a treat' });
      expect(view).toMatchObject({ catId, catName: 'Miso', sharedBy: OWNER });
      const sessions = await deps.store.sessions.listByCat(catId);
      expect(sessions.map((s) => s.loggedBy)).toEqual([OWNER, CO]);
      expect((await deps.store.cats.find(catId))?.goodDays).toBe(1);
    });

    it('sees the progress of the shared cat, with who logged each session once two people have', async () => {
      const deps = await depsOn(open);
      await givenSharedCat(deps);
      await logSession(deps, { ownerId: OWNER, what: 'sniffed the harness' });
      const alone = await getProgress(deps, { ownerId: CO, cat: 'Miso' });
      expect(alone).toMatchObject({ catName: 'Miso', sharedBy: OWNER, showAuthors: false });
      deps.clock.advance(60_000);
      await logSession(deps, { ownerId: CO, cat: 'Miso', what: 'ignored the harness' });
      const both = await getProgress(deps, { ownerId: OWNER });
      expect(both).toMatchObject({ sharedBy: null, showAuthors: true, totalSessions: 2 });
      expect(both.recent.map((r) => r.loggedBy)).toEqual([CO, OWNER]);
    });

    it('counts a co-owner’s log as the owner’s activity too (after the commit)', async () => {
      const deps = await depsOn(open);
      await givenSharedCat(deps);
      deps.clock.advance(3_600_000);
      await logSession(deps, { ownerId: CO, cat: 'Miso', what: 'sniffed the harness' });
      expect((await deps.store.owners.find(OWNER))?.lastActivityAt).toEqual(deps.clock.now());
      expect((await deps.store.owners.find(CO))?.lastActivityAt).toEqual(deps.clock.now());
    });

    it('cannot rename, remove, set the stage of, or answer the stage offer of the shared cat', async () => {
      const deps = await depsOn(open);
      const catId = await givenSharedCat(deps);
      const ownerOnly = (action: string) => ({
        code: 'owner_only',
        data: { action, catName: 'Miso' },
      });
      expect(await problemOf(() => renameCat(deps, { ownerId: CO, cat: 'Miso', name: 'Mine' }))).toEqual(
        ownerOnly('rename'),
      );
      expect(await problemOf(() => previewRemoveCat(deps, { ownerId: CO, cat: 'Miso' }))).toEqual(
        ownerOnly('remove'),
      );
      expect(await codeOf(() => removeCat(deps, { ownerId: CO, catId }))).toBe('stale_button');
      expect(
        await problemOf(() => setCatStage(deps, { ownerId: CO, cat: 'Miso', stage: 'leash_drag' })),
      ).toEqual(ownerOnly('stage'));
      await deps.data.updateAll('cats', { offerPending: true });
      expect(
        await problemOf(() =>
          answerOffer(deps, { ownerId: CO, catId, from: 'harness_scenery', accept: true }),
        ),
      ).toEqual(ownerOnly('offer'));
      // A stranger's click is still "not your button".
      expect(
        await codeOf(() =>
          answerOffer(deps, { ownerId: OTHER, catId, from: 'harness_scenery', accept: true }),
        ),
      ).toBe('not_your_button');
      const cat = await deps.store.cats.find(catId);
      expect(cat).toMatchObject({ name: 'Miso', stage: 'harness_scenery', offerPending: true });
      // The owner still can: the removal preview says the co-owner loses the cat too.
      expect(await previewRemoveCat(deps, { ownerId: OWNER, cat: 'Miso' })).toMatchObject({ coOwners: 1 });
    });

    it('a co-owner’s log of an offer-earning session shows the offer as the owner’s decision', async () => {
      const deps = await depsOn(open);
      await givenSharedCat(deps);
      let view = await logSession(deps, { ownerId: CO, cat: 'Miso', what: 'ignored the harness' });
      for (let day = 1; day < 10 && view.offer === null; day++) {
        deps.clock.advance(86_400_000);
        view = await logSession(deps, { ownerId: CO, cat: 'Miso', what: 'ignored the harness' });
      }
      expect(view.offer).not.toBeNull();
      expect(view.sharedBy).toBe(OWNER);
    });
  });

  describe('taking someone off', () => {
    it('the owner takes a co-owner off; their /log is then refused kindly, and sharing again brings it back', async () => {
      const deps = await depsOn(open);
      const catId = await givenSharedCat(deps);
      expect(await unshareCat(deps, { userId: OWNER, cat: 'Miso', targetId: CO })).toEqual({
        catName: 'Miso',
        ownerId: OWNER,
        userId: CO,
        self: false,
      });
      const refusal = { code: 'cat_unshared', data: { catName: 'Miso' } };
      expect(await problemOf(() => logSession(deps, { ownerId: CO, cat: 'Miso', what: 'sniffed' }))).toEqual(
        refusal,
      );
      // Without naming the cat, by its id (an old autocomplete choice), and in /progress: the same words.
      expect(await problemOf(() => logSession(deps, { ownerId: CO, what: 'sniffed' }))).toEqual(refusal);
      expect(
        await problemOf(() => logSession(deps, { ownerId: CO, cat: String(catId), what: 'sniffed' })),
      ).toEqual(refusal);
      expect(await problemOf(() => getProgress(deps, { ownerId: CO, cat: 'mi' }))).toEqual(refusal);
      expect(await deps.store.sessions.listByCat(catId)).toHaveLength(0);
      await shareCat(deps, { ownerId: OWNER, cat: 'Miso', userId: CO, userIsBot: false });
      expect((await logSession(deps, { ownerId: CO, what: 'sniffed the harness' })).catId).toBe(catId);
    });

    it('a co-owner takes only themselves off', async () => {
      const deps = await depsOn(open);
      await givenSharedCat(deps);
      await shareCat(deps, { ownerId: OWNER, cat: 'Miso', userId: OTHER, userIsBot: false });
      expect(await problemOf(() => unshareCat(deps, { userId: CO, cat: 'Miso', targetId: OTHER }))).toEqual({
        code: 'owner_only',
        data: { action: 'unshare_other', catName: 'Miso' },
      });
      expect(await unshareCat(deps, { userId: CO, cat: 'Miso', targetId: CO })).toMatchObject({ self: true });
      expect(await listCats(deps, CO)).toEqual([]);
      expect((await listCats(deps, OTHER)).map((c) => c.name)).toEqual(['Miso']);
    });

    it('refuses taking off the owner, or someone the cat is not shared with', async () => {
      const deps = await depsOn(open);
      await givenSharedCat(deps);
      expect(
        await problemOf(() => unshareCat(deps, { userId: OWNER, cat: 'Miso', targetId: OWNER })),
      ).toEqual({ code: 'not_co_owner', data: { reason: 'owner', catName: 'Miso' } });
      expect(
        await problemOf(() => unshareCat(deps, { userId: OWNER, cat: 'Miso', targetId: OTHER })),
      ).toEqual({ code: 'not_co_owner', data: { reason: 'not_shared', catName: 'Miso' } });
    });
  });

  describe('naming cats when some are shared', () => {
    it('own cat first: a co-owner’s own "Miso" wins by name, the shared one is reached by its id', async () => {
      const deps = await depsOn(open);
      const sharedId = await givenSharedCat(deps);
      const ownId = await givenCat(deps, CO, 'Miso');
      expect((await logSession(deps, { ownerId: CO, cat: 'Miso', what: 'sniffed' })).catId).toBe(ownId);
      expect((await logSession(deps, { ownerId: CO, cat: 'MISO', what: 'sniffed' })).catId).toBe(ownId);
      expect((await logSession(deps, { ownerId: CO, cat: String(sharedId), what: 'sniffed' })).catId).toBe(
        sharedId,
      );
      // Neither named: which one is asked, and the shared one is marked.
      expect(await problemOf(() => logSession(deps, { ownerId: CO, what: 'sniffed' }))).toEqual({
        code: 'ambiguous_cat',
        data: { reason: 'none_named', names: ['Miso'], sharedNames: ['Miso'] },
      });
      // Owner-only commands by name reach the co-owner's own cat, never the shared one.
      await renameCat(deps, { ownerId: CO, cat: 'Miso', name: 'Mimi' });
      expect((await deps.store.cats.find(sharedId))?.name).toBe('Miso');
      expect((await deps.store.cats.find(ownId))?.name).toBe('Mimi');
    });

    it('a shared cat is reached by name, prefix or id when nothing of their own matches', async () => {
      const deps = await depsOn(open);
      const sharedId = await givenSharedCat(deps);
      await givenCat(deps, CO, 'Tofu');
      for (const cat of ['Miso', 'mi', String(sharedId)]) {
        expect((await logSession(deps, { ownerId: CO, cat, what: 'sniffed' })).catId).toBe(sharedId);
      }
      expect(await problemOf(() => logSession(deps, { ownerId: CO, cat: 'Bean', what: 'sniffed' }))).toEqual({
        code: 'unknown_cat',
        data: { names: ['Tofu'], sharedNames: ['Miso'] },
      });
    });

    it('lists and suggests own cats first, shared ones marked; "owned" suggests only their own', async () => {
      const deps = await depsOn(open);
      await givenSharedCat(deps);
      await givenCat(deps, CO, 'Mochi');
      expect((await listCats(deps, CO)).map((c) => [c.name, c.sharedBy])).toEqual([
        ['Mochi', null],
        ['Miso', OWNER],
      ]);
      expect((await listCats(deps, OWNER)).map((c) => [c.name, c.sharedBy, c.coOwners])).toEqual([
        ['Miso', null, [CO]],
      ]);
      expect((await suggestCats(deps, CO, 'mi')).map((c) => [c.name, c.sharedBy])).toEqual([['Miso', OWNER]]);
      expect((await suggestCats(deps, CO, 'm')).map((c) => c.name)).toEqual(['Mochi', 'Miso']);
      expect((await suggestCats(deps, CO, '', 'owned')).map((c) => c.name)).toEqual(['Mochi']);
    });
  });
});
