import type { IncomingMessage } from 'node:http';
import { ServiceError } from './errors';

const JSON_CONTENT_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/**
 * Reads and parses a JSON request body of at most `limitBytes`. A body that is not JSON (by its declared
 * content type or by its bytes) is a 415, a body over the limit a 413. Whatever is left unread when this
 * throws is discarded by node once the response has been sent, so the connection stays usable.
 */
export async function readJsonBody(request: IncomingMessage, limitBytes: number): Promise<unknown> {
  const contentType = request.headers['content-type'] ?? '';
  if (!JSON_CONTENT_TYPE.test(contentType)) {
    throw new ServiceError(
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      `request body must be application/json (got ${contentType === '' ? 'no content type' : contentType})`,
    );
  }
  const declaredLength = Number(request.headers['content-length']);
  if (Number.isFinite(declaredLength) && declaredLength > limitBytes) throw tooLarge(limitBytes);
  const text = (await readLimited(request, limitBytes)).toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    throw new ServiceError(415, 'INVALID_JSON', 'request body is not valid JSON');
  }
}

function readLimited(request: IncomingMessage, limitBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = (error: Error | null) => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onError);
      if (error) reject(error);
      else resolve(Buffer.concat(chunks, size));
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) stop(tooLarge(limitBytes));
      else chunks.push(chunk);
    };
    const onEnd = () => stop(null);
    const onError = (error: Error) => stop(error);
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onError);
  });
}

function tooLarge(limitBytes: number): ServiceError {
  return new ServiceError(413, 'PAYLOAD_TOO_LARGE', `request body exceeds ${limitBytes} bytes`);
}
