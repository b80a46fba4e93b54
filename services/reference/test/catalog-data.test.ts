import { describe, expect, it } from 'vitest';
import { loadShippedCatalog } from '../src/catalog/catalog-data';
import { CATALOG_BASE_URL, generateCatalog } from '../src/catalog/generator/generate-catalog';
import { catalogVocabulary } from '../src/catalog/vocabulary';
import { COLOR_NAMES } from '../src/colors';

const products = loadShippedCatalog();

describe('the shipped catalog', () => {
  it('is exactly what the seeded generator produces', () => {
    expect(generateCatalog()).toEqual(products);
  });

  it('has at least 500 products over at least 15 product types', () => {
    expect(products.length).toBeGreaterThanOrEqual(500);
    expect(new Set(products.map((product) => product.product_type)).size).toBeGreaterThanOrEqual(15);
  });

  it('numbers products p-000001, p-000002, ...', () => {
    expect(products.map((product) => product.product_id)).toEqual(
      products.map((_, index) => `p-${String(index + 1).padStart(6, '0')}`),
    );
  });

  it('uses realistic values', () => {
    for (const product of products) {
      expect(product.rating).toBeGreaterThanOrEqual(3);
      expect(product.rating).toBeLessThanOrEqual(5);
      expect(product.price).toBeGreaterThan(0);
      expect(product.currency).toBe('USD');
      expect(product.colors.length).toBeGreaterThan(0);
      for (const color of product.colors) expect(COLOR_NAMES).toContain(color);
      expect(product.url).toBe(`${CATALOG_BASE_URL}/products/${product.product_id}`);
      expect(product.image_url.startsWith(`${CATALOG_BASE_URL}/`)).toBe(true);
      expect(product.title).toContain(product.brand);
    }
    const share = (predicate: (p: (typeof products)[number]) => boolean) =>
      products.filter(predicate).length / products.length;
    expect(share((product) => product.condition === 'new')).toBeGreaterThan(0.75);
    expect(share((product) => product.condition === 'refurbished')).toBeGreaterThan(0);
    expect(share((product) => product.condition === 'used')).toBeGreaterThan(0);
    expect(share((product) => product.in_stock)).toBeGreaterThan(0.75);
  });

  it('sizes products the way their type is sized', () => {
    const sizesOf = (productType: string) =>
      new Set(products.filter((p) => p.product_type === productType).flatMap((p) => p.sizes));
    expect([...sizesOf('shoes')].every((size) => /^\d+(\.5)?$/.test(size))).toBe(true);
    expect([...sizesOf('t-shirts')].every((size) => ['XS', 'S', 'M', 'L', 'XL', 'XXL'].includes(size))).toBe(
      true,
    );
    expect([...sizesOf('laptops')].every((size) => /^\d+ inch$/.test(size))).toBe(true);
  });
});

describe('catalogVocabulary', () => {
  it('lists distinct sorted brands, product types and colors', () => {
    const vocabulary = catalogVocabulary();
    expect(vocabulary.productTypes).toEqual(
      expect.arrayContaining(['shoes', 'headphones', 'laptops', 'jackets']),
    );
    expect(vocabulary.brands).toEqual(expect.arrayContaining(['Nike', 'Brooks', 'Sony', 'Bose', 'Lenovo']));
    expect(vocabulary.colors.every((color) => (COLOR_NAMES as readonly string[]).includes(color))).toBe(true);
    for (const list of Object.values(vocabulary)) {
      expect(new Set(list).size).toBe(list.length);
      expect(list).toEqual([...list].sort((a, b) => a.localeCompare(b, 'en')));
    }
  });
});
