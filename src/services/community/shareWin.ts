/** /share win: an owner's win (and photo) posted to the server's wins channel, credited to them. */
import { stageInfo } from '../../domain/stages.js';
import { findNamedCat } from '../cats.js';
import { UserFacingError } from '../errors.js';
import { LIMITS } from '../limits.js';
import { DeliveryError, PhotoFetchError, type PhotoFetcher, type WinPostView } from '../ports.js';
import type { CatRecord } from '../store/cats.js';
import type { Store } from '../store/store.js';
import { declaredImageType, PHOTO_LIMITS, sniffImageType, uploadName } from './photos.js';
import type { CommunityDeps } from './shared.js';

/** The photo fetcher is the use case's own dependency, like the notifier: main.ts builds it. */
export type ShareWinDeps = CommunityDeps & { readonly photos: PhotoFetcher };

export interface SharePhotoInput {
  readonly url: string;
  readonly name: string;
  readonly contentType: string | null;
  /** Bytes, as Discord declared it. */
  readonly size: number;
}

export interface ShareWinInput {
  readonly ownerId: string;
  readonly guildId: string;
  readonly message: string;
  readonly cat?: string | null | undefined;
  readonly photo?: SharePhotoInput | null | undefined;
  /** The caller can manage the server: a missing wins channel is then theirs to set. */
  readonly isAdmin?: boolean | undefined;
}

export interface ShareWinResult {
  readonly channelId: string;
  readonly messageId: string;
  readonly catName: string | null;
  /** The photo could not be fetched, so the words were posted without it. */
  readonly photoFailed: boolean;
}

/** How long last_seen_at may lag: a share always moves it to now. */
const SEEN_NOW = 0;

const MAX_PHOTO_MB = PHOTO_LIMITS.maxBytes / (1024 * 1024);

function tooBig(): UserFacingError {
  return new UserFacingError({ code: 'bad_photo', data: { reason: 'too_big', maxMb: MAX_PHOTO_MB } });
}

function notAnImage(): UserFacingError {
  return new UserFacingError({ code: 'bad_photo', data: { reason: 'not_an_image' } });
}

/** The owner's message as it will be posted: trimmed, otherwise exactly as typed (mentions are disabled at send). */
export function validateShareMessage(raw: string): string {
  const message = raw.trim();
  if (message === '') {
    throw new UserFacingError({ code: 'empty_text', data: { field: 'message' } });
  }
  if (Array.from(message).length > LIMITS.shareMessage) {
    throw new UserFacingError({
      code: 'text_too_long',
      data: { field: 'message', max: LIMITS.shareMessage },
    });
  }
  return message;
}

function noWinsChannel(isAdmin: boolean): UserFacingError {
  return new UserFacingError({ code: 'no_wins_channel', data: { reason: 'not_set', isAdmin } });
}

/** Turns a failed post into something the owner (or a manager) can act on; other failures stay bugs. */
function deliveryProblem(error: unknown): unknown {
  if (!(error instanceof DeliveryError)) return error;
  if (error.reason === 'missing_access') {
    return new UserFacingError({ code: 'missing_permission', data: { reason: 'wins_channel_no_access' } });
  }
  if (error.reason === 'unknown_channel') {
    return new UserFacingError({ code: 'no_wins_channel', data: { reason: 'gone' } });
  }
  return error;
}

/**
 * The cat the win is about: the one named (their own or one shared with them), else their only cat, else
 * none (a win needs no cat).
 */
async function pickCat(
  store: Store,
  ownerId: string,
  typed: string | null | undefined,
): Promise<CatRecord | null> {
  const rows = await store.cats.listAccessible(ownerId);
  const trimmed = typed?.trim() ?? '';
  if (trimmed !== '') return findNamedCat(rows, trimmed, ownerId);
  const only = rows[0];
  return rows.length === 1 && only ? only : null;
}

/**
 * Downloads and checks the photo. A photo the owner must change throws 'bad_photo' (nothing is posted);
 * a download that fails for other reasons returns null so the words still go out.
 */
async function preparePhoto(
  deps: Pick<ShareWinDeps, 'logger' | 'photos'>,
  photo: SharePhotoInput,
): Promise<WinPostView['photo']> {
  const declared = declaredImageType(photo.contentType, photo.name);
  if (declared === null) throw notAnImage();
  if (photo.size > PHOTO_LIMITS.maxBytes) throw tooBig();
  let downloaded: { data: Buffer; contentType: string };
  try {
    downloaded = await deps.photos.fetchPhoto(photo.url, {
      maxBytes: PHOTO_LIMITS.maxBytes,
      timeoutMs: PHOTO_LIMITS.timeoutMs,
    });
  } catch (error) {
    if (error instanceof PhotoFetchError && error.reason === 'too_large') throw tooBig();
    deps.logger.warn({ err: error }, 'share: photo download failed, posting the text only');
    return null;
  }
  if (downloaded.data.length > PHOTO_LIMITS.maxBytes) throw tooBig();
  const actual = sniffImageType(downloaded.data);
  if (actual === null) throw notAnImage();
  return { name: uploadName(photo.name, actual), data: downloaded.data, contentType: actual };
}

/** /share win: posts the owner's win (and photo) to the server's wins channel, credited to them. */
export async function shareWin(deps: ShareWinDeps, input: ShareWinInput): Promise<ShareWinResult> {
  const message = validateShareMessage(input.message);
  const channelId = await deps.store.community.findWinsChannel(input.guildId);
  if (channelId === null) throw noWinsChannel(input.isAdmin ?? false);
  const cat = await pickCat(deps.store, input.ownerId, input.cat);
  const photo = input.photo ? await preparePhoto(deps, input.photo) : null;
  const photoFailed = input.photo !== null && input.photo !== undefined && photo === null;
  const stage = cat ? stageInfo(cat.stage) : null;

  const view: WinPostView = {
    ownerId: input.ownerId,
    catName: cat?.name ?? null,
    stageName: stage?.name ?? null,
    position: stage?.position ?? null,
    message,
    milestone: false,
    photo,
    photoFailed,
  };
  let messageId: string;
  try {
    ({ messageId } = await deps.notifier.postToChannel({ channelId, post: { kind: 'win', view } }));
  } catch (error) {
    throw deliveryProblem(error);
  }

  const now = deps.clock.now();
  await deps.store.transaction(async (tx) => {
    await tx.owners.ensure(input.ownerId, now);
    await tx.owners.noteGuildUse(input.ownerId, input.guildId, now, SEEN_NOW);
    await tx.community.addWin({
      guildId: input.guildId,
      ownerId: input.ownerId,
      catId: cat?.id ?? null,
      catName: cat?.name ?? null,
      message,
      hasPhoto: photo !== null,
      channelId,
      messageId,
      at: now,
    });
  });
  return {
    channelId,
    messageId,
    catName: cat?.name ?? null,
    photoFailed,
  };
}
