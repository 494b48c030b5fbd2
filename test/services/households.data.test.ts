/**
 * Households on both backends, beyond the rules: the co-owner's daily check-in, telling them they were
 * added (or telling them later), and their data: export, delete, and the owner's delete that takes a shared
 * cat away for everyone.
 */
import { describe, expect, it } from 'vitest';
import { dmText } from '../../src/discord/views/checkInMessage.js';
import { runDueCheckIns } from '../../src/services/checkInRun.js';
import { setCheckIn } from '../../src/services/checkInSettings.js';
import { notifyCoOwner, shareCat, takeShareNotices } from '../../src/services/households.js';
import {
  EXPORT_SCHEMA_VERSION,
  deleteOwnerData,
  exportOwnerData,
  exportSessionsCsv,
  previewDeleteOwner,
} from '../../src/services/myData.js';
import { listCats } from '../../src/services/cats.js';
import { logSession } from '../../src/services/sessions.js';
import { forEachBackend } from '../support/backends.js';
import { givenCat } from '../support/factories.js';
import { CO, OTHER, OWNER, depsOn, givenSharedCat } from './householdFixtures.js';

const DUE = '2026-11-25T18:00:00Z'; // 19:00 in Berlin

forEachBackend((_backend, open) => {
  describe('the co-owner’s daily check-in', () => {
    it('includes the shared cat after their own, marked as shared; the owner’s shows it unmarked', async () => {
      const deps = await depsOn(open);
      await givenSharedCat(deps, 'harness_drape');
      await givenCat(deps, CO, 'Tofu');
      await setCheckIn(deps, { ownerId: CO, time: '19:00', timezone: 'Europe/Berlin' });
      await setCheckIn(deps, { ownerId: OWNER, time: '19:00', timezone: 'Europe/Berlin' });
      deps.clock.set(new Date(DUE));
      expect(await runDueCheckIns(deps)).toMatchObject({ sent: 2 });
      const viewOf = (id: string) =>
        deps.notifier.dms.flatMap((d) =>
          d.ownerId === id && d.message.kind === 'checkIn' ? [d.message.view] : [],
        )[0];
      expect(viewOf(CO)?.cats.map((c) => [c.name, c.stageName, c.shared ?? false])).toEqual([
        ['Tofu', 'Make the harness boring', false],
        ['Miso', 'Drape and treat', true],
      ]);
      expect(viewOf(OWNER)?.cats.map((c) => [c.name, c.shared ?? false])).toEqual([['Miso', false]]);
    });

    it('leaves the cat out once the co-owner was taken off', async () => {
      const deps = await depsOn(open);
      const catId = await givenSharedCat(deps);
      await deps.store.households.remove(catId, CO, deps.clock.now());
      await setCheckIn(deps, { ownerId: CO, time: '19:00', timezone: 'Europe/Berlin' });
      deps.clock.set(new Date(DUE));
      await runDueCheckIns(deps);
      const [dm] = deps.notifier.dms.filter((d) => d.ownerId === CO);
      expect(dm?.message.kind === 'checkIn' ? dm.message.view.cats : 'no check-in').toEqual([]);
    });
  });

  describe('the sessions CSV', () => {
    it('says who logged each session of a shared cat, and gives a co-owner only the sessions they logged', async () => {
      const deps = await depsOn(open);
      await givenSharedCat(deps);
      await logSession(deps, { ownerId: OWNER, cat: 'Miso', what: 'calm in the harness', minutes: 3 });
      deps.clock.advance(60_000);
      await logSession(deps, { ownerId: CO, cat: 'Miso', what: 'ate treats, relaxed', minutes: 4 });
      await givenCat(deps, CO, 'Tofu');

      const rowsOf = (csv: string | undefined) => csv?.slice(1).trimEnd().split('\r\n');
      const [owners] = await exportSessionsCsv(deps, OWNER);
      expect(owners?.filename).toBe('miso-sessions.csv');
      const ownerRows = rowsOf(owners?.csv);
      expect(ownerRows?.[0]).toBe('date,local date,stage,minutes,signals (severity),outcome,note,logged by');
      expect(ownerRows?.slice(1).map((row) => row.split(',').at(-1))).toEqual(['you', `co-owner ${CO}`]);

      const co = await exportSessionsCsv(deps, CO);
      expect(co.map((f) => [f.catName, f.filename])).toEqual([
        ['Tofu', 'tofu-sessions.csv'],
        ['Miso', 'miso-shared-sessions.csv'],
      ]);
      const shared = rowsOf(co[1]?.csv);
      expect(shared?.[0]).toBe('date,local date,stage,minutes,signals (severity),outcome,note');
      expect(shared).toHaveLength(2);
      expect(shared?.[1]).toContain(',4,');
    });
  });

  describe('telling the new co-owner', () => {
    it('sends them a DM that names the cat and who shared it', async () => {
      const deps = await depsOn(open);
      await givenCat(deps, OWNER, 'Miso');
      const share = await shareCat(deps, { ownerId: OWNER, cat: 'Miso', userId: CO, userIsBot: false });
      expect(await notifyCoOwner(deps, share)).toBe(true);
      const [dm] = deps.notifier.dms;
      expect(dm?.ownerId).toBe(CO);
      expect(dm?.message).toEqual({ kind: 'catShared', sharedBy: OWNER, catName: 'Miso' });
      if (dm?.message.kind === 'catShared') {
        expect(dmText(dm.message)).toMatch(new RegExp(`<@${OWNER}> shared \\*\\*Miso\\*\\* with you`));
      }
      expect(await takeShareNotices(deps, CO)).toEqual([]);
    });

    it('with their DMs closed: tells them with their next command, once', async () => {
      const deps = await depsOn(open);
      const catId = await givenCat(deps, OWNER, 'Miso');
      deps.notifier.closedDms.add(CO);
      const share = await shareCat(deps, { ownerId: OWNER, cat: 'Miso', userId: CO, userIsBot: false });
      expect(await notifyCoOwner(deps, share)).toBe(false);
      expect(await takeShareNotices(deps, CO)).toEqual([{ catId, catName: 'Miso', ownerId: OWNER }]);
      expect(await takeShareNotices(deps, CO)).toEqual([]);
    });
  });

  describe('the co-owner’s data', () => {
    async function givenHousehold(deps: Awaited<ReturnType<typeof depsOn>>) {
      const catId = await givenSharedCat(deps, 'harness_drape');
      await logSession(deps, { ownerId: OWNER, cat: 'Miso', what: 'took a treat, relaxed' });
      deps.clock.advance(86_400_000);
      await logSession(deps, { ownerId: CO, cat: 'Miso', what: 'purring', note: 'with the blue harness' });
      const ownId = await givenCat(deps, CO, 'Tofu');
      await logSession(deps, { ownerId: CO, cat: 'Tofu', what: 'sniffed the harness' });
      return { catId, ownId };
    }

    it('export: the sessions they logged for the shared cat and their co-ownerships; the owner’s, who shared with whom', async () => {
      const deps = await depsOn(open);
      const { catId } = await givenHousehold(deps);
      const co = await exportOwnerData(deps, CO);
      expect(co.schemaVersion).toBe(EXPORT_SCHEMA_VERSION);
      expect(co.cats.map((c) => c.name)).toEqual(['Tofu']);
      expect(co.sessionsLoggedForSharedCats).toEqual([
        expect.objectContaining({ catId, loggedBy: CO, rawText: 'purring', note: 'with the blue harness' }),
      ]);
      expect(co.coOwnerships).toEqual([
        { catId, catName: 'Miso', ownerId: OWNER, sharedAt: expect.any(Date) as Date, removedAt: null },
      ]);
      const owner = await exportOwnerData(deps, OWNER);
      const miso = owner.cats[0] as { sessions: { loggedBy: string }[]; sharedWith: unknown[] };
      expect(miso.sessions.map((s) => s.loggedBy)).toEqual([OWNER, CO]);
      expect(miso.sharedWith).toEqual([{ userId: CO, sharedAt: expect.any(Date) as Date, removedAt: null }]);
      expect(owner.sessionsLoggedForSharedCats).toEqual([]);
      // Nobody else's export holds any of it.
      expect(JSON.stringify(await exportOwnerData(deps, OTHER))).not.toMatch(/Miso|purring/);
    });

    it('delete: their sessions and co-ownerships go; the cat, its state and the owner’s sessions stay', async () => {
      const deps = await depsOn(open);
      const { catId } = await givenHousehold(deps);
      const before = await deps.store.cats.find(catId);
      expect(await previewDeleteOwner(deps, CO)).toEqual({ sharedCats: [], catsSharedWithThem: 1 });
      expect(await deleteOwnerData(deps, CO)).toEqual({ cats: 1, sessions: 2, sharedPosts: 0 });
      // The cat's stage state stays as it was: its progress was the cat's, whoever logged it.
      expect(await deps.store.cats.find(catId)).toEqual(before);
      expect((await deps.store.sessions.listByCat(catId)).map((s) => s.loggedBy)).toEqual([OWNER]);
      expect(await deps.store.households.listCoOwners(catId)).toEqual([]);
      expect(await deps.data.rowsPointingAt(['user_id', 'logged_by', 'owner_id', 'id'], [CO])).toEqual({});
    });

    it('the owner’s delete removes the shared cat for everyone, and the confirmation says it is shared', async () => {
      const deps = await depsOn(open);
      const { catId } = await givenHousehold(deps);
      expect(await previewDeleteOwner(deps, OWNER)).toEqual({ sharedCats: ['Miso'], catsSharedWithThem: 0 });
      expect(await deleteOwnerData(deps, OWNER)).toEqual({ cats: 1, sessions: 2, sharedPosts: 0 });
      expect(await deps.store.cats.find(catId)).toBeUndefined();
      expect((await listCats(deps, CO)).map((c) => c.name)).toEqual(['Tofu']);
      expect(await deps.data.rowsPointingAt(['cat_id'], [catId])).toEqual({});
      expect(await deps.data.rowsPointingAt(['user_id', 'logged_by', 'owner_id', 'id'], [OWNER])).toEqual({});
    });
  });
});
