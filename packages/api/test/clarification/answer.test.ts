import { EMPTY_REQUIREMENTS, type Requirements } from '@talknshop/contracts';
import { describe, expect, it } from 'vitest';
import {
  applyClarificationAnswer,
  type ClarificationField,
  DEFAULT_CLARIFICATION_CONFIG,
  isNoPreference,
  nextClarification,
} from '../../src/clarification';
import { createRuleBasedExtractor, DEFAULT_VOCABULARY } from '../../src/requirements';

const extractor = createRuleBasedExtractor(DEFAULT_VOCABULARY);

describe('applyClarificationAnswer', () => {
  const query = extractor.extract({ text: 'something red from Nike, size 10' });

  it('merges a free-text answer into the original query, keeping its fields', () => {
    const answered = applyClarificationAnswer(query, 'product_type', { text: 'running shoes' }, extractor);
    expect(answered).toEqual({
      ...EMPTY_REQUIREMENTS,
      product_type: 'shoes',
      keywords: ['running'],
      attributes: { color: ['red'], size: ['10'] },
      brands: ['Nike'],
    });
  });

  it('reads a budget answer, including the suggestions and a bare amount', () => {
    const shoes = { ...EMPTY_REQUIREMENTS, product_type: 'shoes' };
    const budget = (text: string) => applyClarificationAnswer(shoes, 'budget', { text }, extractor).price;
    expect(budget('$50–$100')).toEqual({ min: 50, max: 100, currency: 'USD' });
    expect(budget('Under $50')).toEqual({ min: null, max: 50, currency: 'USD' });
    expect(budget('Over $150')).toEqual({ min: 150, max: null, currency: 'USD' });
    expect(budget('120')).toEqual({ min: null, max: 120, currency: 'USD' });
    expect(budget('a hundred')).toEqual({ min: null, max: 100, currency: 'USD' });
  });

  it.each([
    'any',
    'Skip',
    'no preference',
    "doesn't matter",
    'whatever',
    "I don't care",
    'Anything is fine.',
  ])('treats "%s" as no preference and changes nothing', (text) => {
    expect(isNoPreference(text)).toBe(true);
    expect(applyClarificationAnswer(query, 'budget', { text }, extractor)).toEqual(query);
  });

  it('does not mistake a real answer for no preference', () => {
    expect(isNoPreference('any black ones')).toBe(false);
    expect(isNoPreference('no leather')).toBe(false);
  });

  it('applies structured fields, each replacing its field', () => {
    const answered = applyClarificationAnswer(
      query,
      'budget',
      { fields: { product_type: 'Sneakers', price_min: 40, price_max: 90, currency: 'EUR', color: 'blue' } },
      extractor,
    );
    expect(answered).toEqual({
      ...EMPTY_REQUIREMENTS,
      product_type: 'shoes',
      keywords: ['sneakers'],
      attributes: { color: ['blue'], size: ['10'] },
      price: { min: 40, max: 90, currency: 'EUR' },
      brands: ['Nike'],
    });
  });

  it('applies structured brands, sizes, features, condition and rating', () => {
    const answered = applyClarificationAnswer(
      { ...EMPTY_REQUIREMENTS, product_type: 'headphones' },
      'feature',
      {
        fields: {
          brands: ['Bose'],
          size: ['L'],
          feature: ['noise cancelling', 'wireless'],
          condition: 'refurbished',
          rating_min: 4.5,
        },
      },
      extractor,
    );
    expect(answered).toEqual({
      ...EMPTY_REQUIREMENTS,
      product_type: 'headphones',
      attributes: { size: ['L'], feature: ['noise cancelling', 'wireless'] },
      brands: ['Bose'],
      rating_min: 4.5,
      condition: 'refurbished',
    });
  });

  it('takes a structured type the vocabulary does not know as given', () => {
    const answered = applyClarificationAnswer(
      query,
      'product_type',
      { fields: { product_type: 'lamps' } },
      extractor,
    );
    expect(answered).toEqual({ ...query, product_type: 'lamps' });
  });

  it('ignores structured fields sent with skip', () => {
    const answered = applyClarificationAnswer(
      query,
      'budget',
      { fields: { skip: true, price_max: 10 } },
      extractor,
    );
    expect(answered).toEqual(query);
  });
});

describe('a clarification dialogue', () => {
  it('consumes a round when the product-type answer names no type, then asks the budget', () => {
    let req = extractor.extract({ text: 'I want a gift for my dad' });
    const asked: ClarificationField[] = [];
    const first = nextClarification(req, asked.length, asked, DEFAULT_CLARIFICATION_CONFIG);
    expect(first?.field).toBe('product_type');
    asked.push('product_type');
    req = applyClarificationAnswer(req, 'product_type', { text: 'not sure, something nice' }, extractor);
    expect(req.product_type).toBeNull();
    const second = nextClarification(req, asked.length, asked, DEFAULT_CLARIFICATION_CONFIG);
    expect(second?.field).toBe('budget');
    asked.push('budget');
    req = applyClarificationAnswer(req, 'budget', { text: 'skip' }, extractor);
    expect(nextClarification(req, asked.length, asked, DEFAULT_CLARIFICATION_CONFIG)).toBeNull();
    expect(req.keywords).toEqual(['gift', 'dad']);
  });

  it('asks type, then budget, and stops once the budget is answered', () => {
    let req = extractor.extract({ text: 'hello there' });
    const asked: ClarificationField[] = [];
    const ask = () => nextClarification(req, asked.length, asked, DEFAULT_CLARIFICATION_CONFIG);
    expect(ask()?.field).toBe('product_type');
    asked.push('product_type');
    req = applyClarificationAnswer(req, 'product_type', { text: 'Headphones' }, extractor);
    expect(ask()?.field).toBe('budget');
    asked.push('budget');
    req = applyClarificationAnswer(req, 'budget', { text: '$100–$200' }, extractor);
    expect(ask()).toBeNull();
    expect(req).toEqual({
      ...EMPTY_REQUIREMENTS,
      product_type: 'headphones',
      price: { min: 100, max: 200, currency: 'USD' },
    } satisfies Requirements);
  });
});
