import type { Product } from '@talknshop/contracts';
import { z } from 'zod';
import { loadShippedCatalog } from './catalog-data';

/** What `GET /vocabulary` answers: the names a requirement extractor can recognise in the catalog. */
export const CatalogVocabularySchema = z.object({
  brands: z.array(z.string()),
  productTypes: z.array(z.string()),
  colors: z.array(z.string()),
});
export type CatalogVocabulary = z.infer<typeof CatalogVocabularySchema>;

/** Distinct brands, product types and colors of a catalog (the shipped one by default), sorted. */
export function catalogVocabulary(products: readonly Product[] = loadShippedCatalog()): CatalogVocabulary {
  return {
    brands: distinctSorted(products.map((product) => product.brand)),
    productTypes: distinctSorted(products.map((product) => product.product_type)),
    colors: distinctSorted(products.flatMap((product) => product.colors)),
  };
}

function distinctSorted(values: string[]): string[] {
  return [...new Set(values)].sort((a, b) => a.localeCompare(b, 'en'));
}
