import { createHash } from 'node:crypto';
import type { SearchFilters } from '@talknshop/contracts';
import { z } from 'zod';
import { ServiceError } from '../http/errors';
import { normalizeText } from './filters';

export interface SearchIdentity {
  query: string;
  productType?: string;
  filters?: SearchFilters;
}

const CursorPayloadSchema = z.strictObject({
  offset: z.number().int().nonnegative(),
  search: z.string(),
});

/**
 * Cursors are opaque to callers: base64url JSON of the next offset and a fingerprint of the search, so a
 * cursor cannot be replayed against a different query or filters.
 */
export function encodeCursor(offset: number, identity: SearchIdentity): string {
  return Buffer.from(JSON.stringify({ offset, search: fingerprint(identity) })).toString('base64url');
}

/** The offset a cursor points at; 400 INVALID_CURSOR when it is garbled or belongs to another search. */
export function decodeCursor(cursor: string, identity: SearchIdentity): number {
  const payload = CursorPayloadSchema.safeParse(parseJson(Buffer.from(cursor, 'base64url').toString('utf8')));
  if (!payload.success) throw invalidCursor('cursor is not one this service issued');
  if (payload.data.search !== fingerprint(identity)) {
    throw invalidCursor('cursor belongs to a different query or filters');
  }
  return payload.data.offset;
}

function fingerprint({ query, productType, filters = {} }: SearchIdentity): string {
  const canonical = {
    query: normalizeText(query),
    product_type: productType === undefined ? null : normalizeText(productType),
    price_min: filters.price_min ?? null,
    price_max: filters.price_max ?? null,
    brands: sortedSet(filters.brands),
    colors: sortedSet(filters.colors),
    sizes: sortedSet(filters.sizes),
    rating_min: filters.rating_min ?? null,
    condition: sortedSet(filters.condition),
    in_stock: filters.in_stock ?? null,
  };
  return createHash('sha256').update(JSON.stringify(canonical)).digest('base64url').slice(0, 16);
}

function sortedSet(values: readonly string[] | undefined): string[] {
  return [...new Set((values ?? []).map(normalizeText))].sort();
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function invalidCursor(message: string): ServiceError {
  return new ServiceError(400, 'INVALID_CURSOR', message, 'cursor');
}
