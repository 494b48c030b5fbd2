/**
 * What goes through the REST proxy arrives as the bot sent it: JSON and multipart bodies, query strings,
 * the headers Discord reads; answers come back with their status and body, without the rate-limit
 * headers (the proxy holds the limits). A 429 is waited out and the request repeated with the same body;
 * a 5xx is not repeated by the proxy (only the sender knows whether that is safe).
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiscordAPIError, HTTPError, Routes } from 'discord.js';
import { startFakeDiscord, type FakeDiscord } from '@leash-coach/fake-discord';
import { clientOf, startProxy, type RunningProxy } from './support.js';

let fake: FakeDiscord;
let running: RunningProxy;
let channelId: string;

beforeAll(async () => {
  fake = await startFakeDiscord();
  channelId = fake.addGuild({ name: 'Proxy Club' }).channel('general');
  running = await startProxy(fake.apiBase);
});

afterAll(async () => {
  await running.proxy.close(0);
  await fake.close();
});

const MESSAGES = /^\/channels\/\d+\/messages$/;

describe('through the REST proxy', () => {
  it('creates, reads, edits and deletes a message as the bot asked', async () => {
    const rest = clientOf(running.base, fake.token);
    const created = (await rest.post(Routes.channelMessages(channelId), {
      body: { content: 'hello through the proxy', nonce: 'n-1', enforce_nonce: true },
    })) as { id: string; content: string };
    expect(created.content).toBe('hello through the proxy');

    const read = (await rest.get(Routes.channelMessage(channelId, created.id))) as { id: string };
    expect(read.id).toBe(created.id);
    await rest.patch(Routes.channelMessage(channelId, created.id), { body: { content: 'edited' } });
    expect(fake.messagesIn(channelId).find((m) => m.id === created.id)).toMatchObject({
      content: 'edited',
      nonce: 'n-1',
      edits: 1,
    });
    await rest.delete(Routes.channelMessage(channelId, created.id));
    expect(fake.messagesIn(channelId).some((m) => m.id === created.id)).toBe(false);
    expect(fake.requests.at(-1)).toMatchObject({ method: 'DELETE', status: 204 });
    expect(fake.invalidBodies).toEqual([]);
  });

  it('passes query strings through', async () => {
    const rest = clientOf(running.base, fake.token);
    await rest.get(Routes.channel(channelId), {
      query: new URLSearchParams({ with_counts: 'true', a: 'b c' }),
    });
    const seen = fake.requests.filter((r) => r.method === 'GET' && r.path.endsWith(`/channels/${channelId}`));
    expect(seen.at(-1)?.query).toBe('?with_counts=true&a=b+c');
  });

  it('uploads files (multipart) intact', async () => {
    const rest = clientOf(running.base, fake.token);
    const photo = randomBytes(200_000);
    const notes = Buffer.from('first walk: 3 steps on the leash\n');
    const created = (await rest.post(Routes.channelMessages(channelId), {
      body: { content: 'with files', nonce: 'n-files', enforce_nonce: true },
      files: [
        { name: 'cat.png', data: photo, contentType: 'image/png' },
        { name: 'notes.txt', data: notes, contentType: 'text/plain' },
      ],
    })) as { id: string };

    const message = fake.messagesIn(channelId).find((m) => m.id === created.id);
    expect(message?.content).toBe('with files');
    expect(message?.files.map((f) => [f.name, f.size])).toEqual([
      ['cat.png', photo.length],
      ['notes.txt', notes.length],
    ]);
    expect(message?.files[0]?.data.equals(photo)).toBe(true);
    expect(message?.files[1]?.data.equals(notes)).toBe(true);
  });

  it('repeats a multipart request after a 429 with the same body', async () => {
    const rest = clientOf(running.base, fake.token);
    fake.failNext(
      { method: 'POST', path: MESSAGES },
      {
        status: 429,
        headers: { 'retry-after': '0', 'x-ratelimit-scope': 'user' },
        body: { message: 'You are being rate limited.', retry_after: 0.05, global: false },
      },
    );
    const before = fake.requests.length;
    const photo = randomBytes(50_000);
    const created = (await rest.post(Routes.channelMessages(channelId), {
      body: { content: 'after a 429', nonce: 'n-429', enforce_nonce: true },
      files: [{ name: 'cat.png', data: photo, contentType: 'image/png' }],
    })) as { id: string };

    const tries = fake.requests
      .slice(before)
      .filter((r) => r.method === 'POST' && MESSAGES.test(r.path.slice(8)));
    expect(tries.map((r) => r.status)).toEqual([429, 200]);
    const message = fake.messagesIn(channelId).find((m) => m.id === created.id);
    expect(message?.content).toBe('after a 429');
    expect(message?.files[0]?.data.equals(photo)).toBe(true);
    expect(fake.invalidBodies).toEqual([]);
  });

  it('does not repeat a request after a 5xx: the sender decides', async () => {
    const rest = clientOf(running.base, fake.token, { retries: 0 });
    fake.failNext({ method: 'POST', path: MESSAGES }, { status: 502 });
    const before = fake.requests.length;
    const sent = rest.post(Routes.channelMessages(channelId), { body: { content: 'no nonce' } });
    await expect(sent).rejects.toBeInstanceOf(HTTPError);
    await expect(sent).rejects.toMatchObject({ status: 502 });
    expect(fake.requests.slice(before).map((r) => r.status)).toEqual([502]);
    expect(fake.messagesIn(channelId).some((m) => m.content === 'no nonce')).toBe(false);
  });

  it("answers Discord's errors with their status and code", async () => {
    const rest = clientOf(running.base, fake.token);
    const owner = fake.user(undefined, 'closed');
    fake.closeDms(owner.id);
    const dm = fake.openDmChannel(owner.id);
    const sent = rest.post(Routes.channelMessages(dm), { body: { content: 'hi' } });
    await expect(sent).rejects.toBeInstanceOf(DiscordAPIError);
    await expect(sent).rejects.toMatchObject({ status: 403, code: 50007 });
    // A wrong token is Discord's 401, passed back; the proxy holds no token of its own.
    await expect(clientOf(running.base, 'not.a.token').get(Routes.user())).rejects.toMatchObject({
      status: 401,
    });
  });
});

describe('headers', () => {
  let upstream: Server;
  let seen: { method: string; url: string; headers: IncomingHttpHeaders; body: string }[];
  let proxy: RunningProxy;

  beforeAll(async () => {
    seen = [];
    upstream = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
        res.writeHead(200, {
          'content-type': 'application/json',
          'x-ratelimit-limit': '5',
          'x-ratelimit-remaining': '4',
          'x-ratelimit-reset-after': '1',
          'x-ratelimit-bucket': 'abc',
          'x-custom': 'kept',
        });
        res.end(JSON.stringify({ ok: true }));
      });
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    proxy = await startProxy(`http://127.0.0.1:${String((upstream.address() as AddressInfo).port)}/api`);
  });

  afterAll(async () => {
    await proxy.proxy.close(0);
    upstream.closeAllConnections();
    await new Promise((resolve) => upstream.close(resolve));
  });

  it('forwards Authorization, Content-Type and X-Audit-Log-Reason, and drops rate-limit headers from answers', async () => {
    const response = await fetch(`${proxy.base}/v10/guilds/123456789012345678/members/1?x=1`, {
      method: 'PATCH',
      headers: {
        authorization: 'Bot abc.def.ghi',
        'content-type': 'application/json',
        'x-audit-log-reason': encodeURIComponent('timed out: spam'),
        cookie: 'not forwarded',
      },
      body: JSON.stringify({ nick: 'Mochi' }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
    expect(response.headers.get('x-custom')).toBe('kept');
    expect([...response.headers.keys()].filter((name) => name.startsWith('x-ratelimit'))).toEqual([]);

    const [request] = seen;
    expect(request).toMatchObject({
      method: 'PATCH',
      url: '/api/v10/guilds/123456789012345678/members/1?x=1',
      body: '{"nick":"Mochi"}',
    });
    expect(request?.headers).toMatchObject({
      authorization: 'Bot abc.def.ghi',
      'content-type': 'application/json',
      'x-audit-log-reason': 'timed%20out%3A%20spam',
    });
    expect(request?.headers.cookie).toBeUndefined();
  });

  it('answers 405 to a method Discord does not have, and keeps serving', async () => {
    const response = await fetch(`${proxy.base}/v10/users/@me`, { method: 'OPTIONS' });
    expect(response.status).toBe(405);
    expect((await fetch(`${proxy.base}/v10/users/@me`)).status).toBe(200);
  });
});
