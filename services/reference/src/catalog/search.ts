import type { CatalogSearchRequestSchema, CatalogSearchResponse } from '@talknshop/contracts';
import type { z } from 'zod';
import { decodeCursor, encodeCursor, type SearchIdentity } from './cursor';
import { productFilter } from './filters';
import type { CatalogIndex } from './search-index';

type SearchRequest = z.output<typeof CatalogSearchRequestSchema>;

/** One page of a catalog search: relevance order, every filter applied, cursor pagination. */
export function searchCatalog(index: CatalogIndex, request: SearchRequest): CatalogSearchResponse {
  const identity: SearchIdentity = {
    query: request.query ?? '',
    productType: request.product_type,
    filters: request.filters,
  };
  const offset = request.cursor === undefined ? 0 : decodeCursor(request.cursor, identity);
  const hits = index.search(
    identity.query,
    productFilter({ productType: request.product_type, filters: request.filters }),
  );
  const end = offset + request.limit;
  return {
    products: hits.slice(offset, end).map(({ product, relevance }) => ({ ...product, relevance })),
    total: hits.length,
    next_cursor: end < hits.length ? encodeCursor(end, identity) : null,
  };
}
