import { catChoices } from '../../src/discord/commands/autocomplete.js';
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
import { renderUserError } from '../../src/discord/views/userErrors.js';
import { UserFacingError } from '../../src/services/errors.js';
import { backendDeps, givenCat } from '../support/factories.js';

const code = async (fn: () => unknown) => {
  try {
    await fn();
  } catch (error) {
    if (error instanceof UserFacingError) return error.code;
    throw error;
  }
  return 'no error';
};

describe('cats', () => {
  it('adds a cat at the first stage by default, and at a chosen stage', async () => {
    const deps = await backendDeps();
    expect(await addCat(deps, { ownerId: 'u1', name: '  Mochi  ' })).toMatchObject({
      name: 'Mochi',
      stage: 'harness_scenery',
      position: 1,
    });
    expect(await addCat(deps, { ownerId: 'u1', name: 'Tofu', stage: 'indoor_safari' })).toMatchObject({
      stage: 'indoor_safari',
      position: 6,
    });
    expect((await listCats(deps, 'u1')).map((c) => c.name)).toEqual(['Mochi', 'Tofu']);
  });

  it.each([
    ['', 'invalid_name'],
    ['   ', 'invalid_name'],
    ['x'.repeat(33), 'invalid_name'],
    ['@everyone', 'invalid_name'],
    ['<@123>', 'invalid_name'],
    ['**bold**', 'invalid_name'],
  ])('refuses the name %j (%s)', async (name, expected) => {
    expect(await code(async () => addCat(await backendDeps(), { ownerId: 'u1', name }))).toBe(expected);
  });

  it('names are unique per owner ignoring case, but two owners may share one', async () => {
    const deps = await backendDeps();
    await givenCat(deps, 'u1', 'Mochi');
    expect(await code(() => addCat(deps, { ownerId: 'u1', name: 'MOCHI' }))).toBe('duplicate_cat');
    expect((await addCat(deps, { ownerId: 'u2', name: 'Mochi' })).name).toBe('Mochi');
  });

  it('an unknown stage is refused', async () => {
    expect(
      await code(async () => addCat(await backendDeps(), { ownerId: 'u1', name: 'Mochi', stage: 'flying' })),
    ).toBe('invalid_stage');
  });

  it('resolves by name, id, unique prefix; explains unknown and ambiguous', async () => {
    const deps = await backendDeps();
    const mochi = await givenCat(deps, 'u1', 'Mochi');
    await givenCat(deps, 'u1', 'Momo');
    await givenCat(deps, 'u1', 'Tofu');
    expect((await resolveCat(deps.store, 'u1', 'mochi')).id).toBe(mochi);
    expect((await resolveCat(deps.store, 'u1', String(mochi))).id).toBe(mochi);
    expect((await resolveCat(deps.store, 'u1', 'to')).name).toBe('Tofu');
    expect(await code(() => resolveCat(deps.store, 'u1', 'mo'))).toBe('ambiguous_cat');
    expect(await code(() => resolveCat(deps.store, 'u1', null))).toBe('ambiguous_cat');
    const unknown: unknown = await resolveCat(deps.store, 'u1', 'Garfield').catch((error: unknown) => error);
    expect(unknown).toBeInstanceOf(UserFacingError);
    expect((unknown as UserFacingError).problem).toEqual({
      code: 'unknown_cat',
      data: { names: ['Mochi', 'Momo', 'Tofu'] },
    });
    expect(renderUserError(unknown as UserFacingError)).toMatch(/Mochi.*Momo.*Tofu/);
  });

  it("never resolves another owner's cat, even by id", async () => {
    const deps = await backendDeps();
    const theirs = await givenCat(deps, 'u2', 'Biscuit');
    await givenCat(deps, 'u1', 'Mochi');
    expect(await code(() => resolveCat(deps.store, 'u1', String(theirs)))).toBe('unknown_cat');
    expect(catChoices(await suggestCats(deps, 'u1', '')).map((c) => c.name)).toEqual([
      'Mochi — Make the harness boring',
    ]);
  });

  it('with no cats, says how to add one', async () => {
    expect(await code(async () => resolveCat((await backendDeps()).store, 'u1', null))).toBe('no_cats');
  });

  it('suggests prefix matches before inner matches', async () => {
    const deps = await backendDeps();
    await givenCat(deps, 'u1', 'Ash');
    await givenCat(deps, 'u1', 'Sasha');
    await givenCat(deps, 'u1', 'Shadow');
    expect(catChoices(await suggestCats(deps, 'u1', 'sh')).map((c) => c.name.split(' — ')[0])).toEqual([
      'Shadow',
      'Ash',
      'Sasha',
    ]);
  });

  it('renames, refusing a clash', async () => {
    const deps = await backendDeps();
    await givenCat(deps, 'u1', 'Mochi');
    await givenCat(deps, 'u1', 'Tofu');
    expect(await renameCat(deps, { ownerId: 'u1', cat: 'Mochi', name: 'Mochi-San' })).toMatchObject({
      oldName: 'Mochi',
      cat: { name: 'Mochi-San' },
    });
    expect(await code(() => renameCat(deps, { ownerId: 'u1', cat: 'Tofu', name: 'mochi-san' }))).toBe(
      'duplicate_cat',
    );
  });

  it('removes only your own cat, with its history', async () => {
    const deps = await backendDeps();
    const mochi = await givenCat(deps, 'u1', 'Mochi');
    expect(await code(() => removeCat(deps, { ownerId: 'u2', catId: mochi }))).toBe('stale_button');
    expect(await removeCat(deps, { ownerId: 'u1', catId: mochi })).toEqual({ name: 'Mochi' });
    expect(await deps.data.query('SELECT CAST(count(*) AS INTEGER) AS n FROM stage_changes')).toEqual([
      { n: 0 },
    ]);
  });

  it('sets a stage by hand and records it', async () => {
    const deps = await backendDeps();
    await givenCat(deps, 'u1', 'Mochi');
    expect(await setCatStage(deps, { ownerId: 'u1', cat: 'Mochi', stage: 'leash_drag' })).toMatchObject({
      changed: true,
      cat: { stage: 'leash_drag' },
    });
    expect((await setCatStage(deps, { ownerId: 'u1', cat: 'Mochi', stage: 'leash_drag' })).changed).toBe(
      false,
    );
    const reasons = await deps.data.query('SELECT reason FROM stage_changes ORDER BY id');
    expect(reasons).toEqual([{ reason: 'created' }, { reason: 'manual' }]);
  });
});
