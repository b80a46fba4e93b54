import type { PriceRange, Requirements } from '@talknshop/contracts';
import type { Mentions } from './mentions';
import type { PriceMention } from './price';
import { DEFAULT_CURRENCY, PRICE_TIER_ATTRIBUTE } from './price-tier';
import { EXCLUDE_PREFIX } from './read-entities';
import { unique } from './unique';

/**
 * Attributes that describe the shopper rather than the product, so they survive a change of product type:
 * a colour preference, a material, a gender, a price tier and every exclusion except of features.
 */
const GENERIC_ATTRIBUTES = new Set([
  'color',
  'material',
  'gender',
  PRICE_TIER_ATTRIBUTE,
  `${EXCLUDE_PREFIX}brand`,
  `${EXCLUDE_PREFIX}color`,
  `${EXCLUDE_PREFIX}material`,
]);

/**
 * Folds what a follow-up message says into what was known. Each field the message names replaces the old
 * one (attribute by attribute); exclusions accumulate; keywords accumulate; fields it does not name stay.
 * A value named now wins over its opposite from before ("not black" after "black" drops black).
 * When the message names a different product type, everything type-specific is dropped first: sizes,
 * storage, memory, features, keywords, brands and the price (a shoe budget says nothing about laptops);
 * a price tier stays and is re-applied to the new type.
 */
export function mergeRequirements(previous: Requirements, mentions: Mentions): Requirements {
  const changesType =
    mentions.product_type !== null &&
    previous.product_type !== null &&
    mentions.product_type !== previous.product_type;
  const base = changesType ? keepGeneric(previous) : previous;
  const attributes = mergeAttributes(base.attributes, mentions.attributes);
  // Brands live outside `attributes`, so their exclusions are reconciled here: a brand named again is wanted.
  removeValues(attributes, `${EXCLUDE_PREFIX}brand`, mentions.brands);
  const excludedBrands = attributes[`${EXCLUDE_PREFIX}brand`] ?? [];
  const namesTier = mentions.attributes[PRICE_TIER_ATTRIBUTE] !== undefined;
  if (mentions.price !== null) delete attributes[PRICE_TIER_ATTRIBUTE];
  return {
    product_type: mentions.product_type ?? base.product_type,
    keywords: unique([...base.keywords, ...mentions.keywords]),
    attributes,
    price: mentions.price !== null ? priceRange(mentions.price, base.price) : namesTier ? null : base.price,
    brands: (mentions.brands.length > 0 ? mentions.brands : base.brands).filter(
      (brand) => !excludedBrands.includes(brand),
    ),
    rating_min: mentions.rating_min ?? base.rating_min,
    condition: mentions.condition ?? base.condition,
  };
}

function keepGeneric(previous: Requirements): Requirements {
  return {
    ...previous,
    keywords: [],
    attributes: Object.fromEntries(
      Object.entries(previous.attributes).filter(([key]) => GENERIC_ATTRIBUTES.has(key)),
    ),
    price: null,
    brands: [],
  };
}

function mergeAttributes(
  known: Record<string, string[]>,
  mentioned: Record<string, string[]>,
): Record<string, string[]> {
  const merged: Record<string, string[]> = { ...known };
  for (const [key, values] of Object.entries(mentioned)) {
    merged[key] = key.startsWith(EXCLUDE_PREFIX) ? unique([...(merged[key] ?? []), ...values]) : values;
  }
  for (const [key, values] of Object.entries(mentioned)) removeValues(merged, opposite(key), values);
  return merged;
}

function removeValues(attributes: Record<string, string[]>, key: string, values: string[]): void {
  const current = attributes[key];
  if (current === undefined) return;
  const kept = current.filter((value) => !values.includes(value));
  if (kept.length > 0) attributes[key] = kept;
  else delete attributes[key];
}

function opposite(key: string): string {
  return key.startsWith(EXCLUDE_PREFIX) ? key.slice(EXCLUDE_PREFIX.length) : `${EXCLUDE_PREFIX}${key}`;
}

function priceRange(mention: PriceMention, previous: PriceRange | null): PriceRange {
  return {
    min: mention.min,
    max: mention.max,
    currency: mention.currency ?? previous?.currency ?? DEFAULT_CURRENCY,
  };
}
