import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchPhoto, httpPhotoFetcher } from '../../src/adapters/httpPhotoFetcher.js';
import { declaredImageType, sniffImageType, uploadName } from '../../src/services/community/photos.js';
import { shareWin } from '../../src/services/community/shareWin.js';
import { setWinsChannel } from '../../src/services/community/winsChannel.js';
import { UserFacingError } from '../../src/services/errors.js';
import { PhotoFetchError } from '../../src/services/ports.js';
import { backendDeps } from '../support/factories.js';

const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(500, 7),
]);
const LIMIT = { maxBytes: 1000, timeoutMs: 2000 };

// A local stand-in for Discord's CDN, so the real fetch path (headers, streaming, timeout) runs.
const routes: Record<string, (res: ServerResponse) => void> = {
  '/good.png': (res) => res.writeHead(200, { 'content-type': 'image/png' }).end(PNG),
  '/declared-big.png': (res) => {
    res.writeHead(200, { 'content-type': 'image/png', 'content-length': '5000' });
    res.end(Buffer.alloc(5000));
  },
  '/streams-big.png': (res) => {
    // Chunked, no Content-Length: only counting the bytes can catch it.
    res.writeHead(200, { 'content-type': 'image/png' });
    const chunk = Buffer.alloc(400, 1);
    let sent = 0;
    const timer = setInterval(() => {
      if (res.destroyed || sent > 20) {
        clearInterval(timer);
        res.end();
        return;
      }
      res.write(chunk);
      sent++;
    }, 5);
  },
  '/missing.png': (res) => res.writeHead(404).end('not found'),
  '/slow.png': () => {
    // Never answers.
  },
};

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const route = routes[req.url ?? ''];
    if (route) route(res);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function reason(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(PhotoFetchError);
    return (error as PhotoFetchError).reason;
  }
  throw new Error('expected a PhotoFetchError');
}

describe('fetchPhoto (the HTTP PhotoFetcher main.ts gives /share win)', () => {
  it('downloads a photo with its content type', async () => {
    const photo = await fetchPhoto(`${base}/good.png`, LIMIT);
    expect(photo.data.equals(PNG)).toBe(true);
    expect(photo.contentType).toBe('image/png');
  });

  it('refuses a photo whose Content-Length is over the cap', async () => {
    expect(await reason(fetchPhoto(`${base}/declared-big.png`, LIMIT))).toBe('too_large');
  });

  it('stops reading as soon as a stream without Content-Length passes the cap', async () => {
    expect(await reason(fetchPhoto(`${base}/streams-big.png`, LIMIT))).toBe('too_large');
  });

  it('reports HTTP errors, timeouts and URLs it will not fetch', async () => {
    expect(await reason(fetchPhoto(`${base}/missing.png`, LIMIT))).toBe('http');
    expect(await reason(fetchPhoto(`${base}/slow.png`, { maxBytes: 1000, timeoutMs: 100 }))).toBe('timeout');
    expect(await reason(fetchPhoto('file:///etc/passwd', LIMIT))).toBe('bad_url');
    expect(await reason(fetchPhoto('not a url', LIMIT))).toBe('bad_url');
  });

  it('downloads for /share win when it is the PhotoFetcher given', async () => {
    const deps = { ...(await backendDeps()), photos: httpPhotoFetcher };
    await setWinsChannel(deps, { guildId: 'g1', channelId: 'wins', userId: 'admin', canManageGuild: true });
    const ok = await shareWin(deps, {
      ownerId: 'u1',
      guildId: 'g1',
      message: 'look!',
      photo: { url: `${base}/good.png`, name: 'good.png', contentType: 'image/png', size: PNG.length },
    });
    expect(ok.photoFailed).toBe(false);
    const failed = await shareWin(deps, {
      ownerId: 'u1',
      guildId: 'g1',
      message: 'look again!',
      photo: { url: `${base}/missing.png`, name: 'x.png', contentType: 'image/png', size: 10 },
    });
    expect(failed.photoFailed).toBe(true);
    const views = deps.notifier.posts.map((p) => (p.post.kind === 'win' ? p.post.view : null));
    expect(views.map((v) => [v?.photo?.data.length ?? null, v?.photoFailed])).toEqual([
      [PNG.length, false],
      [null, true],
    ]);
  });

  it('turns a download over 8 MiB into bad_photo for the owner', async () => {
    const deps = await backendDeps();
    await setWinsChannel(deps, { guildId: 'g1', channelId: 'wins', userId: 'admin', canManageGuild: true });
    const big = {
      fetchPhoto: (url: string, options: { maxBytes: number; timeoutMs: number }) =>
        // The real fetcher, with the cap shrunk so the test server's file counts as too big.
        fetchPhoto(url, { ...options, maxBytes: 100 }),
    };
    await expect(
      shareWin(
        { ...deps, photos: big },
        {
          ownerId: 'u1',
          guildId: 'g1',
          message: 'x',
          photo: { url: `${base}/good.png`, name: 'good.png', contentType: 'image/png', size: 10 },
        },
      ),
    ).rejects.toSatisfy((e) => e instanceof UserFacingError && e.code === 'bad_photo');
    expect(deps.notifier.posts).toHaveLength(0);
  });
});

describe('photo checks', () => {
  it.each([
    ['image/png', 'a.bin', 'image/png'],
    ['IMAGE/JPEG; charset=binary', 'a', 'image/jpeg'],
    ['image/webp', 'a.webp', 'image/webp'],
    ['image/heic', 'a.heic', null],
    ['text/html', 'a.png', null],
    [null, 'holiday.JPG', 'image/jpeg'],
    [null, 'a.gif', 'image/gif'],
    [null, 'a.svg', null],
    [null, 'noextension', null],
  ])('declared %s named %s → %s', (contentType, name, expected) => {
    expect(declaredImageType(contentType, name)).toBe(expected);
  });

  it('sniffs the real type from the first bytes', () => {
    expect(sniffImageType(PNG)).toBe('image/png');
    expect(sniffImageType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniffImageType(Buffer.from('GIF89a...'))).toBe('image/gif');
    expect(sniffImageType(Buffer.from('RIFF\0\0\0\0WEBPVP8 '))).toBe('image/webp');
    expect(sniffImageType(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
  });

  it('re-uploads under a plain name with the right extension', () => {
    expect(uploadName('../../etc/My Cat!.jpeg', 'image/png')).toBe('My_Cat.png');
    expect(uploadName('🐈.png', 'image/jpeg')).toBe('win.jpg');
  });
});
