import { z } from 'zod';
import { ConditionSchema } from './common';
import { ProductSchema } from './product';

export const SearchFiltersSchema = z.strictObject({
  price_min: z.number().nonnegative().optional(),
  price_max: z.number().nonnegative().optional(),
  brands: z.array(z.string().min(1)).max(50).optional(),
  colors: z.array(z.string().min(1)).max(50).optional(),
  sizes: z.array(z.string().min(1)).max(50).optional(),
  rating_min: z.number().min(0).max(5).optional(),
  condition: z.array(ConditionSchema).optional(),
  in_stock: z.boolean().optional(),
});
export type SearchFilters = z.infer<typeof SearchFiltersSchema>;

export const CatalogSearchRequestSchema = z.strictObject({
  query: z.string().max(1000).optional(),
  product_type: z.string().max(100).optional(),
  filters: SearchFiltersSchema.optional(),
  limit: z.number().int().min(1).max(100).default(20),
  cursor: z.string().max(500).optional(),
});
export type CatalogSearchRequest = z.input<typeof CatalogSearchRequestSchema>;

export const SearchHitSchema = ProductSchema.extend({
  /** Text relevance from the search engine; 0 when the query was empty. */
  relevance: z.number().nonnegative(),
});
export type SearchHit = z.infer<typeof SearchHitSchema>;

export const CatalogSearchResponseSchema = z.object({
  products: z.array(SearchHitSchema),
  total: z.number().int().nonnegative(),
  next_cursor: z.string().nullable(),
});
export type CatalogSearchResponse = z.infer<typeof CatalogSearchResponseSchema>;

export const ProductIdParamSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
