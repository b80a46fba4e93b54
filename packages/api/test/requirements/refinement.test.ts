import { EMPTY_REQUIREMENTS, type Requirements } from '@talknshop/contracts';
import { describe, expect, it } from 'vitest';
import { applyRefinement, createRuleBasedExtractor, DEFAULT_VOCABULARY } from '../../src/requirements';

const extractor = createRuleBasedExtractor(DEFAULT_VOCABULARY);

const previous: Requirements = {
  ...EMPTY_REQUIREMENTS,
  product_type: 'headphones',
  keywords: ['wireless'],
  attributes: { color: ['black'], feature: ['wireless'] },
  price: { min: 50, max: 200, currency: 'USD' },
  brands: ['Sony'],
};

describe('applyRefinement', () => {
  it('"cheaper" caps the price at 80% of the last results\' median', () => {
    const refined = applyRefinement(previous, 'cheaper please', extractor, {
      lastPrices: [180, 90, 120, 60],
    });
    expect(refined.kind).toBe('cheaper');
    expect(refined.showMore).toBe(false);
    expect(refined.requirements).toEqual({ ...previous, price: { min: 50, max: 84, currency: 'USD' } });
  });

  it('"cheaper" falls back to 80% of the previous maximum and drops a minimum above it', () => {
    const refined = applyRefinement(
      { ...previous, price: { min: 180, max: 200, currency: 'EUR' } },
      'too expensive',
      extractor,
    );
    expect(refined.kind).toBe('cheaper');
    expect(refined.requirements.price).toEqual({ min: null, max: 160, currency: 'EUR' });
  });

  it('"cheaper" with no reference price uses the type\'s cheap band', () => {
    const refined = applyRefinement({ ...previous, price: null }, 'something cheaper', extractor);
    expect(refined.kind).toBe('cheaper');
    expect(refined.requirements.price).toEqual({ min: null, max: 50, currency: 'USD' });
  });

  it('"more expensive" starts the price at the previous maximum', () => {
    const refined = applyRefinement(previous, 'show me more expensive ones', extractor, {
      lastPrices: [100],
    });
    expect(refined.kind).toBe('pricier');
    expect(refined.requirements).toEqual({ ...previous, price: { min: 200, max: null, currency: 'USD' } });
  });

  it('"better" without a maximum starts at the last median', () => {
    const refined = applyRefinement({ ...previous, price: null }, 'anything better?', extractor, {
      lastPrices: [40, 60, 80],
    });
    expect(refined.kind).toBe('pricier');
    expect(refined.requirements.price).toEqual({ min: 60, max: null, currency: 'USD' });
    expect(refined.requirements.attributes).toEqual(previous.attributes);
  });

  it('"in blue" replaces the colour', () => {
    const refined = applyRefinement(previous, 'in blue', extractor);
    expect(refined.kind).toBe('color');
    expect(refined.requirements).toEqual({
      ...previous,
      attributes: { color: ['blue'], feature: ['wireless'] },
    });
  });

  it('"under 50 instead" replaces the price', () => {
    const refined = applyRefinement(previous, 'under 50 instead', extractor);
    expect(refined.kind).toBe('price');
    expect(refined.requirements).toEqual({ ...previous, price: { min: null, max: 50, currency: 'USD' } });
  });

  it.each(['what about Bose', 'how about Bose?'])('"%s" replaces the brands', (message) => {
    const refined = applyRefinement(previous, message, extractor);
    expect(refined.kind).toBe('brand');
    expect(refined.requirements).toEqual({ ...previous, brands: ['Bose'] });
  });

  it.each(['show more', 'more results', 'next page'])(
    '"%s" keeps the requirements and shows more',
    (message) => {
      expect(applyRefinement(previous, message, extractor)).toEqual({
        requirements: previous,
        kind: 'more',
        showMore: true,
      });
    },
  );

  it('a new product type starts a new search without anything type-specific', () => {
    const refined = applyRefinement(previous, 'actually I need a keyboard', extractor);
    expect(refined.kind).toBe('new_search');
    expect(refined.requirements).toEqual({
      ...EMPTY_REQUIREMENTS,
      product_type: 'keyboards',
      attributes: { color: ['black'] },
    });
  });

  it('several changes at once are a refinement', () => {
    const refined = applyRefinement(previous, 'noise cancelling, 4 stars and up', extractor);
    expect(refined.kind).toBe('refine');
    expect(refined.requirements).toEqual({
      ...previous,
      keywords: ['wireless', 'noise cancelling'],
      attributes: { color: ['black'], feature: ['noise cancelling'] },
      rating_min: 4,
    });
  });
});
