/**
 * Households: a cat's owner shares the cat with up to LIMITS.coOwnersPerCat other people (co-owners). A
 * co-owner logs for the cat (the same stage machine, on the cat's own row), sees its progress and gets it
 * in their check-ins; the owner alone renames, removes, sets the stage, answers a stage offer and shares
 * it. The owner takes anyone off; a co-owner takes only themselves off. Naming a shared cat follows
 * resolveCat's rule (cats.ts).
 */
import { assertCatOwner, resolveCat, resolveOwnCat } from './cats.js';
import type { Deps } from './deps.js';
import { UserFacingError } from './errors.js';
import { LIMITS } from './limits.js';
import { DeliveryError } from './ports.js';
import type { SharedCatRef } from './store/households.js';

export interface ShareView {
  readonly catId: number;
  readonly catName: string;
  readonly ownerId: string;
  /** The new co-owner. */
  readonly userId: string;
  /** They were a co-owner already: nothing changed (and nobody is told again). */
  readonly already: boolean;
  /** Co-owners of the cat now. */
  readonly coOwners: number;
  readonly max: number;
}

export interface UnshareView {
  readonly catName: string;
  readonly ownerId: string;
  /** The person taken off. */
  readonly userId: string;
  /** A co-owner took themselves off. */
  readonly self: boolean;
}

/**
 * /cat share: the owner makes `userId` a co-owner of the cat. Refused kindly: themselves, a bot, a cat they
 * do not own (a co-owner cannot share onward), a sixth co-owner. Sharing again with a co-owner changes
 * nothing. Follow with notifyCoOwner (outside the transaction: it sends a DM).
 */
export async function shareCat(
  deps: Pick<Deps, 'store' | 'clock'>,
  input: { ownerId: string; cat: string; userId: string; userIsBot: boolean },
): Promise<ShareView> {
  if (input.userId === input.ownerId) {
    throw new UserFacingError({ code: 'cannot_share', data: { reason: 'self' } });
  }
  if (input.userIsBot) throw new UserFacingError({ code: 'cannot_share', data: { reason: 'bot' } });
  const now = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    // The owner, then the cat (the lock order): shares of one cat queue on its row, so the count holds.
    await tx.owners.ensure(input.ownerId, now);
    const cat = await resolveOwnCat(tx, input.ownerId, input.cat, 'share');
    const coOwners = await tx.households.listCoOwners(cat.id);
    const view = {
      catId: cat.id,
      catName: cat.name,
      ownerId: cat.ownerId,
      userId: input.userId,
      max: LIMITS.coOwnersPerCat,
    };
    if (coOwners.some((c) => c.userId === input.userId)) {
      return { ...view, already: true, coOwners: coOwners.length };
    }
    if (coOwners.length >= LIMITS.coOwnersPerCat) {
      throw new UserFacingError({
        code: 'too_many_co_owners',
        data: { max: LIMITS.coOwnersPerCat, catName: cat.name },
      });
    }
    await tx.households.add(cat.id, input.userId, now);
    return { ...view, already: false, coOwners: coOwners.length + 1 };
  });
}

/**
 * Tells the new co-owner by DM. Resolves to whether it arrived; when it did not (DMs closed, or Discord
 * failing), they are told with their next command instead (takeShareNotices).
 */
export async function notifyCoOwner(
  deps: Pick<Deps, 'store' | 'notifier' | 'logger'>,
  share: ShareView,
): Promise<boolean> {
  try {
    await deps.notifier.sendDm({
      ownerId: share.userId,
      dmChannelId: (await deps.store.owners.find(share.userId))?.dmChannelId ?? null,
      message: { kind: 'catShared', sharedBy: share.ownerId, catName: share.catName },
    });
    return true;
  } catch (error) {
    if (!(error instanceof DeliveryError && error.reason === 'dms_closed')) {
      deps.logger.warn({ err: error, userId: share.userId, catId: share.catId }, 'share DM failed');
    }
    await deps.store.households.markNoticePending(share.catId, share.userId);
    return false;
  }
}

/**
 * /cat unshare: the owner takes a co-owner off the cat, or a co-owner takes themselves off. Afterwards that
 * person's /log for the cat is refused kindly (cat_unshared), and sharing again brings it back.
 */
export async function unshareCat(
  deps: Pick<Deps, 'store' | 'clock'>,
  input: { userId: string; cat: string; targetId: string },
): Promise<UnshareView> {
  const cat = await resolveCat(deps.store, input.userId, input.cat);
  const self = input.targetId === input.userId;
  if (self && cat.ownerId === input.userId) {
    throw new UserFacingError({ code: 'not_co_owner', data: { reason: 'owner', catName: cat.name } });
  }
  // A co-owner may take only themselves off.
  if (!self) assertCatOwner(cat, input.userId, 'unshare_other');
  if (!(await deps.store.households.remove(cat.id, input.targetId, deps.clock.now()))) {
    throw new UserFacingError({ code: 'not_co_owner', data: { reason: 'not_shared', catName: cat.name } });
  }
  return { catName: cat.name, ownerId: cat.ownerId, userId: input.targetId, self };
}

/**
 * Shares the user was not told about yet (the DM did not arrive); telling them clears them. Called on
 * every command, so it is one indexed write.
 */
export function takeShareNotices(deps: Pick<Deps, 'store'>, userId: string): Promise<SharedCatRef[]> {
  return deps.store.households.takeNotices(userId);
}
