/**
 * A proxy restart loses no check-in: the bot's own REST client (createClient, as a process with
 * DISCORD_REST_PROXY) repeats what is safe to repeat (a message with a nonce) when the proxy goes away,
 * and Discord's nonce deduplication makes a repeat of one that did arrive show once.
 */
import type { DmRequest } from '../../src/services/ports.js';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { DefaultRestOptions } from 'discord.js';
import { startFakeDiscord, type FakeDiscord } from '@leash-coach/fake-discord';
import { createClient, notifierFor } from '../../src/discord/bot.js';
import { DISCORD_GLOBAL_LIMIT } from '../../src/discord/paceRequests.js';
import { startProxy, type RunningProxy } from './support.js';

let fake: FakeDiscord;
const proxies: RunningProxy[] = [];
let bot: ReturnType<typeof createClient>;

beforeAll(async () => {
  fake = await startFakeDiscord({ rateLimits: true });
});

afterEach(async () => {
  await Promise.all(proxies.splice(0).map((p) => p.proxy.close(0)));
  await bot.destroy();
});

afterAll(async () => {
  await fake.close();
});

function botThrough(base: string) {
  bot = createClient({ restBase: base });
  bot.rest.setToken(fake.token);
  return notifierFor(bot);
}

const checkIn = (ownerId: string, dmChannelId: string): DmRequest => ({
  ownerId,
  dmChannelId,
  message: { kind: 'checkInConfirm', time: '19:00', timezone: 'Europe/Berlin' },
  nonce: `ci-${ownerId.slice(-12)}`,
});

it('the proxy dies after Discord took a check-in but before answering: the bot repeats it, it shows once', async () => {
  const owner = fake.user(undefined, 'mia');
  const dm = fake.openDmChannel(owner.id);
  let restarted: Promise<void> | undefined;
  const first: RunningProxy = await startProxy(fake.apiBase, {
    // Discord has answered; the proxy process dies before passing the answer on, then comes back.
    makeRequest: async (url, init) => {
      const response = await DefaultRestOptions.makeRequest(url, init);
      if (init.method === 'POST' && url.endsWith(`/channels/${dm}/messages`) && restarted === undefined) {
        await first.proxy.close(0);
        restarted = startProxy(fake.apiBase, { port: first.port, pace: DISCORD_GLOBAL_LIMIT }).then((p) => {
          proxies.push(p);
        });
      }
      return response;
    },
  });
  proxies.push(first);

  const sent = await botThrough(first.base).sendDm(checkIn(owner.id, dm));
  await restarted;

  const dms = fake.dmsTo(owner.id);
  expect(dms).toHaveLength(1);
  expect(sent.messageId).toBe(dms[0]?.id);
  // Two tries reached Discord; the second was recognised by its nonce.
  const posts = fake.requests.filter(
    (r) => r.method === 'POST' && r.path.endsWith(`/channels/${dm}/messages`),
  );
  expect(posts.map((r) => r.status)).toEqual([200, 200]);
});

it('a proxy stopped and restarted while the bot sends a batch: every check-in arrives exactly once', async () => {
  const owners = Array.from({ length: 60 }, (_, i) => fake.user(undefined, `owner${String(i)}`));
  const dms = new Map(owners.map((o) => [o.id, fake.openDmChannel(o.id)]));
  const before = fake.requests.length;
  const running = await startProxy(fake.apiBase);
  proxies.push(running);
  const notifier = botThrough(running.base);

  const sends = owners.map((o) => notifier.sendDm(checkIn(o.id, dms.get(o.id) ?? '')));
  // Mid-batch (the proxy holds a queue: 60 at 50/s), the proxy goes away at once, cutting requests in
  // flight and queued alike, and comes back on the same port.
  await expect.poll(() => fake.requests.length - before, { timeout: 5_000 }).toBeGreaterThanOrEqual(20);
  await running.proxy.close(0);
  // The real default: the new proxy first waits out the window its predecessor may have filled.
  proxies.push(
    await startProxy(fake.apiBase, {
      port: running.port,
      pace: { ...DISCORD_GLOBAL_LIMIT, startFull: true },
    }),
  );

  const results = await Promise.allSettled(sends);
  expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
  for (const owner of owners) expect(fake.dmsTo(owner.id)).toHaveLength(1);
  expect(fake.stats.globalRateLimited).toBe(0);
});

it('repeats nothing that is not safe: a message without a nonce cut off by the proxy fails instead', async () => {
  const channel = fake.addGuild({ name: 'No nonce' }).channel('general');
  let cut = false;
  const running: RunningProxy = await startProxy(fake.apiBase, {
    makeRequest: async (url, init) => {
      const response = await DefaultRestOptions.makeRequest(url, init);
      if (!cut) {
        cut = true;
        await running.proxy.close(0);
      }
      return response;
    },
  });
  proxies.push(running);
  botThrough(running.base);
  const sent = bot.rest.post(`/channels/${channel}/messages`, { body: { content: 'once only' } });
  await expect(sent).rejects.toThrow(/not repeated/);
  expect(fake.messagesIn(channel).map((m) => m.content)).toEqual(['once only']);
});

it('a proxy down for seconds (a real restart): the bot waits for it, and nothing is sent twice', async () => {
  const owner = fake.user(undefined, 'slowrestart');
  const dm = fake.openDmChannel(owner.id);
  const channel = fake.addGuild({ name: 'Down' }).channel('general');
  const running = await startProxy(fake.apiBase);
  await running.proxy.close(0);
  const notifier = botThrough(running.base);

  // Refused connections sent nothing: the check-in (nonce) and a plain message (none) both wait.
  const checkInSent = notifier.sendDm(checkIn(owner.id, dm));
  const plainSent = bot.rest.post(`/channels/${channel}/messages`, { body: { content: 'plain' } });
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  proxies.push(
    await startProxy(fake.apiBase, {
      port: running.port,
      pace: { ...DISCORD_GLOBAL_LIMIT, startFull: true },
    }),
  );

  await expect(checkInSent).resolves.toMatchObject({ dmChannelId: dm });
  await expect(plainSent).resolves.toMatchObject({ content: 'plain' });
  expect(fake.dmsTo(owner.id)).toHaveLength(1);
  expect(fake.messagesIn(channel).map((m) => m.content)).toEqual(['plain']);
});

it('a graceful stop lets the requests in flight finish', async () => {
  // The real default: just started, the proxy holds requests for one window, so these are in flight.
  const running = await startProxy(fake.apiBase, { pace: { ...DISCORD_GLOBAL_LIMIT, startFull: true } });
  const answers = Array.from({ length: 3 }, () =>
    fetch(`${running.base}/v10/users/@me`, { headers: { authorization: `Bot ${fake.token}` } }),
  );
  await expect.poll(() => running.proxy.inFlight).toBe(3);
  await running.proxy.close(10_000);
  const statuses = await Promise.all(answers.map(async (a) => (await a).status));
  expect(statuses).toEqual([200, 200, 200]);
  await expect(fetch(`${running.base}/v10/users/@me`)).rejects.toThrow();
});
