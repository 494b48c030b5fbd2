import { DiscordAPIError, HTTPError, RESTJSONErrorCodes, Routes, type REST } from 'discord.js';
import {
  DeliveryError,
  type ChannelPostRequest,
  type DmRequest,
  type DmResult,
  type Notifier,
} from '../services/ports.js';
import { renderCheckIn } from './views/checkInMessage.js';
import { NO_MENTIONS } from './views/common.js';
import { renderDigest, renderWinPost } from './views/communityPosts.js';

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
      default:
        return new DeliveryError(error.status >= 500 ? 'transient' : 'other', error.message);
    }
  }
  if (error instanceof HTTPError)
    return new DeliveryError(error.status >= 500 ? 'transient' : 'other', error.message);
  return new DeliveryError('transient', error instanceof Error ? error.message : String(error));
}

/**
 * The Notifier port over discord.js's REST client: it goes through its rate-limit queues, and it uses the
 * stored DM channel so that a check-in costs one request, not two.
 */
export function createDiscordNotifier(rest: REST): Notifier {
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
          : { content: request.message.text, allowed_mentions: NO_MENTIONS };
      const withNonce = request.nonce ? { ...body, nonce: request.nonce, enforce_nonce: true } : body;
      try {
        let channelId = request.dmChannelId ?? (await openDm(request.ownerId));
        try {
          return { messageId: await post(channelId, withNonce, []), dmChannelId: channelId };
        } catch (error) {
          // A stored DM channel can vanish; open a fresh one once.
          if (!(
            error instanceof DiscordAPIError &&
            error.code === RESTJSONErrorCodes.UnknownChannel &&
            request.dmChannelId
          ))
            throw error;
          channelId = await openDm(request.ownerId);
          return { messageId: await post(channelId, withNonce, []), dmChannelId: channelId };
        }
      } catch (error) {
        throw toDeliveryError(error);
      }
    },
    async postToChannel(request: ChannelPostRequest): Promise<{ messageId: string }> {
      const rendered =
        request.post.kind === 'win' ? renderWinPost(request.post.view) : renderDigest(request.post.view);
      const body = request.nonce
        ? { ...rendered.body, nonce: request.nonce, enforce_nonce: true }
        : rendered.body;
      try {
        return { messageId: await post(request.channelId, body, rendered.files) };
      } catch (error) {
        throw toDeliveryError(error);
      }
    },
  };
}
