/**
 * Discord failing in every way it does: 429s, 5xx, dropped connections, 50007, 50013, 10062, a gateway
 * drop. The real bot in-process (harness) against the local Discord: each failure is handled, logged
 * once with context, never crashes anything; only repeat-safe requests are repeated (with backoff);
 * 4xx answers are never repeated, so the invalid-request budget is never approached.
 */
import { HTTPError, Routes } from 'discord.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isRepeatSafe } from '../../src/discord/restPolicy.js';
import { createDiscordNotifier } from '../../src/discord/notifier.js';
import { runDueCheckIns } from '../../src/services/checkInRun.js';
import { setCheckIn } from '../../src/services/checkInSettings.js';
import { DeliveryError, type WinPostView } from '../../src/services/ports.js';
import { startHarness, type Harness } from '../support/botHarness.js';
import { hours } from '../support/fakeClock.js';
import type { RequestLogEntry } from '@leash-coach/fake-discord';
import { captureLogger } from './support/captureLogger.js';
import { until } from './support/childBot.js';

const capture = captureLogger('debug');
let h: Harness;
let postChannel: string;
const admin = '600000000000000001';

beforeAll(async () => {
  h = await startHarness({
    logger: capture.logger,
    // Discord's limits, with a small per-channel message limit so queuing shows within a test.
    fake: { rateLimits: { messageCreate: { limit: 3, windowMs: 600 } }, timeoutMs: 8_000 },
  });
  postChannel = h.fake.addGuild({ name: 'Other' }).channel('general');
  await h.services.setWinsChannel({
    guildId: h.guildId,
    channelId: h.channelId,
    userId: admin,
    canManageGuild: true,
  });
});
afterAll(async () => {
  await h.close();
});

let mark: number;
let logMark: number;
beforeEach(() => {
  mark = h.fake.requests.length;
  logMark = capture.lines.length;
});
const requestsSince = (match: (r: RequestLogEntry) => boolean): RequestLogEntry[] =>
  h.fake.requests.slice(mark).filter(match);
const logsSince = () => capture.lines.slice(logMark);
const isMessagePost = (r: RequestLogEntry) =>
  r.method === 'POST' && /\/channels\/\d+\/messages$/.test(r.path);

const winView = (message: string): WinPostView => ({
  ownerId: admin,
  catName: 'Mochi',
  stageName: 'Harness on, indoors',
  position: 2,
  message,
  milestone: false,
  photo: null,
  photoFailed: false,
});

describe("removing the bot's own posts (/mydata delete)", () => {
  it('a post already gone counts as removed; a channel the bot cannot see is missing_access, not retried', async () => {
    const { notifier } = h.deps;
    const { messageId } = await notifier.postToChannel({
      channelId: postChannel,
      post: { kind: 'win', view: winView('to be removed') },
    });
    await notifier.deletePost({ channelId: postChannel, messageId });
    expect(h.fake.messagesIn(postChannel).some((m) => m.id === messageId)).toBe(false);
    // Removed already (by a moderator, or a first try): nothing is left to do, so it is not a failure.
    await expect(notifier.deletePost({ channelId: postChannel, messageId })).resolves.toBeUndefined();
    const hidden = h.fake
      .addGuild({ name: 'Hidden', channels: [{ name: 'secret', botPermissions: 0n }] })
      .channel('secret');
    const refused = notifier.deletePost({ channelId: hidden, messageId: '1575139095322284033' });
    await expect(refused).rejects.toBeInstanceOf(DeliveryError);
    await expect(refused).rejects.toMatchObject({ reason: 'missing_access' });
    expect(requestsSince((r) => r.method === 'DELETE').map((r) => r.status)).toEqual([204, 404, 403]);
  });
});

describe('429: rate limits', () => {
  it('queues on the limits Discord announces and never exceeds them', async () => {
    const posts = Array.from({ length: 8 }, (_, i) =>
      h.deps.notifier.postToChannel({
        channelId: postChannel,
        post: { kind: 'win', view: winView(`win ${i}`) },
      }),
    );
    await Promise.all(posts);
    expect(
      h.fake.messagesIn(postChannel).filter((m) => m.content.includes('win ') || m.embeds.length > 0),
    ).toHaveLength(8);
    const stats = h.fake.stats;
    // discord.js reads the bucket headers and waits: no 429 at all, and the global limit is never reached.
    expect(stats.rateLimited).toBe(0);
    expect(stats.maxReceivedInAnySecond).toBeLessThanOrEqual(50);
    // Three per 600 ms: the last of eight cannot have been accepted before two windows passed.
    const accepted = requestsSince((r) => isMessagePost(r) && r.status === 200).map((r) => r.time.getTime());
    expect(Math.max(...accepted) - Math.min(...accepted)).toBeGreaterThanOrEqual(1_000);
  });

  it('honours retry-after on a 429 it did not see coming, then sends once', async () => {
    h.fake.failNext(
      { method: 'POST', path: /^\/channels\/\d+\/messages$/ },
      {
        status: 429,
        headers: { 'retry-after': '1', 'x-ratelimit-scope': 'shared' },
        body: { message: 'You are being rate limited.', retry_after: 0.5, global: false },
      },
    );
    const before = h.fake.messagesIn(postChannel).length;
    await h.deps.notifier.postToChannel({
      channelId: postChannel,
      post: { kind: 'win', view: winView('late win') },
    });
    const tries = requestsSince(isMessagePost);
    expect(tries.map((r) => r.status)).toEqual([429, 200]);
    const [limited, sent] = tries;
    expect(sent && limited ? sent.time.getTime() - limited.time.getTime() : 0).toBeGreaterThanOrEqual(450);
    expect(h.fake.messagesIn(postChannel)).toHaveLength(before + 1);
  });
});

describe('5xx and dropped connections: repeated only where repeating is safe', () => {
  it('classifies requests: idempotent methods, DM opening, callbacks and nonce messages are safe', () => {
    const base = 'http://127.0.0.1:1/api/v10';
    expect(isRepeatSafe('GET', `${base}/users/@me`, undefined)).toBe(true);
    expect(isRepeatSafe('PUT', `${base}/applications/1/commands`, '[]')).toBe(true);
    expect(isRepeatSafe('PATCH', `${base}/webhooks/1/tok/messages/@original`, '{}')).toBe(true);
    expect(isRepeatSafe('POST', `${base}/users/@me/channels`, '{"recipient_id":"1"}')).toBe(true);
    expect(isRepeatSafe('POST', `${base}/interactions/1/tok/callback?with_response=false`, '{}')).toBe(true);
    expect(
      isRepeatSafe('POST', `${base}/channels/1/messages`, '{"content":"x","nonce":"n","enforce_nonce":true}'),
    ).toBe(true);
    expect(isRepeatSafe('POST', `${base}/channels/1/messages`, '{"content":"x","nonce":"n"}')).toBe(false);
    expect(isRepeatSafe('POST', `${base}/channels/1/messages`, '{"content":"x"}')).toBe(false);
    expect(isRepeatSafe('POST', `${base}/webhooks/1/tok`, '{"content":"x"}')).toBe(false);
  });

  it('a message with its nonce is repeated after a 500 and a dropped connection, with backoff, and shows once', async () => {
    h.fake.failNext({ method: 'POST', path: /^\/channels\/\d+\/messages$/ }, { status: 500 });
    h.fake.failNext({ method: 'POST', path: /^\/channels\/\d+\/messages$/ }, { destroySocket: true });
    const before = h.fake.messagesIn(postChannel).length;
    await h.deps.notifier.postToChannel({
      channelId: postChannel,
      post: { kind: 'win', view: winView('retried') },
    });
    const tries = requestsSince(isMessagePost);
    expect(tries.map((r) => r.status)).toEqual([500, -1, 200]);
    const times = tries.map((r) => r.time.getTime());
    expect((times[1] ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(150);
    expect((times[2] ?? 0) - (times[1] ?? 0)).toBeGreaterThanOrEqual(300);
    expect(h.fake.messagesIn(postChannel)).toHaveLength(before + 1);
    expect(h.fake.messagesIn(postChannel).at(-1)?.nonce).toEqual(expect.any(String));
  });

  it('a GET is repeated after 502s and a dropped connection, and succeeds', async () => {
    h.fake.failNext({ method: 'GET', path: /^\/gateway\/bot$/ }, { status: 502 }, 2);
    h.fake.failNext({ method: 'GET', path: /^\/gateway\/bot$/ }, { destroySocket: true });
    await expect(h.client.rest.get(Routes.gatewayBot())).resolves.toMatchObject({ shards: 1 });
    expect(requestsSince((r) => r.path.endsWith('/gateway/bot')).map((r) => r.status)).toEqual([
      502, 502, -1, 200,
    ]);
  });

  it('a follow-up (no nonce possible) is not repeated after a 500 or a dropped connection', async () => {
    const help = await h.fake.command({ name: 'help', guildId: h.guildId });
    const route = Routes.webhook(h.fake.applicationId, help.token);
    mark = h.fake.requests.length;
    h.fake.failNext({ method: 'POST', path: /^\/webhooks\// }, { status: 500 });
    await expect(
      h.client.rest.post(route, { body: { content: 'once' }, auth: false }),
    ).rejects.toBeInstanceOf(HTTPError);
    h.fake.failNext({ method: 'POST', path: /^\/webhooks\// }, { destroySocket: true });
    await expect(h.client.rest.post(route, { body: { content: 'once' }, auth: false })).rejects.toThrow(
      /not repeated/,
    );
    expect(requestsSince((r) => r.path.includes('/webhooks/')).map((r) => r.status)).toEqual([500, -1]);
    expect(help.followups).toHaveLength(0);
  });

  it('an interaction answer is repeated after a 500 and shown once', async () => {
    h.fake.failNext({ method: 'POST', path: /^\/interactions\/\d+\/[^/]+\/callback$/ }, { status: 500 });
    const help = await h.fake.command({ name: 'help', guildId: h.guildId });
    expect(help.type).toBe(4);
    expect(requestsSince((r) => r.path.endsWith('/callback')).map((r) => r.status)).toEqual([500, 204]);
  });
});

describe('4xx answers are never repeated', () => {
  it.each([
    [403, 50013, 'Missing Permissions', 'missing_access'],
    [403, 50001, 'Missing Access', 'missing_access'],
    [404, 10003, 'Unknown Channel', 'unknown_channel'],
    [400, 50035, 'Invalid Form Body', 'other'],
  ])('%i %i: one request, a DeliveryError %s', async (status, code, message, reason) => {
    h.fake.failNext(
      { method: 'POST', path: /^\/channels\/\d+\/messages$/ },
      { status, body: { code, message } },
    );
    const error = await h.deps.notifier
      .postToChannel({ channelId: postChannel, post: { kind: 'win', view: winView('x') } })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({ reason });
    expect(requestsSince(isMessagePost)).toHaveLength(1);
  });

  it('discord.js throws a 4xx as DiscordAPIError with its code (what the notifier maps)', async () => {
    h.fake.failNext(
      { method: 'GET', path: /^\/gateway\/bot$/ },
      { status: 403, body: { code: 50001, message: 'Missing Access' } },
    );
    await expect(h.client.rest.get(Routes.gatewayBot())).rejects.toMatchObject({ code: 50001 });
    await expect(h.client.rest.get(Routes.gatewayBot())).resolves.toBeDefined();
    expect(requestsSince((r) => r.path.endsWith('/gateway/bot')).map((r) => r.status)).toEqual([403, 200]);
  });
});

describe('what owners and operators see', () => {
  it('50007 closed DMs: the check-in stops for that owner, logged once at info, nothing repeated', async () => {
    const ownerId = '600000000000000050';
    h.fake.user(ownerId, 'closed_dms');
    h.fake.closeDms(ownerId);
    const deps = {
      ...h.deps,
      logger: capture.logger,
      notifier: createDiscordNotifier(h.client.rest, capture.logger),
    };
    await setCheckIn(deps, { ownerId, time: '10:00', timezone: 'UTC' });
    h.deps.clock.advance(hours(1) + 60_000);
    const summary = await runDueCheckIns(deps);
    h.deps.clock.advance(-(hours(1) + 60_000));
    expect(summary).toMatchObject({ due: 1, failed: 1, sent: 0 });
    expect(requestsSince(isMessagePost).map((r) => r.status)).toEqual([403]);
    const about = logsSince().filter((l) => JSON.stringify(l).includes(ownerId));
    expect(about).toHaveLength(1);
    expect(about[0]).toMatchObject({ level: 30, msg: 'DMs closed to the bot', ownerId, code: 50007 });
    expect((await h.services.checkInStatus(ownerId)).dmsReachable).toBe(false);
  });

  it('50013 on /share win: the owner is told what to fix, one log line, no retry', async () => {
    const user = h.fake.user('600000000000000060', 'sharer');
    await h.fake.command({
      name: 'cat',
      subcommand: 'add',
      user,
      guildId: h.guildId,
      options: { name: 'Pixel' },
    });
    mark = h.fake.requests.length;
    logMark = capture.lines.length;
    h.fake.failNext(
      { method: 'POST', path: /^\/channels\/\d+\/messages$/ },
      { status: 403, body: { code: 50013, message: 'Missing Permissions' } },
    );
    const share = await h.fake.command({
      name: 'share',
      subcommand: 'win',
      user,
      guildId: h.guildId,
      options: { message: 'Pixel walked to the door!' },
    });
    const reply = await share.reply();
    expect(reply.content).toMatch(/can't post in/);
    expect(requestsSince(isMessagePost)).toHaveLength(1);
    const about = logsSince().filter((l) => l.interactionId === share.id);
    expect(about).toHaveLength(1);
    expect(about[0]).toMatchObject({ code: 'missing_permission', command: 'share', userId: user.id });
  });

  it('10062 too late: logged once as expired, no second answer attempted', async () => {
    h.fake.failNext(
      { method: 'POST', path: /^\/interactions\/\d+\/[^/]+\/callback$/ },
      { status: 404, body: { code: 10062, message: 'Unknown interaction' } },
    );
    const help = h.fake.command({ name: 'help', guildId: h.guildId, timeoutMs: 1_500 });
    await expect(help).rejects.toThrow(/timed out/);
    expect(requestsSince((r) => r.path.endsWith('/callback')).map((r) => r.status)).toEqual([404]);
    const lines = logsSince().filter((l) => l.command === 'help');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 40, msg: 'could not answer an interaction', expired: true });
  });

  it('a gateway drop: one warning, one resume, and the bot keeps answering', async () => {
    const before = h.fake.gatewayCounters.resumes;
    await h.fake.disconnectGateway(4000);
    await h.fake.waitForResume({ before });
    await until(() => logsSince().some((l) => l.msg === 'gateway resumed'), 'the resume to be logged');
    const lines = logsSince().filter((l) => /gateway/.test(l.msg));
    expect(lines.map((l) => [l.level, l.msg])).toEqual([
      [40, 'gateway connection lost; reconnecting'],
      [30, 'gateway resumed'],
    ]);
    const help = await h.fake.command({ name: 'help', guildId: h.guildId });
    expect(help.type).toBe(4);
  });

  it('nothing above was logged as an error, and every body sent was valid', () => {
    expect(capture.lines.filter((l) => l.level >= 50)).toEqual([]);
    expect(h.fake.invalidBodies).toEqual([]);
  });
});
