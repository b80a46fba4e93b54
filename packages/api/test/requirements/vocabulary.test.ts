import { describe, expect, it } from 'vitest';
import { createRuleBasedExtractor, DEFAULT_VOCABULARY, learnVocabulary } from '../../src/requirements';

describe('learnVocabulary', () => {
  it('adds brands and types learned from the catalog', () => {
    const vocabulary = learnVocabulary(DEFAULT_VOCABULARY, {
      brands: ['Allbirds', 'nike'],
      productTypes: ['standing desks'],
    });
    const extractor = createRuleBasedExtractor(vocabulary);
    const read = extractor.extract({ text: 'an allbirds standing desk' });
    expect(read.brands).toEqual(['Allbirds']);
    expect(read.product_type).toBe('standing desks');
    expect(vocabulary.brands.filter((brand) => brand.toLowerCase() === 'nike')).toEqual(['Nike']);
  });

  it('lets a catalog type take over a phrase the base vocabulary mapped elsewhere', () => {
    const extractor = createRuleBasedExtractor(
      learnVocabulary(DEFAULT_VOCABULARY, { productTypes: ['boots'] }),
    );
    expect(extractor.extract({ text: 'leather boots' }).product_type).toBe('boots');
    expect(extractor.extract({ text: 'leather sneakers' }).product_type).toBe('shoes');
  });

  it('does not learn names that are ordinary function words', () => {
    const vocabulary = learnVocabulary(DEFAULT_VOCABULARY, { brands: ['Nothing'] });
    expect(vocabulary.brands).toEqual(DEFAULT_VOCABULARY.brands);
    const read = createRuleBasedExtractor(vocabulary).extract({ text: 'nothing from nike' });
    expect(read.brands).toEqual([]);
    expect(read.attributes).toEqual({ exclude_brand: ['Nike'] });
  });

  it('leaves the base vocabulary untouched', () => {
    const before = JSON.stringify(DEFAULT_VOCABULARY);
    learnVocabulary(DEFAULT_VOCABULARY, { brands: ['Allbirds'], productTypes: ['boots'] });
    expect(JSON.stringify(DEFAULT_VOCABULARY)).toBe(before);
  });

  it('uses exactly the canonical catalog type names', () => {
    expect(DEFAULT_VOCABULARY.productTypes.map((entry) => entry.type)).toEqual([
      'shoes',
      'headphones',
      'laptops',
      'jackets',
      'watches',
      'backpacks',
      't-shirts',
      'jeans',
      'dresses',
      'smartphones',
      'tablets',
      'cameras',
      'sunglasses',
      'handbags',
      'coffee makers',
      'blenders',
      'desk chairs',
      'monitors',
      'keyboards',
    ]);
  });
});
