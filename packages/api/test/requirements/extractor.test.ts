import type { Requirements } from '@talknshop/contracts';
import { RequirementsSchema } from '@talknshop/contracts';
import { describe, expect, it } from 'vitest';
import { createRuleBasedExtractor, DEFAULT_VOCABULARY } from '../../src/requirements';

const extractor = createRuleBasedExtractor(DEFAULT_VOCABULARY);

const usd = (min: number | null, max: number | null) => ({ min, max, currency: 'USD' });

interface Case {
  says: string;
  expected: Partial<Requirements>;
}

/** Asserts exactly the fields a case names; the others are covered by the cases about them. */
function expectFields(actual: Requirements, expected: Partial<Requirements>): void {
  for (const [field, value] of Object.entries(expected)) {
    expect({ field, value: actual[field as keyof Requirements] }).toEqual({ field, value });
  }
}

function runCases(cases: Case[]): void {
  it.each(cases)('reads "$says"', ({ says, expected }) => {
    const requirements = extractor.extract({ text: says });
    expect(RequirementsSchema.parse(requirements)).toEqual(requirements);
    expectFields(requirements, expected);
  });
}

describe('prices', () => {
  runCases([
    { says: 'headphones under $100', expected: { price: usd(null, 100) } },
    { says: 'something below 100 dollars', expected: { price: usd(null, 100) } },
    { says: 'a laptop for less than 1k', expected: { price: usd(null, 1000) } },
    { says: 'up to 250', expected: { price: usd(null, 250) } },
    { says: 'max 80', expected: { price: usd(null, 80) } },
    { says: 'at most €50', expected: { price: { min: null, max: 50, currency: 'EUR' } } },
    { says: 'no more than £40', expected: { price: { min: null, max: 40, currency: 'GBP' } } },
    { says: 'between 50 and 80 dollars', expected: { price: usd(50, 80) } },
    { says: '$50-$80', expected: { price: usd(50, 80) } },
    { says: '50 to 80 bucks', expected: { price: usd(50, 80) } },
    { says: 'from 200', expected: { price: usd(200, null) } },
    { says: 'over 300', expected: { price: usd(300, null) } },
    { says: 'at least 150', expected: { price: usd(150, null) } },
    { says: 'more than 1,000', expected: { price: usd(1000, null) } },
    { says: 'around 200', expected: { price: usd(160, 240) } },
    { says: 'about 200', expected: { price: usd(160, 240) } },
    { says: '~200', expected: { price: usd(160, 240) } },
    { says: 'a camera for $1.5k', expected: { price: usd(null, 1500) } },
    { says: 'a $100 watch', expected: { price: usd(null, 100) } },
    { says: '100 dollars or less', expected: { price: usd(null, 100) } },
    { says: '500 and up', expected: { price: usd(500, null) } },
    { says: 'over 50 but under 100', expected: { price: usd(50, 100) } },
    { says: 'between 80 and 50 euros', expected: { price: { min: 50, max: 80, currency: 'EUR' } } },
    { says: 'from $1,000 to $1,500', expected: { price: usd(1000, 1500) } },
    { says: 'my budget is 300', expected: { price: usd(null, 300) } },
    { says: 'iphone 15 without a price', expected: { price: null } },
  ]);
});

describe('relative prices', () => {
  runCases([
    {
      says: 'a cheap laptop',
      expected: { product_type: 'laptops', price: usd(null, 500), attributes: { price_tier: ['budget'] } },
    },
    {
      says: 'affordable headphones',
      expected: { price: usd(null, 50), attributes: { price_tier: ['budget'] } },
    },
    {
      says: 'premium headphones',
      expected: { price: usd(200, null), attributes: { price_tier: ['premium'] } },
    },
    {
      says: 'a high-end watch',
      expected: { price: usd(500, null), attributes: { price_tier: ['premium'] } },
    },
    { says: 'something cheap', expected: { price: null, attributes: { price_tier: ['budget'] } } },
    {
      says: 'a laptop that is not too expensive',
      expected: { price: usd(null, 500), attributes: { price_tier: ['budget'] } },
    },
    { says: 'cheap headphones under 30', expected: { price: usd(null, 30), attributes: {} } },
  ]);
});

describe('spoken numbers from transcripts', () => {
  runCases([
    { says: 'under one hundred dollars', expected: { price: usd(null, 100) } },
    { says: 'under a hundred', expected: { price: usd(null, 100) } },
    { says: 'between two hundred and three hundred dollars', expected: { price: usd(200, 300) } },
    { says: 'two hundred and fifty bucks tops', expected: { price: usd(null, 250) } },
    { says: 'size nine and a half', expected: { attributes: { size: ['9.5'] } } },
    { says: 'four point five stars or more', expected: { rating_min: 4.5 } },
  ]);
});

describe('colors, sizes and materials', () => {
  runCases([
    { says: 'a navy jacket', expected: { attributes: { color: ['navy'] } } },
    { says: 'dark blue jeans', expected: { attributes: { color: ['navy'] } } },
    { says: 'light blue shirt', expected: { attributes: { color: ['blue'] } } },
    { says: 'a maroon dress', expected: { attributes: { color: ['burgundy'] } } },
    { says: 'red or black dress', expected: { attributes: { color: ['red', 'black'] } } },
    { says: 'gray hoodie', expected: { attributes: { color: ['grey'] }, keywords: ['hoodie'] } },
    { says: 'size 10', expected: { attributes: { size: ['10'] } } },
    { says: 'size 9.5', expected: { attributes: { size: ['9.5'] } } },
    { says: 'US 10', expected: { attributes: { size: ['10'] } } },
    { says: 'uk size 8 boots', expected: { attributes: { size: ['UK 8'] } } },
    { says: 'size 10 or 10.5', expected: { attributes: { size: ['10', '10.5'] } } },
    { says: 'XL t-shirt', expected: { product_type: 't-shirts', attributes: { size: ['XL'] } } },
    { says: 'extra large jacket', expected: { attributes: { size: ['XL'] } } },
    { says: 'a medium t-shirt', expected: { attributes: { size: ['M'] } } },
    { says: 'size M', expected: { attributes: { size: ['M'] } } },
    { says: 'a large monitor', expected: { attributes: {}, keywords: ['large'] } },
    { says: '15 inch laptop', expected: { attributes: { size: ['15 inch'] } } },
    { says: '15.6" laptop', expected: { attributes: { size: ['15.6 inch'] } } },
    { says: '27-inch monitor', expected: { attributes: { size: ['27 inch'] } } },
    { says: 'jeans 32x30', expected: { attributes: { size: ['32'] } } },
    { says: 'jeans with a 34 waist', expected: { attributes: { size: ['34'] } } },
    { says: 'a 44mm watch', expected: { attributes: { size: ['44 mm'] } } },
    { says: '25L backpack', expected: { attributes: { size: ['25 L'] } } },
    { says: '64 oz blender', expected: { attributes: { size: ['64 oz'] } } },
    { says: '12-cup coffee maker', expected: { attributes: { size: ['12 cup'] } } },
    { says: 'TKL or 60% keyboard', expected: { attributes: { size: ['TKL', '60%'] } } },
    { says: 'one size sun hat', expected: { attributes: { size: ['One Size'] } } },
    { says: '256GB phone', expected: { attributes: { storage: ['256GB'] } } },
    {
      says: 'laptop with 16gb ram and 1tb',
      expected: { attributes: { memory: ['16GB'], storage: ['1TB'] } },
    },
    { says: 'leather or suede boots', expected: { attributes: { material: ['leather', 'suede'] } } },
    { says: 'a wool coat', expected: { attributes: { material: ['wool'] }, keywords: ['coat'] } },
    { says: "men's running shoes", expected: { attributes: { gender: ['men'] }, keywords: ['running'] } },
  ]);
});

describe('brands', () => {
  runCases([
    { says: 'nike sneakers', expected: { brands: ['Nike'] } },
    { says: 'new balance 990', expected: { brands: ['New Balance'], condition: null } },
    { says: 'the north face jacket', expected: { brands: ['The North Face'] } },
    { says: 'north face parka', expected: { brands: ['The North Face'] } },
    { says: 'levis jeans', expected: { brands: ["Levi's"] } },
    { says: "Levi's 501", expected: { brands: ["Levi's"] } },
    { says: 'ray-ban sunglasses', expected: { brands: ['Ray-Ban'] } },
    { says: 'delonghi espresso machine', expected: { brands: ["De'Longhi"] } },
    { says: 'H&M dress', expected: { brands: ['H&M'] } },
    { says: 'Dr Martens boots', expected: { brands: ['Dr. Martens'] } },
    { says: 'herman miller or steelcase chair', expected: { brands: ['Herman Miller', 'Steelcase'] } },
  ]);
});

describe('product types and synonyms', () => {
  runCases([
    { says: 'sneakers', expected: { product_type: 'shoes', keywords: ['sneakers'] } },
    { says: 'running shoes', expected: { product_type: 'shoes', keywords: ['running'] } },
    { says: 'hiking boots', expected: { product_type: 'shoes', keywords: ['hiking', 'boots'] } },
    { says: 'earbuds', expected: { product_type: 'headphones', keywords: ['earbuds'] } },
    { says: 'a headset', expected: { product_type: 'headphones', keywords: [] } },
    { says: 'a new phone', expected: { product_type: 'smartphones', condition: 'new' } },
    {
      says: 'an iphone',
      expected: { product_type: 'smartphones', brands: ['Apple'], keywords: ['iphone'] },
    },
    { says: 'a notebook', expected: { product_type: null, keywords: ['notebook'] } },
    { says: 'tees', expected: { product_type: 't-shirts' } },
    { says: 'an office chair', expected: { product_type: 'desk chairs' } },
    { says: 'coffee machine', expected: { product_type: 'coffee makers' } },
    { says: 'dress shoes', expected: { product_type: 'shoes', keywords: ['dress'] } },
    { says: 'a laptop backpack', expected: { product_type: 'backpacks', keywords: ['laptop'] } },
    { says: 'a tablet, not a laptop', expected: { product_type: 'tablets' } },
  ]);
});

describe('ratings and conditions', () => {
  runCases([
    { says: '4 stars and up', expected: { rating_min: 4 } },
    { says: 'rated at least 4.5', expected: { rating_min: 4.5 } },
    { says: '4+ stars', expected: { rating_min: 4 } },
    { says: 'highly rated', expected: { rating_min: 4 } },
    { says: 'used camera', expected: { condition: 'used' } },
    { says: 'second hand bike', expected: { condition: 'used' } },
    { says: 'pre-owned watch', expected: { condition: 'used' } },
    { says: 'refurbished laptop', expected: { condition: 'refurbished' } },
    { says: 'brand new', expected: { condition: 'new' } },
    { says: 'not used', expected: { condition: 'new' } },
  ]);
});

describe('negatives', () => {
  runCases([
    { says: 'shoes, not Nike', expected: { brands: [], attributes: { exclude_brand: ['Nike'] } } },
    { says: 'no leather', expected: { attributes: { exclude_material: ['leather'] } } },
    { says: 'anything but black', expected: { attributes: { exclude_color: ['black'] } } },
    {
      says: 'nothing from nike or adidas',
      expected: { brands: [], attributes: { exclude_brand: ['Nike', 'Adidas'] } },
    },
    {
      says: 'adidas but not nike',
      expected: { brands: ['Adidas'], attributes: { exclude_brand: ['Nike'] } },
    },
    { says: 'without a hood', expected: { attributes: { exclude_feature: ['hooded'] }, keywords: [] } },
    {
      says: 'no black leather shoes',
      expected: { product_type: 'shoes', attributes: { exclude_color: ['black'], material: ['leather'] } },
    },
  ]);
});

describe('realistic requests', () => {
  runCases([
    {
      says: "I'm looking for red Nike running shoes size 10 under $120",
      expected: {
        product_type: 'shoes',
        keywords: ['running'],
        attributes: { color: ['red'], size: ['10'] },
        price: usd(null, 120),
        brands: ['Nike'],
        rating_min: null,
        condition: null,
      },
    },
    {
      says: 'noise cancelling headphones from Sony or Bose between 200 and 350 dollars',
      expected: {
        product_type: 'headphones',
        keywords: ['noise cancelling'],
        attributes: { feature: ['noise cancelling'] },
        price: usd(200, 350),
        brands: ['Sony', 'Bose'],
      },
    },
    {
      says: 'a cheap used laptop 15 inch',
      expected: {
        product_type: 'laptops',
        keywords: [],
        attributes: { size: ['15 inch'], price_tier: ['budget'] },
        price: usd(null, 500),
        condition: 'used',
      },
    },
    {
      says: 'show me a waterproof jacket, not black, for under 150 euros',
      expected: {
        product_type: 'jackets',
        keywords: ['waterproof'],
        attributes: { feature: ['waterproof'], exclude_color: ['black'] },
        price: { min: null, max: 150, currency: 'EUR' },
        brands: [],
      },
    },
    {
      says: 'Hi! Can you find me a highly rated refurbished 27 inch 4K monitor from LG, around $300?',
      expected: {
        product_type: 'monitors',
        keywords: ['4k'],
        attributes: { size: ['27 inch'], feature: ['4k'] },
        price: usd(240, 360),
        brands: ['LG'],
        rating_min: 4,
        condition: 'refurbished',
      },
    },
  ]);
});
