import {
  ComposeResponseSchema,
  type RankedProduct,
  RankResponseSchema,
  type Requirements,
  type SearchHit,
} from '@talknshop/contracts';
import { describe, expect, it } from 'vitest';
import { type ErrorBody, post, useService } from './helpers';

const composer = useService('composer');

function hit(id: string, overrides: Partial<SearchHit>): SearchHit {
  return {
    product_id: id,
    title: `Product ${id}`,
    description: 'Lightweight road running shoes with foam cushioning.',
    product_type: 'shoes',
    brand: 'Nike',
    price: 89.99,
    currency: 'USD',
    colors: ['red'],
    sizes: ['9', '10'],
    material: 'mesh',
    rating: 4.5,
    review_count: 1234,
    condition: 'new',
    in_stock: true,
    image_url: `https://catalog.talknshop.example/images/${id}.jpg`,
    url: `https://catalog.talknshop.example/products/${id}`,
    relevance: 10,
    ...overrides,
  };
}

const redNikeRunningShoesUnder100: Requirements = {
  product_type: 'shoes',
  keywords: ['running'],
  attributes: { color: ['red'], size: ['10'] },
  price: { min: null, max: 100, currency: 'USD' },
  brands: ['Nike'],
  rating_min: 4,
  condition: null,
};

const candidates: SearchHit[] = [
  hit('p-adidas', {
    brand: 'Adidas',
    title: 'Adidas Adizero SL2 Road Running Shoes - Red',
    price: 79.99,
    relevance: 14,
  }),
  hit('p-blue', { title: 'Nike Pegasus 41 Road Running Shoes - Blue', colors: ['blue'], relevance: 14 }),
  hit('p-pricey', { title: 'Nike Vomero 18 Road Running Shoes - Red', price: 149.99, relevance: 15 }),
  hit('p-match', { title: 'Nike Pegasus 41 Road Running Shoes - Red', price: 89.99, relevance: 12 }),
  hit('p-low-rated', { title: 'Nike Revolution 7 Running Shoes - Red', rating: 3.4, relevance: 13 }),
];

async function rank(requirements: Requirements, products: SearchHit[]) {
  const response = await post(`${composer.url}/rank`, { requirements, products });
  expect(response.status).toBe(200);
  return RankResponseSchema.parse(response.body).products;
}

describe('POST /rank', () => {
  it('puts the in-budget, right-color, right-brand product first and says why', async () => {
    const ranked = await rank(redNikeRunningShoesUnder100, candidates);
    expect(ranked.map((product) => product.product_id)[0]).toBe('p-match');
    const best = ranked[0]!;
    expect(best.why_ranked).toEqual(
      expect.arrayContaining([
        'shoes as requested',
        'within budget ($89.99 ≤ $100, $10.01 under)',
        'brand Nike as requested',
        'available in red',
        'available in size 10',
        'meets your 4★ minimum',
        'rated 4.5★ (1,234 reviews)',
      ]),
    );
    expect(best.score).toBeGreaterThan(ranked[1]!.score);
  });

  it('explains what each other product misses', async () => {
    const ranked = await rank(redNikeRunningShoesUnder100, candidates);
    const why = Object.fromEntries(ranked.map((product) => [product.product_id, product.why_ranked]));
    expect(why['p-adidas']).toContain('brand Adidas, not Nike');
    expect(why['p-blue']).toContain('not available in red (comes in blue)');
    expect(why['p-pricey']).toContain('over budget by $49.99 ($149.99 > $100)');
    expect(why['p-low-rated']).toContain('below your 4★ minimum (3.4★)');
  });

  it('returns the same order whatever the input order', async () => {
    const forward = await rank(redNikeRunningShoesUnder100, candidates);
    const backward = await rank(redNikeRunningShoesUnder100, [...candidates].reverse());
    expect(backward).toEqual(forward);
  });

  it('breaks exact ties by product id', async () => {
    const twins = [hit('p-b', {}), hit('p-a', {}), hit('p-c', {})];
    const ranked = await rank(redNikeRunningShoesUnder100, twins);
    expect(ranked.map((product) => product.product_id)).toEqual(['p-a', 'p-b', 'p-c']);
    expect(new Set(ranked.map((product) => product.score)).size).toBe(1);
  });

  it('ranks by relevance and rating when there are no requirements', async () => {
    const none: Requirements = {
      product_type: null,
      keywords: [],
      attributes: {},
      price: null,
      brands: [],
      rating_min: null,
      condition: null,
    };
    const ranked = await rank(none, [hit('p-weak', { relevance: 1 }), hit('p-strong', { relevance: 20 })]);
    expect(ranked.map((product) => product.product_id)).toEqual(['p-strong', 'p-weak']);
    expect(ranked[0]!.why_ranked).toContain('strong match for your search');
  });

  it('answers 400 naming the field for a malformed request', async () => {
    const response = await post<ErrorBody>(`${composer.url}/rank`, {
      requirements: { ...redNikeRunningShoesUnder100, rating_min: 7 },
      products: [],
    });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'INVALID_REQUEST', field: 'requirements.rating_min' });
  });
});

describe('POST /compose', () => {
  async function compose(body: unknown) {
    const response = await post(`${composer.url}/compose`, body);
    expect(response.status).toBe(200);
    return ComposeResponseSchema.parse(response.body);
  }

  async function ranked(): Promise<RankedProduct[]> {
    return rank(redNikeRunningShoesUnder100, candidates);
  }

  it('names the top matches with their prices and makes cards', async () => {
    const products = await ranked();
    const result = await compose({ requirements: redNikeRunningShoesUnder100, products, max_cards: 3 });
    expect(result.reply).toContain(
      'Here are the top matches for red running shoes from Nike in size 10 under $100',
    );
    expect(result.reply).toContain('Nike Pegasus 41 Road Running Shoes - Red ($89.99)');
    expect(result.cards.map((card) => card.product_id)).toEqual(
      products.slice(0, 3).map((p) => p.product_id),
    );
    expect(result.cards[0]).toMatchObject({
      subtitle: 'Nike · 4.5★ (1,234 reviews)',
      price: 89.99,
      currency: 'USD',
      badges: ['Best match', 'Under budget', 'Top rated'],
    });
  });

  it('says which requirements were relaxed', async () => {
    const products = await ranked();
    const result = await compose({
      requirements: redNikeRunningShoesUnder100,
      products,
      relaxed: ['brand', 'price'],
    });
    expect(result.reply).toMatch(/relaxed the brand and price requirements/);
    expect(result.cards).toHaveLength(5);
  });

  it('says when nothing matched exactly', async () => {
    const products = await rank(redNikeRunningShoesUnder100, [candidates[0]!, candidates[2]!]);
    const result = await compose({ requirements: redNikeRunningShoesUnder100, products });
    expect(result.reply).toMatch(/^Nothing matched everything you asked for/);
    expect(result.reply).toContain('Adidas Adizero SL2 Road Running Shoes - Red ($79.99)');
  });

  it('offers help and no cards when nothing was found', async () => {
    const result = await compose({ requirements: redNikeRunningShoesUnder100, products: [] });
    expect(result.cards).toEqual([]);
    expect(result.reply).toMatch(/^Sorry, I couldn't find any red running shoes from Nike/);
    expect(result.reply).toContain('a different budget');
  });
});
