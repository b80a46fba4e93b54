import { EMPTY_REQUIREMENTS, type Requirements } from '@talknshop/contracts';
import { describe, expect, it } from 'vitest';
import {
  type ClarificationField,
  DEFAULT_CLARIFICATION_CONFIG,
  nextClarification,
  PRODUCT_TYPE_SUGGESTIONS,
} from '../../src/clarification';
import { createRuleBasedExtractor, DEFAULT_VOCABULARY, learnVocabulary } from '../../src/requirements';

const config = DEFAULT_CLARIFICATION_CONFIG;
const extractor = createRuleBasedExtractor(DEFAULT_VOCABULARY);

function requirements(overrides: Partial<Requirements>): Requirements {
  return { ...EMPTY_REQUIREMENTS, ...overrides };
}

describe('nextClarification', () => {
  it('asks for the product type when it is missing', () => {
    expect(nextClarification(requirements({ keywords: ['gift'] }), 0, [], config)).toEqual({
      field: 'product_type',
      question: 'What kind of product are you looking for?',
      suggestions: PRODUCT_TYPE_SUGGESTIONS,
    });
  });

  it('asks for the product type even when other constraints are known', () => {
    expect(nextClarification(requirements({ brands: ['Sony'] }), 0, [], config)?.field).toBe('product_type');
  });

  it('asks for a budget with type-appropriate ranges when the type is known but nothing constrains it', () => {
    expect(
      nextClarification(requirements({ product_type: 'headphones', keywords: ['gym'] }), 0, [], config),
    ).toEqual({
      field: 'budget',
      question: "What's your budget for headphones?",
      suggestions: ['Under $50', '$50–$100', '$100–$200', 'Over $200'],
    });
    expect(nextClarification(requirements({ product_type: 'laptops' }), 0, [], config)?.suggestions).toEqual([
      'Under $500',
      '$500–$800',
      '$800–$1,200',
      'Over $1,200',
    ]);
  });

  it('offers default budget ranges for a type without price steps', () => {
    const learned = learnVocabulary(DEFAULT_VOCABULARY, { productTypes: ['lamps'] });
    const question = nextClarification(requirements({ product_type: 'lamps' }), 0, [], {
      maxRounds: 2,
      vocabulary: learned,
    });
    expect(question?.suggestions).toEqual(['Under $50', '$50–$100', '$100–$200', 'Over $200']);
  });

  it('asks for a key feature once the budget was skipped', () => {
    expect(nextClarification(requirements({ product_type: 'headphones' }), 1, ['budget'], config)).toEqual({
      field: 'feature',
      question: 'Anything that matters most in your headphones?',
      suggestions: ['Noise cancelling', 'Wireless', 'Over-ear', 'In-ear'],
    });
    expect(
      nextClarification(requirements({ product_type: 'shoes' }), 1, ['budget'], config)?.suggestions,
    ).toEqual(['Size 8', 'Size 9', 'Size 10', 'Size 11', 'Black', 'White']);
  });

  it('asks for the budget after an unanswered product-type question, but no feature without a type', () => {
    const unknown = requirements({ keywords: ['present'] });
    expect(nextClarification(unknown, 1, ['product_type'], config)?.field).toBe('budget');
    expect(nextClarification(unknown, 2, ['product_type', 'budget'], { maxRounds: 3 })).toBeNull();
  });

  it('asks nothing once a constraint is known', () => {
    const constrained: Requirements[] = [
      requirements({ product_type: 'shoes', price: { min: null, max: 100, currency: 'USD' } }),
      requirements({ product_type: 'shoes', brands: ['Nike'] }),
      requirements({ product_type: 'shoes', attributes: { size: ['10'] } }),
      requirements({ product_type: 'shoes', rating_min: 4 }),
      requirements({ product_type: 'shoes', condition: 'used' }),
    ];
    for (const req of constrained) expect(nextClarification(req, 0, [], config)).toBeNull();
  });

  it('stops after maxRounds, whatever is still missing', () => {
    expect(nextClarification(EMPTY_REQUIREMENTS, 2, ['product_type', 'budget'], config)).toBeNull();
    expect(nextClarification(EMPTY_REQUIREMENTS, 1, [], { maxRounds: 1 })).toBeNull();
    expect(nextClarification(EMPTY_REQUIREMENTS, 0, [], { maxRounds: 0 })).toBeNull();
  });

  it('never asks a field twice', () => {
    const asked: ClarificationField[] = ['product_type', 'budget', 'feature'];
    expect(nextClarification(EMPTY_REQUIREMENTS, 0, asked, { maxRounds: 5 })).toBeNull();
  });

  it('offers suggestions the extractor reads back', () => {
    const headphones = requirements({ product_type: 'headphones' });
    const budget = nextClarification(headphones, 0, [], config);
    const prices = budget?.suggestions.map(
      (answer) => extractor.extract({ text: answer, previous: headphones }).price,
    );
    expect(prices).toEqual([
      { min: null, max: 50, currency: 'USD' },
      { min: 50, max: 100, currency: 'USD' },
      { min: 100, max: 200, currency: 'USD' },
      { min: 200, max: null, currency: 'USD' },
    ]);
    const types = PRODUCT_TYPE_SUGGESTIONS.map((answer) => extractor.extract({ text: answer }).product_type);
    expect(types).toEqual(['headphones', 'shoes', 'laptops', 'jackets', 'smartphones', 'watches']);
  });

  it('offers feature suggestions that each add a constraint or keyword', () => {
    for (const { type } of DEFAULT_VOCABULARY.productTypes) {
      const question = nextClarification(requirements({ product_type: type }), 1, ['budget'], config);
      for (const answer of question?.suggestions ?? []) {
        const read = extractor.extract({ text: answer, previous: requirements({ product_type: type }) });
        const added =
          Object.keys(read.attributes).length + read.keywords.length + (read.rating_min === null ? 0 : 1);
        expect({ type, answer, added: added > 0 }).toEqual({ type, answer, added: true });
      }
    }
  });
});
