// Regenerates fixtures/catalog/catalog.json from the curated vocabularies: `pnpm run generate:catalog`.
import { writeFileSync } from 'node:fs';
import { SHIPPED_CATALOG_PATH } from '../src/catalog/catalog-data';
import { generateCatalog } from '../src/catalog/generator/generate-catalog';

const products = generateCatalog();
writeFileSync(SHIPPED_CATALOG_PATH, `${JSON.stringify(products, null, 2)}\n`);
console.log(`wrote ${products.length} products to ${SHIPPED_CATALOG_PATH}`);
