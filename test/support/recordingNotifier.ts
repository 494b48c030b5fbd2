import {
  DeliveryError,
  type ChannelPostRequest,
  type DmRequest,
  type DmResult,
  type FollowUpRequest,
  type Notifier,
  type PostRef,
} from '../../src/services/ports.js';

export interface RecordingNotifier extends Notifier {
  readonly dms: DmRequest[];
  readonly posts: ChannelPostRequest[];
  /** Posts the services asked to remove, in order. */
  readonly deletedPosts: PostRef[];
  /** Owners whose DMs are closed (the next send fails with dms_closed). */
  readonly closedDms: Set<string>;
  /** Channels the bot may not post in (nor remove its posts from). */
  readonly forbiddenChannels: Set<string>;
  /** Follow-ups on owners' interactions, in order. */
  readonly followUps: FollowUpRequest[];
  /** Reply handles whose interaction takes no more follow-ups (the next one fails with 'expired'). */
  readonly expiredHandles: Set<string>;
}

/** A Notifier that records what the services asked to send. */
export function recordingNotifier(): RecordingNotifier {
  let nextId = 1;
  const dms: DmRequest[] = [];
  const posts: ChannelPostRequest[] = [];
  const deletedPosts: PostRef[] = [];
  const closedDms = new Set<string>();
  const forbiddenChannels = new Set<string>();
  const followUps: FollowUpRequest[] = [];
  const expiredHandles = new Set<string>();
  return {
    followUps,
    expiredHandles,
    dms,
    posts,
    deletedPosts,
    closedDms,
    forbiddenChannels,
    sendDm(request: DmRequest): Promise<DmResult> {
      if (closedDms.has(request.ownerId)) {
        return Promise.reject(new DeliveryError('dms_closed', 'Cannot send messages to this user'));
      }
      dms.push(request);
      return Promise.resolve({
        messageId: String(nextId++),
        dmChannelId: request.dmChannelId ?? `dm-${request.ownerId}`,
      });
    },
    postToChannel(request: ChannelPostRequest) {
      if (forbiddenChannels.has(request.channelId)) {
        return Promise.reject(new DeliveryError('missing_access', 'Missing Permissions'));
      }
      posts.push(request);
      return Promise.resolve({ messageId: String(nextId++) });
    },
    deletePost(request: PostRef) {
      if (forbiddenChannels.has(request.channelId)) {
        return Promise.reject(new DeliveryError('missing_access', 'Missing Permissions'));
      }
      deletedPosts.push(request);
      return Promise.resolve();
    },
    followUp(request: FollowUpRequest) {
      if (expiredHandles.has(request.replyHandle)) {
        return Promise.reject(new DeliveryError('expired', 'Invalid Webhook Token'));
      }
      followUps.push(request);
      return Promise.resolve({ messageId: String(nextId++) });
    },
  };
}
