import type { MediaInput } from '@talknshop/contracts';
import { invalidRequest, ServiceError } from '../http/errors';

export type MediaKind = 'audio' | 'image';

export interface MediaLoadOptions {
  /** Name of the request field holding the media, for error messages ("audio", "image"). */
  field: string;
  kind: MediaKind;
  maxBytes: number;
  fetchTimeoutMs: number;
  signal: AbortSignal;
}

const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/**
 * The bytes of inline (base64) or referenced (http/https URL) media. The declared content type must be of
 * the expected kind: anything else is a 400 UNSUPPORTED_MEDIA_TYPE naming `<field>.content_type`.
 */
export async function loadMedia(input: MediaInput, options: MediaLoadOptions): Promise<Buffer> {
  if (!new RegExp(`^${options.kind}/[\\w.+-]+\\s*(;.*)?$`, 'i').test(input.content_type)) {
    throw new ServiceError(
      400,
      'UNSUPPORTED_MEDIA_TYPE',
      `${options.field}.content_type must be ${options.kind}/* (got ${input.content_type})`,
      `${options.field}.content_type`,
    );
  }
  return 'data_base64' in input ? decodeBase64(input.data_base64, options) : fetchMedia(input.url, options);
}

function decodeBase64(text: string, { field, maxBytes }: MediaLoadOptions): Buffer {
  const compact = text.replace(/\s+/g, '');
  if (!BASE64.test(compact))
    throw invalidRequest(`${field}.data_base64 is not base64`, `${field}.data_base64`);
  const bytes = Buffer.from(compact, compact.includes('-') || compact.includes('_') ? 'base64url' : 'base64');
  if (bytes.length > maxBytes) throw tooLarge(field, maxBytes);
  return bytes;
}

async function fetchMedia(url: string, options: MediaLoadOptions): Promise<Buffer> {
  const { field, maxBytes } = options;
  const protocol = new URL(url).protocol;
  if (protocol !== 'http:' && protocol !== 'https:') {
    throw invalidRequest(`${field}.url must be http or https (got ${protocol})`, `${field}.url`);
  }
  let response: Response;
  try {
    response = await fetch(url, {
      signal: AbortSignal.any([options.signal, AbortSignal.timeout(options.fetchTimeoutMs)]),
    });
  } catch (error) {
    throw fetchFailed(field, `could not fetch ${field}.url: ${(error as Error).message}`);
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw fetchFailed(field, `fetching ${field}.url answered ${response.status}`);
  }
  return readCapped(response, field, maxBytes);
}

async function readCapped(response: Response, field: string, maxBytes: number): Promise<Buffer> {
  if (Number(response.headers.get('content-length') ?? 0) > maxBytes) {
    await response.body?.cancel();
    throw tooLarge(field, maxBytes);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const chunk of response.body ?? []) {
      size += chunk.length;
      if (size > maxBytes) throw tooLarge(field, maxBytes);
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof ServiceError) throw error;
    throw fetchFailed(field, `reading ${field}.url failed: ${(error as Error).message}`);
  }
  return Buffer.concat(chunks);
}

function fetchFailed(field: string, message: string): ServiceError {
  return new ServiceError(422, 'MEDIA_FETCH_FAILED', message, `${field}.url`);
}

function tooLarge(field: string, maxBytes: number): ServiceError {
  return new ServiceError(413, 'MEDIA_TOO_LARGE', `${field} exceeds ${maxBytes} bytes`, field);
}
