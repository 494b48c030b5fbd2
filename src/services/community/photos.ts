/** Shared photos: what a wins post may carry, checked before and after the download. */

/** Discord's own upload limit for bots without boosts, and how long a download may take. */
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
