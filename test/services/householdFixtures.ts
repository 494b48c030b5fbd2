/** What the household service tests share: deps on a backend, an owner who shares a cat, error codes. */
import { expect } from 'vitest';
import { renderUserError } from '../../src/discord/views/userErrors.js';
import { createLogger } from '../../src/logger.js';
import { UserFacingError } from '../../src/services/errors.js';
import { shareCat } from '../../src/services/households.js';
import type { TestDatabase } from '../support/backends.js';
import { fakeClock } from '../support/fakeClock.js';
import { givenCat, type BackendDeps } from '../support/factories.js';
import { recordingNotifier } from '../support/recordingNotifier.js';

export const START = '2026-11-25T09:00:00Z';
export const OWNER = '100000000000000001';
export const CO = '100000000000000002';
export const OTHER = '100000000000000003';

/** Deps on the database `open` gives (forEachBackend), with a fake clock and a recording notifier. */
export async function depsOn(open: () => Promise<TestDatabase>): Promise<BackendDeps> {
  const data = await open();
  return {
    db: data.sqlite,
    data,
    store: data.store,
    clock: fakeClock(START),
    notifier: recordingNotifier(),
    logger: createLogger('silent'),
  };
}

/** OWNER's cat Miso, shared with CO; resolves to its id. */
export async function givenSharedCat(deps: BackendDeps, stage?: string): Promise<number> {
  const catId = await givenCat(deps, OWNER, 'Miso', stage);
  await shareCat(deps, { ownerId: OWNER, cat: 'Miso', userId: CO, userIsBot: false });
  return catId;
}

/** The code of the UserFacingError `fn` throws, after checking it has words ('no error' if none). */
export async function codeOf(fn: () => Promise<unknown>): Promise<string> {
  try {
    await fn();
    return 'no error';
  } catch (error) {
    if (!(error instanceof UserFacingError)) throw error;
    expect(renderUserError(error)).not.toMatch(/undefined|\[object/);
    return error.code;
  }
}

/** The problem of the UserFacingError `fn` throws. */
export async function problemOf(fn: () => Promise<unknown>): Promise<UserFacingError['problem']> {
  try {
    await fn();
  } catch (error) {
    if (error instanceof UserFacingError) return error.problem;
    throw error;
  }
  throw new Error('expected a UserFacingError');
}
