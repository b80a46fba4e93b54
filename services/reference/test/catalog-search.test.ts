import {
  type CatalogSearchRequest,
  type CatalogSearchResponse,
  CatalogSearchResponseSchema,
  type Product,
  ProductSchema,
  type SearchHit,
} from '@talknshop/contracts';
import { describe, expect, it } from 'vitest';
import { loadShippedCatalog } from '../src/catalog/catalog-data';
import { type ErrorBody, get, post, useService } from './helpers';

const catalog = useService('catalog');
const shipped = loadShippedCatalog();

async function search(body: CatalogSearchRequest): Promise<CatalogSearchResponse> {
  const response = await post(`${catalog.url}/search`, body);
  expect(response.status).toBe(200);
  return CatalogSearchResponseSchema.parse(response.body);
}

/** Follows next_cursor to the end, checking every match is visited exactly once. */
async function searchAll(body: CatalogSearchRequest): Promise<{ products: SearchHit[]; total: number }> {
  const products: SearchHit[] = [];
  let page = await search({ ...body, limit: body.limit ?? 100 });
  const total = page.total;
  products.push(...page.products);
  while (page.next_cursor !== null) {
    page = await search({ ...body, limit: body.limit ?? 100, cursor: page.next_cursor });
    expect(page.total).toBe(total);
    products.push(...page.products);
  }
  expect(products).toHaveLength(total);
  expect(new Set(products.map((product) => product.product_id)).size).toBe(total);
  return { products, total };
}

function ids(products: readonly Product[]): string[] {
  return products.map((product) => product.product_id).sort();
}

function expectedIds(predicate: (product: Product) => boolean): string[] {
  return ids(shipped.filter(predicate));
}

describe('relevance', () => {
  it('puts red running shoes first for "red running shoes"', async () => {
    const { products } = await search({ query: 'red running shoes', limit: 5 });
    expect(products.length).toBe(5);
    for (const product of products) {
      expect(product.product_type).toBe('shoes');
      expect(product.title).toMatch(/Running Shoes/);
      expect(product.colors).toContain('red');
    }
    expect(products[0]?.title).toMatch(/- Red/);
  });

  it('returns only Sony headphones for "sony headphones", best first', async () => {
    const result = await searchAll({ query: 'sony headphones' });
    expect(ids(result.products)).toEqual(
      expectedIds((product) => product.brand === 'Sony' && product.product_type === 'headphones'),
    );
    const relevances = result.products.map((product) => product.relevance);
    expect(relevances).toEqual([...relevances].sort((a, b) => b - a));
    expect(relevances.every((relevance) => relevance > 0)).toBe(true);
  });

  it('finds laptops, not laptop backpacks, for "laptop for school"', async () => {
    const { products } = await search({ query: 'laptop for school', limit: 3 });
    expect(products.map((product) => product.product_type)).toEqual(['laptops', 'laptops', 'laptops']);
  });

  it('finds noise cancelling headphones', async () => {
    const { products } = await search({ query: 'noise cancelling headphones', limit: 10 });
    expect(products).toHaveLength(10);
    for (const product of products) {
      expect(product.product_type).toBe('headphones');
      expect(product.title).toMatch(/Noise Cancelling/);
    }
  });

  it('tolerates typos and plurals', async () => {
    const [typo, plural] = await Promise.all([
      search({ query: 'headphnes', limit: 3 }),
      search({ query: 'laptops', limit: 3 }),
    ]);
    expect(typo.products.map((product) => product.product_type)).toEqual([
      'headphones',
      'headphones',
      'headphones',
    ]);
    expect(plural.products.map((product) => product.product_type)).toEqual(['laptops', 'laptops', 'laptops']);
  });

  it('finds nothing for a query that matches no product', async () => {
    const result = await search({ query: 'zzzyzx qqqwv' });
    expect(result).toEqual({ products: [], total: 0, next_cursor: null });
  });
});

describe('filters, each checked against the shipped catalog', () => {
  const cases: [string, CatalogSearchRequest, (product: Product) => boolean][] = [
    ['product_type', { product_type: 'laptops' }, (p) => p.product_type === 'laptops'],
    ['product_type in the singular', { product_type: 'Laptop' }, (p) => p.product_type === 'laptops'],
    [
      'brands, ignoring case',
      { filters: { brands: ['nike', 'ADIDAS'] } },
      (p) => ['Nike', 'Adidas'].includes(p.brand),
    ],
    ['price range', { filters: { price_min: 50, price_max: 100 } }, (p) => p.price >= 50 && p.price <= 100],
    [
      'colors',
      { filters: { colors: ['red', 'Navy'] } },
      (p) => p.colors.includes('red') || p.colors.includes('navy'),
    ],
    ['sizes', { filters: { sizes: ['10.5'] } }, (p) => p.sizes.includes('10.5')],
    ['rating_min', { filters: { rating_min: 4.7 } }, (p) => p.rating >= 4.7],
    ['condition', { filters: { condition: ['refurbished', 'used'] } }, (p) => p.condition !== 'new'],
    ['in_stock false', { filters: { in_stock: false } }, (p) => !p.in_stock],
    [
      'everything at once, with a query',
      {
        query: 'running shoes',
        product_type: 'shoes',
        filters: {
          price_max: 150,
          colors: ['black'],
          sizes: ['9'],
          rating_min: 4,
          condition: ['new'],
          in_stock: true,
        },
      },
      (p) =>
        p.product_type === 'shoes' &&
        /running/i.test(`${p.title} ${p.description}`) &&
        p.price <= 150 &&
        p.colors.includes('black') &&
        p.sizes.includes('9') &&
        p.rating >= 4 &&
        p.condition === 'new' &&
        p.in_stock,
    ],
  ];

  it.each(cases)('%s', async (_name, body, predicate) => {
    const expected = expectedIds(predicate);
    expect(expected.length).toBeGreaterThan(0);
    const result = await searchAll(body);
    expect(ids(result.products)).toEqual(expected);
  });

  it('lists by rating when the query is empty', async () => {
    const { products } = await searchAll({ filters: { brands: ['Apple'] } });
    expect(products.every((product) => product.relevance === 0)).toBe(true);
    const ratings = products.map((product) => product.rating);
    expect(ratings).toEqual([...ratings].sort((a, b) => b - a));
  });

  it('treats empty filter lists as no filter', async () => {
    const [none, empty] = await Promise.all([
      search({ query: 'jacket', limit: 100 }),
      search({ query: 'jacket', limit: 100, filters: { brands: [], colors: [], sizes: [], condition: [] } }),
    ]);
    expect(empty.total).toBe(none.total);
  });

  it('keeps pages contiguous and complete for small limits', async () => {
    const body = { query: 'shoes', filters: { in_stock: true } };
    const small = await searchAll({ ...body, limit: 7 });
    const large = await searchAll({ ...body, limit: 100 });
    expect(small.products.map((product) => product.product_id)).toEqual(
      large.products.map((product) => product.product_id),
    );
    expect(small.total).toBe(expectedIds((p) => p.product_type === 'shoes' && p.in_stock).length);
  });
});

describe('cursors', () => {
  it('rejects a garbled cursor', async () => {
    const response = await post<ErrorBody>(`${catalog.url}/search`, {
      query: 'shoes',
      cursor: 'not-a-cursor',
    });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'INVALID_CURSOR', field: 'cursor' });
  });

  it('rejects a cursor used with a different query or filters', async () => {
    const first = await search({ query: 'shoes', limit: 5 });
    expect(first.next_cursor).not.toBeNull();
    for (const body of [
      { query: 'jackets', cursor: first.next_cursor },
      { query: 'shoes', filters: { in_stock: true }, cursor: first.next_cursor },
    ]) {
      const response = await post<ErrorBody>(`${catalog.url}/search`, body);
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('INVALID_CURSOR');
    }
  });

  it('accepts a cursor with the same search spelled differently', async () => {
    const first = await search({ query: 'Shoes', filters: { brands: ['Nike', 'Adidas'] }, limit: 5 });
    const second = await search({
      query: '  shoes ',
      filters: { brands: ['adidas', 'nike'] },
      limit: 5,
      cursor: first.next_cursor ?? undefined,
    });
    expect(second.products[0]?.product_id).not.toBe(first.products[0]?.product_id);
  });
});

describe('GET /products/{product_id}', () => {
  it('returns the product', async () => {
    const expected = shipped[42] as Product;
    const response = await get(`${catalog.url}/products/${expected.product_id}`);
    expect(response.status).toBe(200);
    expect(ProductSchema.parse(response.body)).toEqual(expected);
  });

  it('answers 404 PRODUCT_NOT_FOUND for an unknown id', async () => {
    const response = await get<ErrorBody>(`${catalog.url}/products/p-999999`);
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('PRODUCT_NOT_FOUND');
  });

  it('answers 400 for an id that cannot exist', async () => {
    const response = await get<ErrorBody>(`${catalog.url}/products/${encodeURIComponent('bad id!')}`);
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'INVALID_REQUEST', field: 'product_id' });
  });
});

describe('GET /vocabulary', () => {
  it('lists the brands, product types and colors of the catalog', async () => {
    const response = await get<{ brands: string[]; productTypes: string[]; colors: string[] }>(
      `${catalog.url}/vocabulary`,
    );
    expect(response.status).toBe(200);
    expect(response.body.productTypes).toEqual([...new Set(shipped.map((p) => p.product_type))].sort());
    expect(response.body.brands).toEqual(expect.arrayContaining(['Sony', 'Nike', 'Dell', 'Hoka']));
    expect(response.body.colors).toEqual(expect.arrayContaining(['red', 'blue', 'black']));
  });
});
