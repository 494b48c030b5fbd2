import { describe, expect, it } from 'vitest';
import {
  addCat,
  listCats,
  removeCat,
  renameCat,
  resolveCat,
  setCatStage,
  suggestCats,
} from '../../src/services/cats.js';
import { UserFacingError } from '../../src/services/errors.js';
import { givenCat, testDeps } from '../support/factories.js';

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (error instanceof UserFacingError) return error.code;
    throw error;
  }
  return 'no error';
};

describe('cats', () => {
  it('adds a cat at the first stage by default, and at a chosen stage', () => {
    const deps = testDeps();
    expect(addCat(deps, { ownerId: 'u1', name: '  Mochi  ' })).toMatchObject({
      name: 'Mochi',
      stage: 'harness_scenery',
      position: 1,
    });
    expect(addCat(deps, { ownerId: 'u1', name: 'Tofu', stage: 'indoor_safari' })).toMatchObject({
      stage: 'indoor_safari',
      position: 6,
    });
    expect(listCats(deps, 'u1').map((c) => c.name)).toEqual(['Mochi', 'Tofu']);
  });

  it.each([
    ['', 'invalid_name'],
    ['   ', 'invalid_name'],
    ['x'.repeat(33), 'invalid_name'],
    ['@everyone', 'invalid_name'],
    ['<@123>', 'invalid_name'],
    ['**bold**', 'invalid_name'],
  ])('refuses the name %j (%s)', (name, expected) => {
    expect(code(() => addCat(testDeps(), { ownerId: 'u1', name }))).toBe(expected);
  });

  it('names are unique per owner ignoring case, but two owners may share one', () => {
    const deps = testDeps();
    givenCat(deps, 'u1', 'Mochi');
    expect(code(() => addCat(deps, { ownerId: 'u1', name: 'MOCHI' }))).toBe('duplicate_cat');
    expect(addCat(deps, { ownerId: 'u2', name: 'Mochi' }).name).toBe('Mochi');
  });

  it('an unknown stage is refused', () => {
    expect(code(() => addCat(testDeps(), { ownerId: 'u1', name: 'Mochi', stage: 'flying' }))).toBe(
      'invalid_stage',
    );
  });

  it('resolves by name, id, unique prefix; explains unknown and ambiguous', () => {
    const deps = testDeps();
    const mochi = givenCat(deps, 'u1', 'Mochi');
    givenCat(deps, 'u1', 'Momo');
    givenCat(deps, 'u1', 'Tofu');
    expect(resolveCat(deps.db, 'u1', 'mochi').id).toBe(mochi);
    expect(resolveCat(deps.db, 'u1', String(mochi)).id).toBe(mochi);
    expect(resolveCat(deps.db, 'u1', 'to').name).toBe('Tofu');
    expect(code(() => resolveCat(deps.db, 'u1', 'mo'))).toBe('ambiguous_cat');
    expect(code(() => resolveCat(deps.db, 'u1', null))).toBe('ambiguous_cat');
    expect(() => resolveCat(deps.db, 'u1', 'Garfield')).toThrow(/Mochi.*Momo.*Tofu/);
  });

  it("never resolves another owner's cat, even by id", () => {
    const deps = testDeps();
    const theirs = givenCat(deps, 'u2', 'Biscuit');
    givenCat(deps, 'u1', 'Mochi');
    expect(code(() => resolveCat(deps.db, 'u1', String(theirs)))).toBe('unknown_cat');
    expect(suggestCats(deps.db, 'u1', '').map((c) => c.name)).toEqual(['Mochi — Make the harness boring']);
  });

  it('with no cats, says how to add one', () => {
    expect(code(() => resolveCat(testDeps().db, 'u1', null))).toBe('no_cats');
  });

  it('suggests prefix matches before inner matches', () => {
    const deps = testDeps();
    givenCat(deps, 'u1', 'Ash');
    givenCat(deps, 'u1', 'Sasha');
    givenCat(deps, 'u1', 'Shadow');
    expect(suggestCats(deps.db, 'u1', 'sh').map((c) => c.name.split(' — ')[0])).toEqual([
      'Shadow',
      'Ash',
      'Sasha',
    ]);
  });

  it('renames, refusing a clash', () => {
    const deps = testDeps();
    givenCat(deps, 'u1', 'Mochi');
    givenCat(deps, 'u1', 'Tofu');
    expect(renameCat(deps, { ownerId: 'u1', cat: 'Mochi', name: 'Mochi-San' })).toMatchObject({
      oldName: 'Mochi',
      cat: { name: 'Mochi-San' },
    });
    expect(code(() => renameCat(deps, { ownerId: 'u1', cat: 'Tofu', name: 'mochi-san' }))).toBe(
      'duplicate_cat',
    );
  });

  it('removes only your own cat, with its history', () => {
    const deps = testDeps();
    const mochi = givenCat(deps, 'u1', 'Mochi');
    expect(code(() => removeCat(deps, { ownerId: 'u2', catId: mochi }))).toBe('stale_button');
    expect(removeCat(deps, { ownerId: 'u1', catId: mochi })).toEqual({ name: 'Mochi' });
    expect(deps.db.$client.prepare('SELECT count(*) AS n FROM stage_changes').get()).toEqual({ n: 0 });
  });

  it('sets a stage by hand and records it', () => {
    const deps = testDeps();
    givenCat(deps, 'u1', 'Mochi');
    expect(setCatStage(deps, { ownerId: 'u1', cat: 'Mochi', stage: 'leash_drag' })).toMatchObject({
      changed: true,
      cat: { stage: 'leash_drag' },
    });
    expect(setCatStage(deps, { ownerId: 'u1', cat: 'Mochi', stage: 'leash_drag' }).changed).toBe(false);
    const reasons = deps.db.$client.prepare('SELECT reason FROM stage_changes ORDER BY id').all();
    expect(reasons).toEqual([{ reason: 'created' }, { reason: 'manual' }]);
  });
});
