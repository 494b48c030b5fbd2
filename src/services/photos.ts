import { PhotoFetchError, type PhotoFetcher } from './ports.js';

/** Shared photos: Discord's own upload limit for bots without boosts, and how long a download may take. */
export const PHOTO_LIMITS = { maxBytes: 8 * 1024 * 1024, timeoutMs: 10_000 } as const;

/** The image formats a wins post may carry, with the extension the re-upload gets. */
export const IMAGE_TYPES = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
} as const;

export type ImageType = keyof typeof IMAGE_TYPES;

const EXTENSIONS: Readonly<Record<string, ImageType>> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  jfif: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
};

function isImageType(value: string): value is ImageType {
  return Object.hasOwn(IMAGE_TYPES, value);
}

/** 'image/PNG; charset=binary' → 'image/png'. */
function bareType(contentType: string): string {
  return (contentType.split(';')[0] ?? '').trim().toLowerCase();
}

/**
 * The image type of an attachment from what Discord declared: its content type, or, when that is
 * missing, its file extension. Null when it is not an image we can post.
 */
export function declaredImageType(contentType: string | null, name: string): ImageType | null {
  if (contentType !== null && contentType.trim() !== '') {
    const type = bareType(contentType);
    return isImageType(type) ? type : null;
  }
  const extension = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  return extension === undefined ? null : (EXTENSIONS[extension] ?? null);
}

/** The image type from the file's first bytes: what the data really is, whatever its name says. */
export function sniffImageType(data: Buffer): ImageType | null {
  if (
    data.length >= 8 &&
    data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  )
    return 'image/png';
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
  if (data.length >= 6 && /^GIF8[79]a$/.test(data.subarray(0, 6).toString('latin1'))) return 'image/gif';
  if (
    data.length >= 12 &&
    data.subarray(0, 4).toString('latin1') === 'RIFF' &&
    data.subarray(8, 12).toString('latin1') === 'WEBP'
  )
    return 'image/webp';
  return null;
}

/** A file name that is safe to upload again: plain characters, the right extension. */
export function uploadName(original: string, type: ImageType): string {
  const base = (original.split(/[/\\]/).pop() ?? '')
    .replace(/\.[^.]*$/, '')
    .replace(/[^A-Za-z0-9_-]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 60);
  return `${base === '' ? 'win' : base}.${IMAGE_TYPES[type]}`;
}

function toFetchError(error: unknown): PhotoFetchError {
  if (error instanceof PhotoFetchError) return error;
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError' || name === 'AbortError')
    return new PhotoFetchError('timeout', 'The download took too long');
  return new PhotoFetchError('network', error instanceof Error ? error.message : 'The download failed');
}

/**
 * Downloads a photo with global fetch: one timeout for the whole transfer, and a size cap checked
 * against Content-Length first and then on every chunk, so a lying header cannot fill the memory.
 */
export async function fetchPhoto(
  url: string,
  options: { readonly maxBytes: number; readonly timeoutMs: number },
): Promise<{ data: Buffer; contentType: string }> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw new PhotoFetchError('bad_url', 'Not a URL');
  }
  if (target.protocol !== 'https:' && target.protocol !== 'http:') {
    throw new PhotoFetchError('bad_url', `Unsupported protocol ${target.protocol}`);
  }
  try {
    const response = await fetch(target, { signal: AbortSignal.timeout(options.timeoutMs) });
    if (!response.ok) {
      await response.body?.cancel();
      throw new PhotoFetchError('http', `HTTP ${response.status}`);
    }
    const declared = Number(response.headers.get('content-length') ?? '0');
    if (Number.isFinite(declared) && declared > options.maxBytes) {
      await response.body?.cancel();
      throw new PhotoFetchError('too_large', `Content-Length ${declared} over ${options.maxBytes}`);
    }
    const contentType = response.headers.get('content-type') ?? '';
    if (!response.body) return { data: Buffer.alloc(0), contentType };
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > options.maxBytes) {
        await reader.cancel();
        throw new PhotoFetchError('too_large', `More than ${options.maxBytes} bytes`);
      }
      chunks.push(value);
    }
    return { data: Buffer.concat(chunks, total), contentType };
  } catch (error) {
    throw toFetchError(error);
  }
}

/** The PhotoFetcher used when deps bring none. */
export const defaultPhotoFetcher: PhotoFetcher = { fetchPhoto };
