/** What the community service tests share: a server with a wins channel, photos, sessions to digest. */
import { expect } from 'vitest';
import type { StoredItem } from '../../src/services/store/sessions.js';
import type { SharePhotoInput } from '../../src/services/community/shareWin.js';
import { setWinsChannel } from '../../src/services/community/winsChannel.js';
import { renderUserError } from '../../src/discord/views/userErrors.js';
import { UserFacingError } from '../../src/services/errors.js';
import { type DigestView, type PhotoFetcher, type WinPostView } from '../../src/services/ports.js';
import { backendDeps, type BackendDeps } from '../support/factories.js';

// Wednesday of ISO week 2026-W48 (Mon 23 Nov – Sun 29 Nov).
export const WEDNESDAY = '2026-11-25T09:00:00Z';
export const NEXT_MONDAY_9 = '2026-11-30T09:00:00Z';
export const GUILD = 'g1';
export const WINS = 'c-wins';
export const ADMIN = 'admin';

export const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('IHDR a tiny fake png'),
]);
export const MiB = 1024 * 1024;

export interface FakePhotos extends PhotoFetcher {
  readonly calls: { url: string; maxBytes: number; timeoutMs: number }[];
}

/** A PhotoFetcher that answers with the given bytes, or fails with the given error. */
export function fakePhotos(answer: Buffer | Error): FakePhotos {
  const calls: FakePhotos['calls'] = [];
  return {
    calls,
    fetchPhoto(url, options) {
      calls.push({ url, ...options });
      if (answer instanceof Error) return Promise.reject(answer);
      return Promise.resolve({ data: answer, contentType: 'image/png' });
    },
  };
}

export const photo = (over: Partial<SharePhotoInput> = {}): SharePhotoInput => ({
  url: 'https://cdn.example/attachments/1/2/mochi.png',
  name: 'mochi.png',
  contentType: 'image/png',
  size: PNG.length,
  ...over,
});

/** Test deps with a photo fetcher, which /share win requires (tests that share a photo pass their own). */
export type CommunityTestDeps = BackendDeps & { readonly photos: PhotoFetcher };

export function withPhotos(deps: BackendDeps): CommunityTestDeps {
  return { ...deps, photos: fakePhotos(PNG) };
}

export async function setUp(start = WEDNESDAY): Promise<CommunityTestDeps> {
  const deps = withPhotos(await backendDeps(start));
  await setWinsChannel(deps, { guildId: GUILD, channelId: WINS, userId: ADMIN, canManageGuild: true });
  return deps;
}

export function winViews(deps: BackendDeps): WinPostView[] {
  return deps.notifier.posts.flatMap((p) => (p.post.kind === 'win' ? [p.post.view] : []));
}

export function digestViews(deps: BackendDeps): DigestView[] {
  return deps.notifier.posts.flatMap((p) => (p.post.kind === 'digest' ? [p.post.view] : []));
}

export async function expectUserError(
  promise: Promise<unknown> | (() => unknown),
  code: string,
): Promise<string> {
  try {
    if (typeof promise === 'function') await promise();
    else await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(UserFacingError);
    expect((error as UserFacingError).code).toBe(code);
    // The service hands over a code and data; the words the owner reads are the view's.
    return renderUserError(error as UserFacingError);
  }
  throw new Error(`expected a UserFacingError '${code}'`);
}

export function givenSession(
  deps: BackendDeps,
  catId: number,
  at: string,
  severities: readonly StoredItem['severity'][],
): Promise<void> {
  const recognised: StoredItem[] = severities.map((severity, i) => ({
    id: `s${i}`,
    label: `signal ${i}`,
    severity,
    expected: false,
    text: 'x',
  }));
  return deps.data.insert('sessions', {
    catId,
    at: new Date(at),
    localDate: at.slice(0, 10),
    minutes: 3,
    rawText: 'x',
    recognised,
    stage: 'harness_drape',
    worst: severities[0] ?? null,
    outcome: 'good',
  });
}
