/** The households area of the storage port, and the cats it makes reachable, on both backends. */
import { describe, expect, it } from 'vitest';
import { initialState } from '../../src/domain/coach.js';
import type { NewCat } from '../../src/services/store/cats.js';
import type { Store } from '../../src/services/store/store.js';
import { forEachBackend } from '../support/backends.js';

const NOW = new Date('2026-11-25T09:00:00Z');
const later = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);

function newCat(ownerId: string, name: string, createdAt = NOW): NewCat {
  return { ownerId, name, nameKey: name.toLowerCase(), createdAt, ...initialState('harness_scenery', NOW) };
}

async function givenCats(store: Store) {
  await store.owners.ensure('a', NOW);
  await store.owners.ensure('b', NOW);
  const miso = await store.cats.insert(newCat('a', 'Miso', later(1)));
  const tofu = await store.cats.insert(newCat('b', 'Tofu', later(2)));
  const bean = await store.cats.insert(newCat('a', 'Bean', later(3)));
  return { miso: miso.id, tofu: tofu.id, bean: bean.id };
}

forEachBackend((_backend, open) => {
  describe('the households area', () => {
    it('adds a co-owner once, takes them off once, and adds them again afresh', async () => {
      const { store } = await open();
      const { miso } = await givenCats(store);
      expect(await store.households.add(miso, 'b', NOW)).toBe(true);
      expect(await store.households.add(miso, 'b', later(5))).toBe(false);
      expect(await store.households.listCoOwners(miso)).toEqual([
        { catId: miso, userId: 'b', sharedAt: NOW, removedAt: null, noticePending: false },
      ]);
      expect(await store.households.remove(miso, 'b', later(10))).toBe(true);
      expect(await store.households.remove(miso, 'b', later(11))).toBe(false);
      expect(await store.households.listCoOwners(miso)).toEqual([]);
      expect(await store.households.listFormer('b')).toEqual([
        { catId: miso, catName: 'Miso', ownerId: 'a' },
      ]);
      expect(await store.households.add(miso, 'b', later(20))).toBe(true);
      expect(await store.households.listCoOwners(miso)).toEqual([
        { catId: miso, userId: 'b', sharedAt: later(20), removedAt: null, noticePending: false },
      ]);
      expect(await store.households.listFormer('b')).toEqual([]);
    });

    it('lists a user’s own cats and the cats shared with them, oldest first; not those taken off', async () => {
      const { store } = await open();
      const { miso, tofu, bean } = await givenCats(store);
      await store.households.add(miso, 'b', NOW);
      await store.households.add(bean, 'b', NOW);
      expect((await store.cats.listAccessible('b')).map((c) => c.id)).toEqual([miso, tofu, bean]);
      await store.households.remove(bean, 'b', NOW);
      expect((await store.cats.listAccessible('b')).map((c) => c.id)).toEqual([miso, tofu]);
      expect((await store.cats.listAccessible('a')).map((c) => c.id)).toEqual([miso, bean]);
      // In a transaction too (on PostgreSQL: one locked statement).
      expect(
        await store.transaction(async (tx) => (await tx.cats.listAccessible('b')).map((c) => c.name)),
      ).toEqual(['Miso', 'Tofu']);
    });

    it('lists the co-owners of all an owner’s cats', async () => {
      const { store } = await open();
      const { miso, bean } = await givenCats(store);
      await store.households.add(bean, 'c', NOW);
      await store.households.add(miso, 'b', later(1));
      await store.households.add(miso, 'c', later(2));
      expect((await store.households.listCoOwnersOfOwner('a')).map((c) => [c.catId, c.userId])).toEqual([
        [bean, 'c'],
        [miso, 'b'],
        [miso, 'c'],
      ]);
      expect(await store.households.listCoOwnersOfOwner('b')).toEqual([]);
    });

    it('keeps a pending "shared with you" notice until it is taken, once', async () => {
      const { store } = await open();
      const { miso, bean } = await givenCats(store);
      await store.households.add(miso, 'b', NOW);
      await store.households.add(bean, 'b', NOW);
      expect(await store.households.takeNotices('b')).toEqual([]);
      await store.households.markNoticePending(miso, 'b');
      await store.households.markNoticePending(bean, 'b');
      expect(await store.households.takeNotices('b')).toEqual([
        { catId: miso, catName: 'Miso', ownerId: 'a' },
        { catId: bean, catName: 'Bean', ownerId: 'a' },
      ]);
      expect(await store.households.takeNotices('b')).toEqual([]);
    });

    it('forgets a cat’s co-owners with the cat', async () => {
      const { store } = await open();
      const { miso } = await givenCats(store);
      await store.households.add(miso, 'b', NOW);
      await store.cats.deleteOwned(miso, 'a');
      expect(await store.households.listCoOwners(miso)).toEqual([]);
      expect(await store.households.listFormer('b')).toEqual([]);
      expect((await store.cats.listAccessible('b')).map((c) => c.name)).toEqual(['Tofu']);
    });

    it('gives the check-in a user’s own cats first, then the cats shared with them', async () => {
      const { store } = await open();
      const { miso, tofu, bean } = await givenCats(store);
      await store.households.add(miso, 'b', NOW);
      await store.households.add(bean, 'b', NOW);
      const catsOf = await store.checkIns.catsForCheckIn(['a', 'b']);
      expect(catsOf.get('b')?.map(({ cat }) => [cat.id, cat.ownerId])).toEqual([
        [tofu, 'b'],
        [miso, 'a'],
        [bean, 'a'],
      ]);
      expect(catsOf.get('a')?.map(({ cat }) => cat.id)).toEqual([miso, bean]);
    });
  });
});
