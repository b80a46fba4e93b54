import type {
  ComposeRequestSchema,
  ComposeResponse,
  RankedProduct,
  Requirements,
  ResultCard,
} from '@talknshop/contracts';
import type { z } from 'zod';
import { describeRequirements } from './describe-requirements';
import { formatMoney, formatRating, joinList } from './format';
import { requestedAttributes } from './requested-attributes';
import { evaluateFit } from './requirement-fit';

type ComposeInput = z.output<typeof ComposeRequestSchema>;

/** Products named in the reply text; the cards show the rest. */
const MENTIONED_IN_REPLY = 3;
const TOP_RATED = { rating: 4.5, reviews: 50 };

/** A short reply naming the best matches (and anything relaxed or missed) plus result cards. */
export function composeReply({ requirements, products, relaxed, max_cards }: ComposeInput): ComposeResponse {
  const summary = describeRequirements(requirements);
  if (products.length === 0) return { reply: nothingFound(requirements, summary, relaxed), cards: [] };
  const shown = products.slice(0, max_cards);
  return {
    reply: [introduction(requirements, products, summary, relaxed), listing(shown)].join(' '),
    cards: shown.map((product, index) => card(product, index, shown, requirements)),
  };
}

function introduction(
  requirements: Requirements,
  products: readonly RankedProduct[],
  summary: string,
  relaxed: readonly string[],
): string {
  const best = products[0] as RankedProduct;
  const topRelevance = Math.max(0, ...products.map((product) => product.relevance));
  const misses = evaluateFit(requirements, best, topRelevance).filter(
    (criterion) => criterion.required && criterion.fit < 1,
  );
  if (relaxed.length > 0) {
    const noun = relaxed.length === 1 ? 'requirement' : 'requirements';
    return `I couldn't find ${summary} matching everything, so I relaxed the ${joinList(relaxed)} ${noun}. Here are the closest matches:`;
  }
  if (misses.length > 0) {
    const reasons = joinList(misses.map((criterion) => criterion.reason));
    return `Nothing matched everything you asked for (${summary}); the closest is ${reasons}. Here are the best options:`;
  }
  return products.length === 1
    ? `Here is the top match for ${summary}:`
    : `Here are the top matches for ${summary}:`;
}

function listing(products: readonly RankedProduct[]): string {
  const named = products
    .slice(0, MENTIONED_IN_REPLY)
    .map((product) => `${product.title} (${formatMoney(product.price, product.currency)})`);
  return `${joinList(named)}.`;
}

function nothingFound(requirements: Requirements, summary: string, relaxed: readonly string[]): string {
  const afterRelaxing =
    relaxed.length > 0 ? `, even after relaxing the ${joinList(relaxed)} requirements` : '';
  const attributes = requestedAttributes(requirements);
  const loosen = [
    requirements.price === null ? '' : 'a different budget',
    requirements.brands.length > 0 ? 'other brands' : '',
    attributes.colors.length > 0 ? 'other colors' : '',
    attributes.sizes.length > 0 ? 'another size' : '',
    requirements.rating_min === null ? '' : 'a lower minimum rating',
    requirements.condition === null ? '' : 'another condition',
  ].filter((option) => option.length > 0);
  const suggestion =
    loosen.length > 0
      ? `Would you like me to try ${joinList(loosen, 'or')}?`
      : 'Could you tell me more about what you are looking for, such as the type of product, a brand or a budget?';
  return `Sorry, I couldn't find any ${summary}${afterRelaxing}. ${suggestion}`;
}

function card(
  product: RankedProduct,
  index: number,
  shown: readonly RankedProduct[],
  requirements: Requirements,
): ResultCard {
  return {
    product_id: product.product_id,
    title: product.title,
    subtitle: `${product.brand} · ${formatRating(product.rating, product.review_count)}`,
    price: product.price,
    currency: product.currency,
    image_url: product.image_url,
    url: product.url,
    badges: badges(product, index, shown, requirements),
  };
}

function badges(
  product: RankedProduct,
  index: number,
  shown: readonly RankedProduct[],
  requirements: Requirements,
): string[] {
  const budget = requirements.price;
  const cheapest = Math.min(...shown.map((other) => other.price));
  const candidates: [boolean, string][] = [
    [index === 0, 'Best match'],
    [
      budget?.max != null &&
        budget.currency.toUpperCase() === product.currency.toUpperCase() &&
        product.price <= budget.max,
      'Under budget',
    ],
    [product.rating >= TOP_RATED.rating && product.review_count >= TOP_RATED.reviews, 'Top rated'],
    [shown.length > 1 && product.price === cheapest, 'Lowest price'],
    [product.condition === 'refurbished', 'Refurbished'],
    [product.condition === 'used', 'Used'],
    [!product.in_stock, 'Out of stock'],
  ];
  return candidates.filter(([applies]) => applies).map(([, badge]) => badge);
}
