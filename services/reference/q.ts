import { loadShippedCatalog } from './src/catalog/catalog-data';
import { searchCatalog } from './src/catalog/search';
import { CatalogIndex } from './src/catalog/search-index';

const index = new CatalogIndex(loadShippedCatalog());
for (const q of [
  'red running shoes',
  'sony headphones',
  'noise cancelling headphones',
  'laptop for school',
  'blue rain jacket',
  'I want to buy something nice',
  'laptops',
  'sneakers',
  'headphnes',
  'tshirt',
  't-shirt',
  'black shoes',
  'espresso',
  'macbook',
]) {
  const t0 = performance.now();
  const r = searchCatalog(index, { query: q, limit: 5 });
  console.log(`\n${q}: total ${r.total} (${(performance.now() - t0).toFixed(1)}ms)`);
  for (const p of r.products) console.log('  ', p.relevance, p.title, p.colors.join(','));
}
