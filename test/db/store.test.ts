import { initialState } from '../../src/domain/coach.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { closeDatabase, createDatabase } from '../../src/db/sqlite/client.js';
import { createSqliteStore } from '../../src/db/sqlite/store.js';
import type { NewCat } from '../../src/services/store/cats.js';
import type { Store } from '../../src/services/store/store.js';
import { forEachBackend } from '../support/backends.js';
import { createTestDb } from '../support/testDb.js';

const NOW = new Date('2026-11-25T09:00:00Z');

function newCat(ownerId: string, name: string): NewCat {
  return {
    ownerId,
    name,
    nameKey: name.toLowerCase(),
    createdAt: NOW,
    ...initialState('harness_scenery', NOW),
  };
}

forEachBackend((_backend, open) => {
  describe('the store port', () => {
    it('answers a ping while the database is there', async () => {
      const { store } = await open();
      await expect(store.ping()).resolves.toBeUndefined();
    });

    it('commits a transaction when its callback resolves', async () => {
      const { store } = await open();
      await store.transaction(async (tx) => {
        await tx.owners.ensure('u1', NOW);
        await tx.owners.update('u1', { timezone: 'Europe/Berlin' });
      });
      expect((await store.owners.find('u1'))?.timezone).toBe('Europe/Berlin');
    });

    it('rolls back every write when its callback rejects', async () => {
      const { store } = await open();
      await expect(
        store.transaction(async (tx) => {
          await tx.owners.ensure('u1', NOW);
          throw new Error('changed my mind');
        }),
      ).rejects.toThrow('changed my mind');
      expect(await store.owners.find('u1')).toBeUndefined();
    });

    it('keeps a statement outside a transaction out of it: it commits alone, whatever the transaction does', async () => {
      const { store } = await open();
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const failing = store.transaction(async (tx) => {
        await tx.owners.ensure('in-tx', NOW);
        await held;
        throw new Error('roll back');
      });
      const outside = store.owners.ensure('outside', NOW);
      release();
      await expect(failing).rejects.toThrow('roll back');
      await outside;
      expect(await store.owners.find('in-tx')).toBeUndefined();
      expect(await store.owners.find('outside')).toBeDefined();
    });

    it('undoes a failed savepoint alone and keeps the rest of the transaction', async () => {
      const { store } = await open();
      await store.transaction(async (tx) => {
        await tx.owners.ensure('kept', NOW);
        await expect(
          tx.savepoint(async (inner) => {
            await inner.owners.ensure('undone', NOW);
            throw new Error('broken row');
          }),
        ).rejects.toThrow('broken row');
      });
      expect(await store.owners.find('kept')).toBeDefined();
      expect(await store.owners.find('undone')).toBeUndefined();
    });

    it('creates an owner once when many writers ensure it at the same moment', async () => {
      const data = await open();
      const second = data.secondStore();
      const storeFor = (i: number): Store => (i % 2 === 0 ? data.store : second);
      const rows = await Promise.all(
        Array.from({ length: 20 }, (_, i) => storeFor(i).transaction((tx) => tx.owners.ensure('u1', NOW))),
      );
      expect(new Set(rows.map((r) => r.id))).toEqual(new Set(['u1']));
    });
  });

  describe('read-modify-write inside a transaction (locks on PostgreSQL, one writer at a time on SQLite)', () => {
    it('never loses an update of a cat read in the transaction', async () => {
      const data = await open();
      const second = data.secondStore();
      const storeFor = (i: number): Store => (i % 2 === 0 ? data.store : second);
      await data.store.owners.ensure('u1', NOW);
      const cat = await data.store.cats.insert(newCat('u1', 'Mochi'));
      await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          storeFor(i).transaction(async (tx) => {
            const current = await tx.cats.find(cat.id);
            if (!current) throw new Error('no cat');
            await Promise.resolve();
            await tx.cats.saveState(cat.id, { ...current, goodDays: current.goodDays + 1 });
          }),
        ),
      );
      expect((await data.store.cats.find(cat.id))?.goodDays).toBe(40);
    });

    it('keeps a count-then-insert under the owner row (ensure) within its limit', async () => {
      const data = await open();
      const second = data.secondStore();
      const storeFor = (i: number): Store => (i % 2 === 0 ? data.store : second);
      const results = await Promise.allSettled(
        Array.from({ length: 12 }, (_, i) =>
          storeFor(i).transaction(async (tx) => {
            await tx.owners.ensure('u1', NOW);
            if ((await tx.cats.countByOwner('u1')) >= 3) throw new Error('limit');
            await Promise.resolve();
            return tx.cats.insert(newCat('u1', `Cat ${String(i)}`));
          }),
        ),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
      expect(await data.store.cats.countByOwner('u1')).toBe(3);
    });

    it('claims each outbox item for one worker only, however many claim at once', async () => {
      const data = await open();
      await data.store.owners.ensure('u1', NOW);
      for (let i = 0; i < 30; i++) {
        await data.store.outbox.enqueue({
          kind: 'announce',
          ownerId: 'u1',
          catId: null,
          effects: [],
          createdAt: NOW,
        });
      }
      const second = data.secondStore();
      const storeFor = (i: number): Store => (i % 2 === 0 ? data.store : second);
      const lease = new Date(NOW.getTime() + 60_000);
      const claims = await Promise.all(
        Array.from({ length: 6 }, (_, i) => storeFor(i).outbox.claim(NOW, lease, `w${String(i)}`, 10)),
      );
      const ids = claims.flat().map((c) => c.id);
      expect(ids).toHaveLength(30);
      expect(new Set(ids).size).toBe(30);
      for (const claim of claims)
        expect(claim.map((c) => c.id)).toEqual([...claim.map((c) => c.id)].sort((a, b) => a - b));
    });
  });
});

describe('the SQLite store (one connection, transactions in turn)', () => {
  function givenStore() {
    const db = createTestDb();
    return { db, store: createSqliteStore(db) };
  }

  it('makes a statement outside a transaction wait for it, then commit alone', async () => {
    const { store } = givenStore();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const order: string[] = [];
    const failing = store.transaction(async (tx) => {
      await tx.owners.ensure('in-tx', NOW);
      await held;
      order.push('tx ends');
      throw new Error('roll back');
    });
    const outside = store.owners.ensure('outside', NOW).then(() => order.push('outside ran'));
    release();
    await expect(failing).rejects.toThrow('roll back');
    await outside;
    expect(order).toEqual(['tx ends', 'outside ran']);
    expect(await store.owners.find('in-tx')).toBeUndefined();
    expect(await store.owners.find('outside')).toBeDefined();
  });

  it('runs transactions one after another, in arrival order', async () => {
    const { store } = givenStore();
    await store.owners.ensure('u1', NOW);
    const steps: string[] = [];
    await Promise.all(
      ['a', 'b', 'c'].map((name) =>
        store.transaction(async (tx) => {
          steps.push(`${name} begins`);
          await Promise.resolve();
          await tx.owners.update('u1', { checkInTime: name });
          steps.push(`${name} ends`);
        }),
      ),
    );
    expect(steps).toEqual(['a begins', 'a ends', 'b begins', 'b ends', 'c begins', 'c ends']);
    expect((await store.owners.find('u1'))?.checkInTime).toBe('c');
  });

  it('refuses the root store inside its own transaction instead of waiting for itself forever', async () => {
    const { store } = givenStore();
    await expect(
      store.transaction(async () => {
        await store.owners.find('u1');
      }),
    ).rejects.toThrow(/use the `tx` handle/);
  });

  it('still refuses misuse in a later transaction (the context is switched off between transactions)', async () => {
    const { store } = givenStore();
    await store.transaction(async (tx) => {
      await tx.owners.ensure('u1', NOW);
    });
    expect(await store.owners.find('u1')).toBeDefined();
    await expect(
      store.transaction(async () => {
        await store.owners.find('u1');
      }),
    ).rejects.toThrow(/use the `tx` handle/);
    expect(await store.owners.find('u1')).toBeDefined();
  });

  it('shares one lock between stores on the same connection', async () => {
    const { db } = givenStore();
    const first = createSqliteStore(db);
    const second = createSqliteStore(db);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const tx = first.transaction(async (t) => {
      await t.owners.ensure('u1', NOW);
      await held;
      throw new Error('roll back');
    });
    const other = second.owners.find('u1');
    release();
    await expect(tx).rejects.toThrow('roll back');
    expect(await other).toBeUndefined();
  });

  it('lets two connections to one file in one process take turns with their transactions (no stall)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'store-'));
    const a = createDatabase(join(dir, 'coach.db'));
    const b = createDatabase(join(dir, 'coach.db'));
    try {
      const [first, second] = [createSqliteStore(a), createSqliteStore(b)];
      const steps: string[] = [];
      const started = performance.now();
      await Promise.all(
        [first, second, first, second].map((store, i) =>
          store.transaction(async (tx) => {
            steps.push(`${String(i)} begins`);
            await tx.owners.ensure(`u${String(i)}`, NOW);
            await new Promise((resolve) => setTimeout(resolve, 5));
            steps.push(`${String(i)} ends`);
          }),
        ),
      );
      // Waiting in SQLite's busy handler would block the thread for busy_timeout (5 s), then fail.
      expect(performance.now() - started).toBeLessThan(2_000);
      expect(steps).toEqual([
        '0 begins',
        '0 ends',
        '1 begins',
        '1 ends',
        '2 begins',
        '2 ends',
        '3 begins',
        '3 ends',
      ]);
      expect(await second.owners.find('u2')).toBeDefined();
    } finally {
      closeDatabase(a);
      closeDatabase(b);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
