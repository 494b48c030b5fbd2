import { initialState } from '../../src/domain/coach.js';
import { describe, expect, it } from 'vitest';
import { forEachBackend } from '../support/backends.js';

const NOW = new Date('2026-11-25T09:00:00Z');

forEachBackend((_backend, open) => {
  const givenStore = async () => (await open()).store;

  describe('the community area', () => {
    it('keeps one wins channel per server, cleared by null, listed by server id', async () => {
      const store = await givenStore();
      await store.community.saveWinsChannel('g2', 'c2', { at: NOW, by: 'admin' });
      await store.community.saveWinsChannel('g1', 'c1', { at: NOW, by: 'admin' });
      await store.community.saveWinsChannel('g3', 'c3', { at: NOW, by: 'admin' });
      await store.community.saveWinsChannel('g3', null, { at: NOW, by: null });
      expect(await store.community.findWinsChannel('g1')).toBe('c1');
      expect(await store.community.findWinsChannel('g3')).toBeNull();
      expect(await store.community.findWinsChannel('nowhere')).toBeNull();
      expect(await store.community.listWinsChannels()).toEqual([
        { guildId: 'g1', channelId: 'c1' },
        { guildId: 'g2', channelId: 'c2' },
      ]);
    });

    it('claims a milestone post once per server, cat and key', async () => {
      const store = await givenStore();
      await store.owners.ensure('u1', NOW);
      const cat = await store.cats.insert({
        ownerId: 'u1',
        name: 'Mochi',
        nameKey: 'mochi',
        createdAt: NOW,
        ...initialState('harness_scenery', NOW),
      });
      const claim = {
        guildId: 'g1',
        ownerId: 'u1',
        catId: cat.id,
        catName: 'Mochi',
        milestone: 'first_outdoors',
        message: 'First time outside!',
        channelId: 'c1',
        at: NOW,
      };
      const id = await store.community.claimMilestone(claim);
      expect(id).toEqual(expect.any(Number));
      expect(await store.community.claimMilestone(claim)).toBeNull();
      expect(await store.community.claimMilestone({ ...claim, guildId: 'g2' })).toEqual(expect.any(Number));
      // Only posts that became a message count.
      expect(await store.community.countPostedSince('g1', NOW)).toEqual({ wins: 0, milestones: 0 });
      await store.community.setPostMessage(id ?? -1, 'm1');
      expect(await store.community.countPostedSince('g1', NOW)).toEqual({ wins: 0, milestones: 1 });
    });

    it('claims a digest once per server and week, also once it has ended', async () => {
      const store = await givenStore();
      expect(await store.community.claimDigest('g1', '2026-W48', NOW)).toBe(true);
      expect(await store.community.claimDigest('g1', '2026-W48', NOW)).toBe(false);
      expect(await store.community.claimDigest('g1', '2026-W49', NOW)).toBe(true);
      await store.community.finishDigest('g1', '2026-W48', { status: 'sent', messageId: 'm1' });
      await store.community.finishDigest('g1', '2026-W49', { status: 'empty' });
      expect(await store.community.claimDigest('g1', '2026-W48', NOW)).toBe(false);
    });

    it('reads no sessions for no members', async () => {
      const store = await givenStore();
      expect(await store.community.listSessionSignals([], new Date(0), NOW)).toEqual([]);
    });
  });
});
