/** Automatic posts: the stage-ups and milestones of owners who opted in, in their servers' wins channels. */
import { PUBLIC_MILESTONES, REPOST_WITHIN_MS, announcementNonce } from '../../domain/announcements.js';
import type { Effect } from '../../domain/coach.js';
import { GOAL_STAGE, stageInfo, type StageId } from '../../domain/stages.js';
import { milestoneText, seedFrom, stageUpPostText } from '../../domain/words.js';
import { DeliveryError, type WinPostView } from '../ports.js';
import type { CatRecord } from '../store/cats.js';
import type { CommunityDeps } from './shared.js';

export interface Announcement {
  readonly key: string;
  readonly stage: StageId;
  readonly message: string;
}

/** Stage-ups and public milestones among a transition's effects, each under its once-per-server key. */
export function announcementsFor(
  effects: readonly Effect[],
  cat: Pick<CatRecord, 'stage'>,
  seed: number,
): Announcement[] {
  const reachedGoal = effects.some((e) => e.type === 'milestone' && e.milestone === 'goal_reached');
  const result: Announcement[] = [];
  for (const effect of effects) {
    if (effect.type === 'stageChanged' && effect.reason === 'advance') {
      // Reaching the goal is celebrated by its milestone; one post is enough.
      if (effect.to === GOAL_STAGE && reachedGoal) continue;
      result.push({ key: `stage:${effect.to}`, stage: effect.to, message: stageUpPostText(effect.to, seed) });
    } else if (effect.type === 'milestone' && PUBLIC_MILESTONES.includes(effect.milestone)) {
      result.push({ key: effect.milestone, stage: cat.stage, message: milestoneText(effect.milestone) });
    }
  }
  return result.filter((a, i) => result.findIndex((b) => b.key === a.key) === i);
}

/**
 * After a session or a stage decision: posts the stage-ups and milestones of an opted-in owner to the wins
 * channel of every server they use the bot in, once per server and cat (the row is claimed before posting).
 * Failures are isolated per server and logged. Returns how many posts went out.
 */
export async function announceEffects(
  deps: CommunityDeps,
  input: { readonly ownerId: string; readonly catId: number; readonly effects: readonly Effect[] },
): Promise<number> {
  const owner = await deps.store.owners.find(input.ownerId);
  if (!owner?.autoShare) return 0;
  const found = await deps.store.cats.find(input.catId);
  const cat = found?.ownerId === input.ownerId ? found : undefined;
  if (!cat) return 0;
  const items = announcementsFor(input.effects, cat, seedFrom(cat.id, deps.clock.now().getTime()));
  if (items.length === 0) return 0;
  const servers = await deps.store.community.listOwnerWinsChannels(input.ownerId);

  const results = await Promise.allSettled(
    servers.map(async ({ guildId, channelId }) => {
      let posted = 0;
      for (const item of items) {
        const claim = await deps.store.community.claimMilestone({
          guildId,
          ownerId: input.ownerId,
          catId: cat.id,
          catName: cat.name,
          milestone: item.key,
          message: item.message,
          channelId,
          at: deps.clock.now(),
        });
        let postId = claim;
        if (postId === null) {
          // Claimed before: posted already, or a try that never recorded its message (a failure, or a
          // process that died mid-post). The latter goes again with the same nonce while Discord remembers it.
          const open = await deps.store.community.findUnposted(guildId, cat.id, item.key);
          if (!open || deps.clock.now().getTime() - open.at.getTime() > REPOST_WITHIN_MS) continue;
          postId = open.id;
        }
        const info = stageInfo(item.stage);
        const view: WinPostView = {
          ownerId: input.ownerId,
          catName: cat.name,
          stageName: info.name,
          position: info.position,
          message: item.message,
          milestone: true,
          photo: null,
          photoFailed: false,
        };
        // The claim stays even if the post fails: it is retried only with the same nonce (see above).
        let messageId: string;
        try {
          ({ messageId } = await deps.notifier.postToChannel({
            channelId,
            post: { kind: 'win', view },
            nonce: announcementNonce(postId),
          }));
        } catch (error) {
          if (error instanceof DeliveryError && error.reason !== 'transient') {
            await deps.store.community.markPostFailed(postId);
          }
          throw error;
        }
        await deps.store.community.setPostMessage(postId, messageId);
        posted++;
      }
      return posted;
    }),
  );
  let total = 0;
  let worthRetrying = 0;
  results.forEach((result, i) => {
    if (result.status === 'fulfilled') total += result.value;
    else {
      deps.logger.warn(
        { err: result.reason, guildId: servers[i]?.guildId, ownerId: input.ownerId },
        'auto-share: posting a milestone failed',
      );
      // A channel the bot cannot reach stays so; a hiccup may pass.
      if (!(result.reason instanceof DeliveryError) || result.reason.reason === 'transient') worthRetrying++;
    }
  });
  // The outbox tries again later: posts already made are skipped, the rest go with their nonces.
  if (worthRetrying > 0)
    throw new Error(`auto-share: ${String(worthRetrying)} server(s) failed; to be retried`);
  return total;
}
