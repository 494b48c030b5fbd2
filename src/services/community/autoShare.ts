/** /share auto: an owner opts in or out of automatic stage-up and milestone posts. */
import type { Deps } from '../deps.js';

export interface AutoShareView {
  readonly enabled: boolean;
  /** Servers with a wins channel where the owner uses the bot: where the posts would go. */
  readonly servers: number;
}

/** /share auto: opts the owner in or out of automatic stage-up and milestone posts. */
export async function setAutoShare(
  deps: Pick<Deps, 'store' | 'clock'>,
  input: { readonly ownerId: string; readonly enabled: boolean },
): Promise<AutoShareView> {
  const now = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    await tx.owners.ensure(input.ownerId, now);
    await tx.owners.update(input.ownerId, { autoShare: input.enabled });
    const servers = (await tx.community.listOwnerWinsChannels(input.ownerId)).length;
    return { enabled: input.enabled, servers };
  });
}
