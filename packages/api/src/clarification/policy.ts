import type { Requirements } from '@talknshop/contracts';
import { DEFAULT_VOCABULARY, type Vocabulary } from '../requirements';
import type { ClarificationField, ClarificationQuestion } from './question';
import { budgetQuestion, DEFAULT_PRICE_STEPS, featureQuestion, productTypeQuestion } from './questions';

export interface ClarificationPolicyConfig {
  /** Questions per request; after that the search runs with what is known. */
  maxRounds: number;
  /** Where budget suggestions take each type's price steps from; the default vocabulary when absent. */
  vocabulary?: Vocabulary;
}

export const DEFAULT_CLARIFICATION_CONFIG: ClarificationPolicyConfig = { maxRounds: 2 };

/**
 * The next question to ask, or null to search now. It asks one question at a time, never the same field
 * twice (a skipped field counts as asked), and at most `maxRounds` times:
 * 1. the product type, when it is unknown;
 * 2. the budget, when nothing constrains the search (no price, brand, attribute, rating or condition);
 * 3. a key feature of the type, when the budget was asked but still nothing constrains the search.
 */
export function nextClarification(
  req: Requirements,
  roundsSoFar: number,
  askedFields: readonly ClarificationField[],
  config: ClarificationPolicyConfig,
): ClarificationQuestion | null {
  if (roundsSoFar >= config.maxRounds) return null;
  const asked = new Set(askedFields);
  if (req.product_type === null && !asked.has('product_type')) return productTypeQuestion();
  if (hasConstraint(req)) return null;
  if (!asked.has('budget')) return budgetQuestion(req.product_type, priceSteps(req.product_type, config));
  if (req.product_type !== null && !asked.has('feature')) return featureQuestion(req.product_type);
  return null;
}

/** Keywords alone do not narrow a search enough to skip asking. */
export function hasConstraint(req: Requirements): boolean {
  return (
    req.price !== null ||
    req.brands.length > 0 ||
    Object.values(req.attributes).some((values) => values.length > 0) ||
    req.rating_min !== null ||
    req.condition !== null
  );
}

function priceSteps(productType: string | null, config: ClarificationPolicyConfig) {
  const vocabulary = config.vocabulary ?? DEFAULT_VOCABULARY;
  const entry = vocabulary.productTypes.find((candidate) => candidate.type === productType);
  return entry?.priceSteps ?? DEFAULT_PRICE_STEPS;
}
