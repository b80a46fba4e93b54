import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { InvalidCursorError } from './errors';

const MAX_CURSOR_CHARS = 4096;

/** Where the next page starts: a segment (one partition the listing walks) and a key inside it. */
export const CursorStateSchema = z.strictObject({
  /** Fingerprint of the query the cursor was issued for; a cursor only resumes that query. */
  query: z.string().max(64),
  segment: z.number().int().nonnegative().max(100_000),
  key: z.record(z.string().max(64), z.string().max(2048)).nullable(),
  /** The time range a listing resolved on its first page (defaults move with the clock). */
  range: z.strictObject({ from: z.iso.datetime(), to: z.iso.datetime() }).optional(),
});
export type CursorState = z.infer<typeof CursorStateSchema>;
export type CursorPosition = Omit<CursorState, 'query'>;

/**
 * Opaque, tamper-evident pagination cursors: `base64url(json).base64url(hmac-sha256(secret, body))`.
 * Decoding checks the signature, the payload's shape, and that it was issued for the same query.
 */
export class CursorCodec {
  readonly #secret: Buffer;

  constructor(secret: string | Uint8Array) {
    this.#secret = Buffer.from(secret);
    if (this.#secret.length < 16) throw new RangeError('cursor secret must be at least 16 bytes');
  }

  encode(query: object, position: CursorPosition): string {
    const state: CursorState = { query: fingerprint(query), ...position };
    const body = Buffer.from(JSON.stringify(state)).toString('base64url');
    return `${body}.${this.#sign(body).toString('base64url')}`;
  }

  decode(cursor: string, query: object): CursorPosition {
    const [body, signature, ...rest] = cursor.length <= MAX_CURSOR_CHARS ? cursor.split('.') : [];
    if (body === undefined || signature === undefined || rest.length > 0) throw new InvalidCursorError();
    const given = Buffer.from(signature, 'base64url');
    const expected = this.#sign(body);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new InvalidCursorError();
    const parsed = CursorStateSchema.safeParse(parseJson(Buffer.from(body, 'base64url').toString('utf8')));
    if (!parsed.success) throw new InvalidCursorError('invalid cursor: malformed payload');
    const { query: issuedFor, ...position } = parsed.data;
    if (issuedFor !== fingerprint(query))
      throw new InvalidCursorError('invalid cursor: issued for another query');
    return position;
  }

  #sign(body: string): Buffer {
    return createHmac('sha256', this.#secret).update(body).digest();
  }
}

/** Query descriptions are built with a fixed key order, so their JSON is a stable identity. */
function fingerprint(query: object): string {
  return createHash('sha256').update(JSON.stringify(query)).digest('base64url').slice(0, 22);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
