/**
 * The check-in area's chunk methods, the same on both backends: the fan-out hands them a chunk of owners
 * at a time (one statement each on PostgreSQL), so each must keep every owner's answer apart.
 */
import { describe, expect, it } from 'vitest';
import { initialState } from '../../src/domain/coach.js';
import type { NewCat } from '../../src/services/store/cats.js';
import type { Store } from '../../src/services/store/store.js';
import { forEachBackend } from '../support/backends.js';

const NOW = new Date('2026-11-25T09:00:00Z');
const LATER = new Date('2026-11-25T09:00:20Z');
const TOMORROW = new Date('2026-11-26T18:00:00Z');

function newCat(ownerId: string, name: string, createdAt: Date): NewCat {
  return {
    ownerId,
    name,
    nameKey: name.toLowerCase(),
    createdAt,
    ...initialState('harness_scenery', createdAt),
  };
}

async function owners(store: Store, ids: readonly string[]): Promise<void> {
  await store.transaction(async (tx) => {
    for (const id of ids) {
      await tx.owners.ensure(id, NOW);
      await tx.owners.update(id, { timezone: 'UTC', checkInTime: '09:00' });
    }
  });
  await store.checkIns.setNextCheckIns(ids.map((ownerId) => ({ ownerId, next: NOW })));
}

const claimOf = (ownerId: string) =>
  ({ ownerId, localDate: '2026-11-25', kind: 'checkin', at: NOW, leaseUntil: LATER }) as const;

forEachBackend((_backend, open) => {
  describe('the check-in area, a chunk at a time', () => {
    it('reads each owner’s subject and leaves out owners it does not know', async () => {
      const { store } = await open();
      await owners(store, ['a', 'b']);
      await store.owners.startPause('b', NOW);
      await store.checkIns.claim([claimOf('a')], 'run-1');
      const subjects = await store.transaction((tx) => tx.checkIns.readSubjects(['a', 'b', 'nobody']));
      expect([...subjects.keys()].sort()).toEqual(['a', 'b']);
      expect(subjects.get('a')).toMatchObject({
        openClaim: {
          localDate: '2026-11-25',
          kind: 'checkin',
          claimedAt: NOW,
          leaseUntil: LATER,
          resent: false,
        },
        hasOpenPause: false,
      });
      expect(subjects.get('b')).toMatchObject({ openClaim: null, hasOpenPause: true, lastPauseEnd: null });
      expect(await store.checkIns.readSubjects([])).toEqual(new Map());
    });

    it('claims each day once: a day claimed already is left out, the others are taken', async () => {
      const { store } = await open();
      await owners(store, ['a', 'b', 'c']);
      expect(await store.checkIns.claim([claimOf('b')], 'run-1')).toEqual(new Set(['b']));
      const claimed = await store.transaction((tx) =>
        tx.checkIns.claim([claimOf('a'), claimOf('b'), claimOf('c')], 'run-2'),
      );
      expect(claimed).toEqual(new Set(['a', 'c']));
      expect(await store.checkIns.claim([], 'run-3')).toEqual(new Set());
    });

    it('sets each owner’s next time, and a conditional one only where the old time still stands', async () => {
      const { store } = await open();
      await owners(store, ['a', 'b', 'c']);
      // b changed their settings meanwhile: its time is no longer the lease the recorder expects.
      await store.checkIns.setNextCheckIns([{ ownerId: 'b', next: TOMORROW }]);
      await store.checkIns.setNextCheckIns([
        { ownerId: 'a', next: LATER, ifStill: NOW },
        { ownerId: 'b', next: LATER, ifStill: NOW },
        { ownerId: 'c', next: null },
      ]);
      const read = await store.checkIns.readOwners(['a', 'b', 'c']);
      expect(read.get('a')?.nextCheckInAt).toEqual(LATER);
      expect(read.get('b')?.nextCheckInAt).toEqual(TOMORROW);
      expect(read.get('c')?.nextCheckInAt).toBeNull();
      await expect(store.checkIns.setNextCheckIns([])).resolves.toBeUndefined();
    });

    it('records each sent claim its run still holds, with its DM channel, and nothing for the others', async () => {
      const { store } = await open();
      await owners(store, ['a', 'b']);
      await store.checkIns.claim([claimOf('a'), claimOf('b')], 'run-1');
      // b's claim was taken over by another run (its lease ran out).
      await store.checkIns.markResent('b', '2026-11-25', { token: 'run-2', leaseUntil: TOMORROW });
      const sent = (ownerId: string) => ({
        ownerId,
        localDate: '2026-11-25',
        token: 'run-1',
        at: LATER,
        messageId: `m-${ownerId}`,
        dmChannelId: `dm-${ownerId}`,
      });
      const leases = await store.transaction((tx) => tx.checkIns.recordSent([sent('a'), sent('b')]));
      expect(leases).toEqual(new Map([['a', LATER]]));
      const read = await store.checkIns.readOwners(['a', 'b']);
      expect(read.get('a')?.dmChannelId).toBe('dm-a');
      expect(read.get('b')?.dmChannelId).toBeNull();
      // b stays the other run's, still open.
      const subjects = await store.checkIns.readSubjects(['a', 'b']);
      expect(subjects.get('a')?.openClaim).toBeNull();
      expect(subjects.get('b')?.openClaim).toMatchObject({ resent: true, leaseUntil: TOMORROW });
      expect(await store.checkIns.recordSent([])).toEqual(new Map());
    });

    it('lists each owner’s cats oldest first, each with its latest session', async () => {
      const { store } = await open();
      await owners(store, ['a', 'b', 'c']);
      const miso = await store.cats.insert(newCat('a', 'Miso', NOW));
      const tofu = await store.cats.insert(newCat('a', 'Tofu', LATER));
      const pip = await store.cats.insert(newCat('b', 'Pip', NOW));
      const session = (catId: number, at: Date, outcome: 'good' | 'stop') => ({
        catId,
        at,
        localDate: '2026-11-25',
        minutes: 5,
        rawText: 'calm',
        recognised: [],
        note: null,
        stage: 'harness_scenery' as const,
        worst: null,
        outcome,
        loggedBy: catId === pip.id ? 'b' : 'a',
      });
      await store.sessions.insert(session(miso.id, NOW, 'good'));
      const latestMiso = await store.sessions.insert(session(miso.id, LATER, 'stop'));
      const latestPip = await store.sessions.insert(session(pip.id, NOW, 'good'));
      const cats = await store.checkIns.catsForCheckIn(['a', 'b', 'c']);
      expect(
        cats.get('a')?.map(({ cat, latest }) => [cat.name, latest?.id ?? null, latest?.outcome]),
      ).toEqual([
        ['Miso', latestMiso, 'stop'],
        ['Tofu', null, undefined],
      ]);
      expect(cats.get('a')?.[1]?.cat).toEqual({
        id: tofu.id,
        name: 'Tofu',
        stage: 'harness_scenery',
        ownerId: 'a',
      });
      expect(cats.get('b')?.map(({ cat, latest }) => [cat.id, latest?.id])).toEqual([[pip.id, latestPip]]);
      expect(cats.get('c')).toEqual([]);
    });
  });
});
