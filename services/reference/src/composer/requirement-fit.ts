import type { Product, Requirements } from '@talknshop/contracts';
import { normalizeColor, relatedColors } from '../colors';
import { sameCategory, searchTerms } from '../text';
import { formatMoney, formatRating, formatStars, joinList } from './format';
import { requestedAttributes } from './requested-attributes';

/** How well one product meets one requirement (or one general quality), with the reason in words. */
export interface Criterion {
  name: string;
  weight: number;
  /** 0 (misses entirely) … 1 (fully meets). */
  fit: number;
  /** Something the shopper asked for; a product meeting all of these is an exact match. */
  required: boolean;
  reason: string;
}

/** Over-budget fit falls by this much per 100% over the maximum. */
const OVER_BUDGET_PENALTY = 2;

/**
 * Every criterion a product is judged on for these requirements: the stated requirements first (type,
 * price, brand, color, size, material, other facets, rating, condition, stock), then soft signals
 * (keywords, text relevance relative to `topRelevance`, rating quality).
 */
export function evaluateFit(
  requirements: Requirements,
  product: Product & { relevance: number },
  topRelevance: number,
): Criterion[] {
  const attributes = requestedAttributes(requirements);
  const criteria: (Criterion | null)[] = [
    productTypeFit(requirements.product_type, product),
    priceFit(requirements.price, product),
    brandFit(requirements.brands, product),
    colorFit(attributes.colors, product),
    sizeFit(attributes.sizes, product),
    materialFit(attributes.materials, product),
    ...attributes.other.map(({ name, values }) => facetFit(name, values, product)),
    ratingFloorFit(requirements.rating_min, product),
    conditionFit(requirements.condition, product),
    stockFit(product),
    keywordFit(requirements.keywords, product),
    relevanceFit(product.relevance, topRelevance),
    qualityFit(product),
  ];
  return criteria.filter((criterion): criterion is Criterion => criterion !== null);
}

/** Weighted mean of the fits, 0…1. */
export function fitScore(criteria: readonly Criterion[]): number {
  const totalWeight = criteria.reduce((sum, criterion) => sum + criterion.weight, 0);
  if (totalWeight === 0) return 0;
  const score = criteria.reduce((sum, criterion) => sum + criterion.weight * criterion.fit, 0) / totalWeight;
  return Math.round(score * 10_000) / 10_000;
}

export function isExactMatch(criteria: readonly Criterion[]): boolean {
  return criteria.every((criterion) => !criterion.required || criterion.fit >= 1);
}

function productTypeFit(productType: string | null, product: Product): Criterion | null {
  if (productType === null || productType.trim() === '') return null;
  const matches = sameCategory(product.product_type, productType);
  return required(
    'product_type',
    3,
    matches ? 1 : 0,
    matches ? `${product.product_type} as requested` : `${product.product_type}, not ${productType}`,
  );
}

function priceFit(price: Requirements['price'], product: Product): Criterion | null {
  if (price === null || (price.min === null && price.max === null)) return null;
  const money = (amount: number) => formatMoney(amount, product.currency);
  if (price.currency.toUpperCase() !== product.currency.toUpperCase()) {
    return required('price', 2.5, 0.5, `priced in ${product.currency}, budget in ${price.currency}`);
  }
  if (price.max !== null && product.price > price.max) {
    const over = Math.round((product.price - price.max) * 100) / 100;
    const fit = price.max === 0 ? 0 : Math.max(0, 1 - (OVER_BUDGET_PENALTY * over) / price.max);
    return required(
      'price',
      2.5,
      fit,
      `over budget by ${money(over)} (${money(product.price)} > ${money(price.max)})`,
    );
  }
  if (price.min !== null && product.price < price.min) {
    return required('price', 2.5, 0.5, `below your ${money(price.min)} minimum (${money(product.price)})`);
  }
  if (price.max === null) {
    return required('price', 2.5, 1, `within budget (${money(product.price)} ≥ ${money(price.min ?? 0)})`);
  }
  const under = price.max - product.price;
  const margin = under >= 0.005 ? `, ${money(Math.round(under * 100) / 100)} under` : '';
  return required('price', 2.5, 1, `within budget (${money(product.price)} ≤ ${money(price.max)}${margin})`);
}

function brandFit(brands: readonly string[], product: Product): Criterion | null {
  const wanted = brands.map((brand) => brand.trim()).filter((brand) => brand.length > 0);
  if (wanted.length === 0) return null;
  const matches = wanted.some((brand) => brand.toLowerCase() === product.brand.toLowerCase());
  return required(
    'brand',
    2,
    matches ? 1 : 0,
    matches ? `brand ${product.brand} as requested` : `brand ${product.brand}, not ${joinList(wanted, 'or')}`,
  );
}

function colorFit(colors: readonly string[], product: Product): Criterion | null {
  if (colors.length === 0) return null;
  const offered = product.colors.map(normalizeColor);
  const exact = colors.find((color) => offered.includes(color));
  if (exact !== undefined) return required('color', 2, 1, `available in ${exact}`);
  const close = colors.flatMap((color) =>
    relatedColors(color).filter((related) => offered.includes(related)),
  );
  if (close.length > 0) {
    return required('color', 2, 0.5, `available in ${close[0]}, close to ${joinList(colors, 'or')}`);
  }
  return required(
    'color',
    2,
    0,
    `not available in ${joinList(colors, 'or')} (comes in ${joinList(product.colors)})`,
  );
}

function sizeFit(sizes: readonly string[], product: Product): Criterion | null {
  if (sizes.length === 0) return null;
  const offered = new Set(product.sizes.map(normalizeSize));
  const available = sizes.find((size) => offered.has(normalizeSize(size)));
  if (available !== undefined) return required('size', 1.5, 1, `available in size ${available}`);
  return required('size', 1.5, 0, `size ${joinList(sizes, 'or')} not available`);
}

function materialFit(materials: readonly string[], product: Product): Criterion | null {
  if (materials.length === 0) return null;
  const actual = product.material?.toLowerCase() ?? '';
  const found = materials.find((material) => actual.includes(material.toLowerCase()));
  if (found !== undefined) return required('material', 1, 1, `made of ${product.material}`);
  return required(
    'material',
    1,
    0,
    product.material === null
      ? `material not listed (wanted ${joinList(materials, 'or')})`
      : `made of ${product.material}, not ${joinList(materials, 'or')}`,
  );
}

function facetFit(name: string, values: readonly string[], product: Product): Criterion {
  const text = new Set(searchTerms(`${product.title} ${product.description} ${product.material ?? ''}`));
  const found = values.find((value) => {
    const terms = searchTerms(value);
    return terms.length > 0 && terms.every((term) => text.has(term));
  });
  return found === undefined
    ? required(name, 1, 0, `no mention of ${joinList(values, 'or')}`)
    : required(name, 1, 1, `mentions ${found}`);
}

function ratingFloorFit(ratingMin: number | null, product: Product): Criterion | null {
  if (ratingMin === null) return null;
  return product.rating >= ratingMin
    ? required('rating_min', 1.5, 1, `meets your ${formatStars(ratingMin)} minimum`)
    : required(
        'rating_min',
        1.5,
        0,
        `below your ${formatStars(ratingMin)} minimum (${formatStars(product.rating)})`,
      );
}

function conditionFit(condition: Requirements['condition'], product: Product): Criterion | null {
  if (condition === null) return null;
  return product.condition === condition
    ? required('condition', 1.5, 1, `${condition} as requested`)
    : required('condition', 1.5, 0, `${product.condition}, not ${condition}`);
}

function stockFit(product: Product): Criterion {
  return product.in_stock
    ? required('in_stock', 1, 1, 'in stock')
    : required('in_stock', 1, 0, 'out of stock');
}

function keywordFit(keywords: readonly string[], product: Product): Criterion | null {
  const wanted = keywords.filter((keyword) => searchTerms(keyword).length > 0);
  if (wanted.length === 0) return null;
  const text = new Set(
    searchTerms(`${product.title} ${product.description} ${product.product_type} ${product.brand}`),
  );
  const found = wanted.filter((keyword) => searchTerms(keyword).every((term) => text.has(term)));
  const reason =
    found.length === wanted.length
      ? `matches ${joinList(found.map(quote))}`
      : found.length === 0
        ? `does not mention ${joinList(wanted.map(quote), 'or')}`
        : `matches ${found.length} of ${wanted.length} keywords (${joinList(found.map(quote))})`;
  return soft('keywords', 1.5, found.length / wanted.length, reason);
}

function relevanceFit(relevance: number, topRelevance: number): Criterion | null {
  if (topRelevance <= 0) return null;
  const fit = Math.min(1, relevance / topRelevance);
  const strength = fit >= 0.75 ? 'strong' : fit >= 0.4 ? 'partial' : 'weak';
  return soft('relevance', 1.5, fit, `${strength} match for your search`);
}

/** Stars count for more when many reviewers agree. */
function qualityFit(product: Product): Criterion {
  const confidence = Math.min(1, Math.log10(product.review_count + 1) / 3);
  const fit = Math.max(0, Math.min(1, (product.rating - 3) / 2)) * (0.5 + 0.5 * confidence);
  return soft('quality', 1, fit, `rated ${formatRating(product.rating, product.review_count)}`);
}

function normalizeSize(size: string): string {
  return size.trim().toLowerCase().replace(/\s+/g, ' ');
}

function quote(text: string): string {
  return `"${text}"`;
}

function required(name: string, weight: number, fit: number, reason: string): Criterion {
  return { name, weight, fit, required: true, reason };
}

function soft(name: string, weight: number, fit: number, reason: string): Criterion {
  return { name, weight, fit, required: false, reason };
}
