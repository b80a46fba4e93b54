import type { PriceSteps } from '../requirements';
import { featureSuggestions } from './feature-suggestions';
import type { ClarificationQuestion } from './question';

export const PRODUCT_TYPE_SUGGESTIONS = [
  'Headphones',
  'Shoes',
  'Laptops',
  'Jackets',
  'Smartphones',
  'Watches',
];

/** Budget bands for a type with no price steps of its own. */
export const DEFAULT_PRICE_STEPS: PriceSteps = [50, 100, 200];

export function productTypeQuestion(): ClarificationQuestion {
  return {
    field: 'product_type',
    question: 'What kind of product are you looking for?',
    suggestions: PRODUCT_TYPE_SUGGESTIONS,
  };
}

/** Four bands around the type's price steps: "Under $50", "$50–$100", "$100–$200", "Over $200". */
export function budgetQuestion(productType: string | null, steps: PriceSteps): ClarificationQuestion {
  const [low, mid, high] = steps.map(dollars) as [string, string, string];
  return {
    field: 'budget',
    question: productType === null ? "What's your budget?" : `What's your budget for ${productType}?`,
    suggestions: [`Under ${low}`, `${low}–${mid}`, `${mid}–${high}`, `Over ${high}`],
  };
}

export function featureQuestion(productType: string): ClarificationQuestion {
  return {
    field: 'feature',
    question: `Anything that matters most in your ${productType}?`,
    suggestions: featureSuggestions(productType),
  };
}

function dollars(amount: number): string {
  return `$${String(amount).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;
}
