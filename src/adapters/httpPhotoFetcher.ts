/** The PhotoFetcher port over HTTP (global fetch): downloads a shared photo from Discord's CDN. */
import { PhotoFetchError, type PhotoFetcher } from '../services/ports.js';

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

/** The PhotoFetcher main.ts gives the /share win use case. */
export const httpPhotoFetcher: PhotoFetcher = { fetchPhoto };
