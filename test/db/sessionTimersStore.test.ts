/** The session timers area of the store port, the same on SQLite and PostgreSQL. */
import { describe, expect, it } from 'vitest';
import { initialState } from '../../src/domain/coach.js';
import type { NewSessionTimer } from '../../src/services/store/sessionTimers.js';
import type { Store } from '../../src/services/store/store.js';
import { forEachBackend } from '../support/backends.js';

const NOW = new Date('2026-11-25T09:00:00Z');
const at = (ms: number) => new Date(NOW.getTime() + ms);

async function ownerWithCat(store: Store, ownerId: string, name = 'Mochi'): Promise<number> {
  return store.transaction(async (tx) => {
    await tx.owners.ensure(ownerId, NOW);
    const cat = await tx.cats.insert({
      ownerId,
      name,
      nameKey: name.toLowerCase(),
      createdAt: NOW,
      ...initialState('harness_drape', NOW),
    });
    return cat.id;
  });
}

function timer(ownerId: string, catId: number, endsInMs = 60_000): NewSessionTimer {
  return {
    ownerId,
    catId,
    minutes: 1,
    startedAt: NOW,
    endsAt: at(endsInMs),
    replyHandle: '1:token',
    followUpUntil: at(12 * 60_000),
  };
}

forEachBackend((_backend, open) => {
  describe('the session timers area', () => {
    it('keeps one timer per owner: starting another replaces it, with a new id', async () => {
      const data = await open();
      const { store } = data;
      const mochi = await ownerWithCat(store, 'u1');
      const first = await store.transaction((tx) => tx.sessionTimers.start(timer('u1', mochi)));
      expect(first.replaced).toBeUndefined();
      expect(first.timer).toMatchObject({ ownerId: 'u1', catId: mochi, status: 'running', attempts: 0 });
      expect(first.timer).not.toHaveProperty('claimToken');

      const second = await store.transaction((tx) =>
        tx.sessionTimers.start({ ...timer('u1', mochi), minutes: 5, endsAt: at(300_000) }),
      );
      expect(second.replaced).toEqual(first.timer);
      expect(second.timer.id).not.toBe(first.timer.id);
      expect(await store.sessionTimers.findByOwner('u1')).toEqual(second.timer);
      expect(await data.rows('sessionTimers')).toHaveLength(1);
    });

    it('starts many timers of one owner at once without a clash: the last one stays', async () => {
      const data = await open();
      const { store } = data;
      const mochi = await ownerWithCat(store, 'u1');
      await Promise.all(
        [1, 2, 3, 4, 5].map((minutes) =>
          store.transaction(async (tx) => {
            await tx.owners.ensure('u1', NOW);
            return tx.sessionTimers.start({ ...timer('u1', mochi), minutes });
          }),
        ),
      );
      expect(await data.rows('sessionTimers')).toHaveLength(1);
    });

    it('claims only running timers that are due and free, soonest first, counting the attempt', async () => {
      const { store } = await open();
      const a = await ownerWithCat(store, 'a');
      const b = await ownerWithCat(store, 'b');
      const c = await ownerWithCat(store, 'c');
      await store.sessionTimers.start(timer('a', a, 120_000));
      await store.sessionTimers.start(timer('b', b, 60_000));
      await store.sessionTimers.start(timer('c', c, 600_000));

      expect(await store.sessionTimers.claimDue(at(59_999), at(80_000), 't0', 10)).toEqual([]);
      const claimed = await store.sessionTimers.claimDue(at(120_000), at(140_000), 't1', 10);
      expect(claimed.map((t) => [t.ownerId, t.attempts, t.claimToken])).toEqual([
        ['b', 1, 't1'],
        ['a', 1, 't1'],
      ]);
      // Held by t1 until its lease runs out; then anyone may claim them again.
      expect(await store.sessionTimers.claimDue(at(139_999), at(160_000), 't2', 10)).toEqual([]);
      const again = await store.sessionTimers.claimDue(at(140_000), at(160_000), 't2', 1);
      expect(again.map((t) => [t.ownerId, t.attempts])).toEqual([['b', 2]]);
    });

    it('lets one claimer win a due timer, however many claim at once', async () => {
      const data = await open();
      const mochi = await ownerWithCat(data.store, 'u1');
      await data.store.sessionTimers.start(timer('u1', mochi));
      const stores = [data.store, data.secondStore(), data.secondStore()];
      const claims = await Promise.all(
        stores.map((store, i) => store.sessionTimers.claimDue(at(60_000), at(80_000), `t${i}`, 10)),
      );
      expect(claims.flat()).toHaveLength(1);
    });

    it('writes only for the token that holds the timer (the fence), and forgets the reply handle once done', async () => {
      const data = await open();
      const { store } = data;
      const mochi = await ownerWithCat(store, 'u1');
      const { timer: started } = await store.sessionTimers.start(timer('u1', mochi));
      await store.sessionTimers.claimDue(at(60_000), at(80_000), 'mine', 10);

      expect(await store.sessionTimers.renew('theirs', at(99_000))).toBe(0);
      expect(await store.sessionTimers.renew('mine', at(90_000))).toBe(1);
      expect(await store.sessionTimers.retryLater(started.id, 'theirs', at(95_000), 'x')).toBe(false);
      expect(await store.sessionTimers.retryLater(started.id, 'mine', at(95_000), 'busy')).toBe(true);
      expect((await data.rows('sessionTimers'))[0]).toMatchObject({ leaseUntil: at(95_000), error: 'busy' });
      expect(
        await store.sessionTimers.finish(started.id, 'theirs', { status: 'done', at: at(61_000), via: 'dm' }),
      ).toBe(false);
      expect(
        await store.sessionTimers.finish(started.id, 'mine', { status: 'done', at: at(61_000), via: 'dm' }),
      ).toBe(true);
      expect(await store.sessionTimers.findByOwner('u1')).toMatchObject({
        status: 'done',
        deliveredVia: 'dm',
        doneAt: at(61_000),
        error: null,
        replyHandle: null,
      });
      // Finished: never claimed again, and a second finish changes nothing.
      expect(await store.sessionTimers.claimDue(at(600_000), at(620_000), 'later', 10)).toEqual([]);
      expect(await store.sessionTimers.finish(started.id, 'mine', { status: 'failed', at: at(62_000) })).toBe(
        false,
      );
    });

    it('goes with its cat, and with its owner', async () => {
      const data = await open();
      const { store } = data;
      const mochi = await ownerWithCat(store, 'u1');
      const tofu = await ownerWithCat(store, 'u2', 'Tofu');
      await store.sessionTimers.start(timer('u1', mochi));
      await store.sessionTimers.start(timer('u2', tofu));

      await store.cats.deleteOwned(mochi, 'u1');
      expect(await store.sessionTimers.findByOwner('u1')).toBeUndefined();
      await store.myData.erase('u2');
      expect(await data.rows('sessionTimers')).toEqual([]);
    });
  });
});
