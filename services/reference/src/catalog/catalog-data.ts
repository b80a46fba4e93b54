import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Product, ProductSchema } from '@talknshop/contracts';
import { z } from 'zod';

/** The committed, generated catalog the catalog service serves. */
export const SHIPPED_CATALOG_PATH = fileURLToPath(
  new URL('../../fixtures/catalog/catalog.json', import.meta.url),
);

/** Reads and validates the shipped catalog; a broken file fails loudly at start-up. */
export function loadShippedCatalog(): Product[] {
  return z.array(ProductSchema).parse(JSON.parse(readFileSync(SHIPPED_CATALOG_PATH, 'utf8')));
}
