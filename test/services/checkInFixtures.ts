/** What the check-in service tests share: a Berlin owner, ticks at given instants, what was sent. */
import { expect } from 'vitest';
import { runDueCheckIns } from '../../src/services/checkInRun.js';
import { setCheckIn } from '../../src/services/checkInSettings.js';
import { dmText } from '../../src/discord/views/checkInMessage.js';
import { renderUserError } from '../../src/discord/views/userErrors.js';
import { UserFacingError } from '../../src/services/errors.js';
import type { CheckInView, DmRequest } from '../../src/services/ports.js';
import { givenCat, type BackendDeps } from '../support/factories.js';

// Wed 25 Nov 2026, 10:00 in Berlin (UTC+1 in winter). A 19:00 Berlin check-in is due at 18:00Z.
export const START = '2026-11-25T09:00:00Z';
export const DUE_DAY_0 = Date.parse('2026-11-25T18:00:00Z');

export async function expectUserError(
  fn: () => Promise<unknown>,
  code: string,
  text?: RegExp,
): Promise<void> {
  try {
    await fn();
  } catch (error) {
    expect(error).toBeInstanceOf(UserFacingError);
    expect((error as UserFacingError).code).toBe(code);
    // The service hands over a code and data; the words the owner reads are the view's.
    if (text) expect(renderUserError(error as UserFacingError)).toMatch(text);
    return;
  }
  throw new Error(`expected a UserFacingError ${code}`);
}

export function checkInViews(deps: BackendDeps, ownerId = 'u1'): CheckInView[] {
  return deps.notifier.dms
    .filter((d) => d.ownerId === ownerId)
    .flatMap((d) => (d.message.kind === 'checkIn' ? [d.message.view] : []));
}

/** The plain-text DMs as the owner reads them: the service sends facts, the Discord view words them. */
export function texts(deps: BackendDeps, ownerId = 'u1'): string[] {
  return deps.notifier.dms
    .filter((d) => d.ownerId === ownerId)
    .flatMap((d) => (d.message.kind === 'checkIn' ? [] : [dmText(d.message)]));
}

/** Counts every attempt, including those that bounce. */
export function countAttempts(deps: BackendDeps): { deps: BackendDeps; attempts: DmRequest[] } {
  const attempts: DmRequest[] = [];
  const notifier = {
    ...deps.notifier,
    sendDm: (request: DmRequest) => {
      attempts.push(request);
      return deps.notifier.sendDm(request);
    },
  };
  return { deps: { ...deps, notifier }, attempts };
}

export async function tickAt(deps: BackendDeps, instant: number | string) {
  deps.clock.set(new Date(instant));
  return runDueCheckIns(deps);
}

export async function givenBerlinOwner(deps: BackendDeps, ownerId = 'u1', time = '19:00'): Promise<number> {
  const catId = await givenCat(deps, ownerId, 'Miso');
  await setCheckIn(deps, { ownerId, time, timezone: 'Europe/Berlin' });
  return catId;
}
