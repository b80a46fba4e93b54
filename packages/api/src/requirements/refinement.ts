import type { PriceRange, Requirements } from '@talknshop/contracts';
import type { RequirementExtractor } from './extractor';
import { normalizeText } from './normalize';
import { DEFAULT_CURRENCY, PRICE_TIER_ATTRIBUTE } from './price-tier';
import { EXCLUDE_PREFIX } from './read-entities';

export type RefinementKind =
  | 'cheaper'
  | 'pricier'
  | 'color'
  | 'brand'
  | 'price'
  | 'more'
  | 'new_search'
  | 'refine';

export interface RefinementContext {
  /** Prices of the results shown last; their median anchors "cheaper" and "more expensive". */
  lastPrices?: readonly number[];
}

export interface Refinement {
  requirements: Requirements;
  kind: RefinementKind;
  showMore: boolean;
}

/** "cheaper" caps the price at this share of the reference price. */
export const CHEAPER_FACTOR = 0.8;

const CHEAPER =
  /(?<![a-z])(?:cheaper|less expensive|lower price[ds]?|too (?:expensive|pricey|much)|more affordable|less money)(?![a-z])/;
const PRICIER =
  /(?<![a-z])(?:more expensive|pricier|better|higher end|high end|premium|nicer|fancier|higher quality|more premium|upgrade)(?![a-z])/;
const SHOW_MORE = /(?<![a-z])(?:more|next|another|others?|additional|else)(?![a-z])/;

/**
 * Applies a chat follow-up to the current requirements and says what kind of change it was:
 * - a different product type starts a new search (nothing type-specific is kept);
 * - "cheaper" caps the price at 80% of the last results' median price, else of the previous maximum;
 * - "more expensive"/"better" starts the price at the previous maximum, else at the last median;
 *   with no reference price either falls back to the type's cheap/premium band;
 * - "show more" keeps the requirements and asks for more results;
 * - otherwise the message is merged in: a colour ("in blue"), brand ("what about Adidas") or price
 *   ("under 50 instead") replaces the old one; anything else, or several at once, is a refinement.
 */
export function applyRefinement(
  previous: Requirements,
  message: string,
  extractor: RequirementExtractor,
  context: RefinementContext = {},
): Refinement {
  const said = extractor.extract({ text: message });
  const merged = extractor.extract({ text: message, previous });
  const text = normalizeText(message);
  const namesOtherType =
    said.product_type !== null &&
    previous.product_type !== null &&
    said.product_type !== previous.product_type;
  if (namesOtherType) {
    return { requirements: merged, kind: 'new_search', showMore: false };
  }
  if (CHEAPER.test(text)) {
    const max = median(context.lastPrices) ?? previous.price?.max ?? null;
    const price = max === null ? null : cheaperPrice(previous.price, max);
    return relativePrice(price, merged, 'cheaper', 'cheap', extractor);
  }
  if (PRICIER.test(text)) {
    const min = previous.price?.max ?? median(context.lastPrices);
    const price =
      min === null ? null : { min, max: null, currency: previous.price?.currency ?? DEFAULT_CURRENCY };
    return relativePrice(price, merged, 'pricier', 'premium', extractor);
  }
  const changed = changedFields(said);
  if (changed.length === 0 && SHOW_MORE.test(text)) {
    return { requirements: previous, kind: 'more', showMore: true };
  }
  const kind = changed.length === 1 ? (changed[0] as RefinementKind) : 'refine';
  return { requirements: merged, kind, showMore: false };
}

function cheaperPrice(previous: PriceRange | null, reference: number): PriceRange {
  const max = Math.round(reference * CHEAPER_FACTOR);
  const previousMin = previous?.min ?? null;
  const min = previousMin !== null && previousMin < max ? previousMin : null;
  return { min, max, currency: previous?.currency ?? DEFAULT_CURRENCY };
}

/** Without a reference price, "cheaper" reads as "cheap" and "better" as "premium" for the type. */
function relativePrice(
  price: PriceRange | null,
  merged: Requirements,
  kind: 'cheaper' | 'pricier',
  tierWord: string,
  extractor: RequirementExtractor,
): Refinement {
  const { [PRICE_TIER_ATTRIBUTE]: _tier, ...attributes } = merged.attributes;
  const requirements =
    price === null
      ? extractor.extract({ text: tierWord, previous: { ...merged, attributes, price: null } })
      : { ...merged, attributes, price };
  return { requirements, kind, showMore: false };
}

type ChangedField = 'price' | 'brand' | 'color' | 'refine';

function changedFields(said: Requirements): ChangedField[] {
  const changed = new Set<ChangedField>();
  if (said.price !== null) changed.add('price');
  if (said.brands.length > 0) changed.add('brand');
  if (said.keywords.length > 0 || said.rating_min !== null || said.condition !== null) changed.add('refine');
  for (const key of Object.keys(said.attributes)) changed.add(attributeField(key));
  return [...changed];
}

function attributeField(key: string): ChangedField {
  const name = key.startsWith(EXCLUDE_PREFIX) ? key.slice(EXCLUDE_PREFIX.length) : key;
  if (name === 'color' || name === 'brand') return name;
  return name === PRICE_TIER_ATTRIBUTE ? 'price' : 'refine';
}

function median(values: readonly number[] | undefined): number | null {
  if (values === undefined || values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}
