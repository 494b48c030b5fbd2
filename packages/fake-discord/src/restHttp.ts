import type { IncomingMessage } from 'node:http';
import { asString, type JsonObject } from './json.js';
import type { RecordedFile } from './types.js';

export interface RouteContext {
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  files: RecordedFile[];
}

export interface RouteResult {
  status: number;
  body?: unknown;
}

export type RouteHandler = (ctx: RouteContext) => Promise<RouteResult> | RouteResult;

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: JsonObject,
  ) {
    super(asString(body.message) ?? `HTTP ${status}`);
  }
}

export const notFound = (code: number, message: string): HttpError => new HttpError(404, { message, code });

export function param(ctx: RouteContext, name: string): string {
  const value = ctx.params[name];
  if (value === undefined) throw new Error(`route parameter ${name} missing`);
  return value;
}

const CONTENT_TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  json: 'application/json',
  txt: 'text/plain; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  pdf: 'application/pdf',
};

/** Discord derives an attachment's content type from its file name when the upload does not say. */
function contentTypeFor(name: string): string {
  const ext = name.split('.').pop()?.toLowerCase() ?? '';
  return CONTENT_TYPES[ext] ?? 'application/octet-stream';
}

export async function parseBody(
  req: IncomingMessage,
  raw: Buffer,
): Promise<{ body: unknown; files: RecordedFile[] }> {
  const type = req.headers['content-type'] ?? '';
  if (raw.length === 0) return { body: undefined, files: [] };
  if (type.startsWith('multipart/form-data')) {
    const request = new Request('http://fake.local/', {
      method: 'POST',
      headers: { 'content-type': type },
      body: raw,
    });
    // Bodies here are small and come from the bot under test, so undici's parser is fine.
    // eslint-disable-next-line @typescript-eslint/no-deprecated
    const form = await request.formData();
    let body: unknown = {};
    const indexed: { index: number; file: RecordedFile }[] = [];
    for (const [key, value] of form.entries()) {
      if (typeof value === 'string') {
        if (key === 'payload_json') body = JSON.parse(value) as unknown;
        continue;
      }
      const data = Buffer.from(await value.arrayBuffer());
      const match = /^files\[(\d+)\]$/.exec(key) ?? /^file(\d*)$/.exec(key);
      const index = match?.[1] ? Number(match[1]) : indexed.length;
      const contentType =
        value.type && value.type !== 'application/octet-stream' ? value.type : contentTypeFor(value.name);
      indexed.push({ index, file: { name: value.name, contentType, size: data.length, data } });
    }
    indexed.sort((a, b) => a.index - b.index);
    return { body, files: indexed.map((f) => f.file) };
  }
  const text = raw.toString('utf8');
  try {
    return { body: JSON.parse(text) as unknown, files: [] };
  } catch {
    throw new HttpError(400, { message: '400: Bad Request', code: 50109 });
  }
}
