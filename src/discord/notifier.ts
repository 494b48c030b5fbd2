import { randomBytes } from 'node:crypto';
import { DiscordAPIError, HTTPError, MessageFlags, RESTJSONErrorCodes, Routes, type REST } from 'discord.js';
import type { Logger } from '../logger.js';
import {
  DeliveryError,
  type ChannelPostRequest,
  type DmRequest,
  type DmResult,
  type FollowUpRequest,
  type Notifier,
  type PostRef,
} from '../services/ports.js';
import { dmText, renderCheckIn } from './views/checkInMessage.js';
import { NO_MENTIONS } from './views/common.js';
import { renderDigest, renderWinPost } from './views/communityPosts.js';
import { renderSessionTimerDone } from './views/sessionTimerViews.js';
import { readReplyHandle } from './replyHandle.js';

interface RawFile {
  name: string;
  data: Buffer;
  contentType?: string;
}

/** Translates Discord's answers into what the services can act on. */
export function toDeliveryError(error: unknown): DeliveryError {
  if (error instanceof DiscordAPIError) {
    switch (error.code) {
      case RESTJSONErrorCodes.CannotSendMessagesToThisUser:
        return new DeliveryError('dms_closed', error.message);
      case RESTJSONErrorCodes.MissingAccess:
      case RESTJSONErrorCodes.MissingPermissions:
        return new DeliveryError('missing_access', error.message);
      case RESTJSONErrorCodes.UnknownChannel:
        return new DeliveryError('unknown_channel', error.message);
      // Follow-ups: the interaction's token ran out (or the interaction is unknown).
      case RESTJSONErrorCodes.UnknownWebhook:
      case RESTJSONErrorCodes.InvalidWebhookToken:
      case RESTJSONErrorCodes.UnknownInteraction:
        return new DeliveryError('expired', error.message);
      default:
        return new DeliveryError(error.status >= 500 ? 'transient' : 'other', error.message);
    }
  }
  if (error instanceof HTTPError)
    return new DeliveryError(error.status >= 500 ? 'transient' : 'other', error.message);
  return new DeliveryError('transient', error instanceof Error ? error.message : String(error));
}

/**
 * Every message carries a nonce with enforce_nonce, so a send that discord.js repeats after a 5xx or a
 * dropped connection shows once: the caller's (stable across restarts) or a fresh one per call.
 */
function withNonce(body: Record<string, unknown>, nonce: string | undefined): Record<string, unknown> {
  return { ...body, nonce: nonce ?? randomBytes(12).toString('base64url'), enforce_nonce: true };
}

/**
 * The Notifier port over discord.js's REST client: it goes through its rate-limit queues, and it uses the
 * stored DM channel so that a check-in costs one request, not two. Closed DMs (50007) are logged here,
 * once, at info: the services record them and stay quiet; other failures are the caller's to log.
 */
export function createDiscordNotifier(rest: REST, logger?: Logger): Notifier {
  async function post(
    channelId: string,
    body: Record<string, unknown>,
    files: readonly RawFile[],
  ): Promise<string> {
    const message = (await rest.post(Routes.channelMessages(channelId), {
      body,
      ...(files.length > 0
        ? {
            files: files.map((f) => ({
              name: f.name,
              data: f.data,
              ...(f.contentType ? { contentType: f.contentType } : {}),
            })),
          }
        : {}),
    })) as { id: string };
    return message.id;
  }

  async function openDm(ownerId: string): Promise<string> {
    const channel = (await rest.post(Routes.userChannels(), { body: { recipient_id: ownerId } })) as {
      id: string;
    };
    return channel.id;
  }

  return {
    async sendDm(request: DmRequest): Promise<DmResult> {
      const body =
        request.message.kind === 'checkIn'
          ? renderCheckIn(request.message.view)
          : request.message.kind === 'sessionTimerDone'
            ? renderSessionTimerDone(request.message.view)
            : { content: dmText(request.message), allowed_mentions: NO_MENTIONS };
      const payload = withNonce(body, request.nonce);
      try {
        let channelId = request.dmChannelId ?? (await openDm(request.ownerId));
        try {
          return { messageId: await post(channelId, payload, []), dmChannelId: channelId };
        } catch (error) {
          // A stored DM channel can vanish; open a fresh one once.
          if (!(
            error instanceof DiscordAPIError &&
            error.code === RESTJSONErrorCodes.UnknownChannel &&
            request.dmChannelId
          ))
            throw error;
          channelId = await openDm(request.ownerId);
          return { messageId: await post(channelId, payload, []), dmChannelId: channelId };
        }
      } catch (error) {
        const delivery = toDeliveryError(error);
        if (delivery.reason === 'dms_closed') {
          logger?.info(
            {
              ownerId: request.ownerId,
              kind: request.message.kind,
              code: RESTJSONErrorCodes.CannotSendMessagesToThisUser,
            },
            'DMs closed to the bot',
          );
        }
        throw delivery;
      }
    },
    async postToChannel(request: ChannelPostRequest): Promise<{ messageId: string }> {
      const rendered =
        request.post.kind === 'win' ? renderWinPost(request.post.view) : renderDigest(request.post.view);
      const body = withNonce(rendered.body, request.nonce);
      try {
        return { messageId: await post(request.channelId, body, rendered.files) };
      } catch (error) {
        throw toDeliveryError(error);
      }
    },
    async followUp(request: FollowUpRequest): Promise<{ messageId: string }> {
      const target = readReplyHandle(request.replyHandle);
      if (target === null) throw new DeliveryError('expired', 'Not a reply handle');
      // Only the owner sees it, as they saw the reply it follows. Follow-ups take no nonce (see restPolicy).
      const body = { ...renderSessionTimerDone(request.message.view), flags: MessageFlags.Ephemeral };
      try {
        const message = (await rest.post(Routes.webhook(target.applicationId, target.token), {
          body,
          auth: false,
        })) as { id: string };
        return { messageId: message.id };
      } catch (error) {
        throw toDeliveryError(error);
      }
    },
    async deletePost(request: PostRef): Promise<void> {
      try {
        await rest.delete(Routes.channelMessage(request.channelId, request.messageId));
      } catch (error) {
        // Already gone: removed by a moderator, or with its channel. Either way nothing is left to remove.
        if (
          error instanceof DiscordAPIError &&
          (error.code === RESTJSONErrorCodes.UnknownMessage ||
            error.code === RESTJSONErrorCodes.UnknownChannel)
        )
          return;
        throw toDeliveryError(error);
      }
    },
  };
}
