import type { Condition } from '@talknshop/contracts';
import { type PositionedWord, remainingKeywords } from './keywords';
import type { Lexicon } from './lexicon';
import { normalizeText } from './normalize';
import { findPrice, type PriceMention } from './price';
import { PRICE_TIER_ATTRIBUTE } from './price-tier';
import { findRating } from './rating';
import { readEntities } from './read-entities';
import { findSizes, findWordSizes, type SizeFinding } from './sizes';
import { maskSpans } from './spans';
import { spokenNumbersToDigits } from './spoken-numbers';
import { unique } from './unique';

/**
 * What one message says, field by field; empty or null where it says nothing, so merging can tell
 * "not mentioned" from "changed".
 */
export interface Mentions {
  product_type: string | null;
  keywords: string[];
  attributes: Record<string, string[]>;
  price: PriceMention | null;
  brands: string[];
  rating_min: number | null;
  condition: Condition | null;
}

export const NO_MENTIONS: Mentions = Object.freeze({
  product_type: null,
  keywords: [],
  attributes: {},
  price: null,
  brands: [],
  rating_min: null,
  condition: null,
}) as Mentions;

/**
 * Reads a message in a fixed order, each step consuming what it understood so later steps and the
 * keywords do not read it again: ratings ("4 stars"), then sizes with units ("size 10", "256GB"), then
 * prices, then named things (types, brands, colours, ...), then word sizes, which need the product type.
 * `contextType` is the product type already known from earlier, for words whose meaning depends on it.
 */
export function parseMentions(text: string, lexicon: Lexicon, contextType: string | null): Mentions {
  let rest = spokenNumbersToDigits(normalizeText(text));
  const rating = findRating(rest);
  rest = maskSpans(rest, rating.spans);
  const sizes = findSizes(rest);
  rest = maskSpans(rest, sizes.spans);
  const price = findPrice(rest);
  rest = maskSpans(rest, price.spans);
  const entities = readEntities(rest, lexicon);
  rest = maskSpans(rest, entities.spans);
  const productType = entities.product_type ?? contextType;
  const sizing = productType === null ? 'unknown' : (lexicon.productType(productType)?.sizing ?? null);
  const wordSizes = findWordSizes(rest, sizing);
  rest = maskSpans(rest, wordSizes.spans);

  const attributes = { ...entities.attributes, ...sizeAttributes(sizes, wordSizes) };
  if (entities.tier !== null && price.price === null) attributes[PRICE_TIER_ATTRIBUTE] = [entities.tier];
  return {
    product_type: entities.product_type,
    keywords: inTextOrder([...entities.keywords, ...remainingKeywords(rest)]),
    attributes,
    price: price.price,
    brands: entities.brands,
    rating_min: rating.rating_min,
    condition: entities.condition,
  };
}

function sizeAttributes(sizes: SizeFinding, wordSizes: SizeFinding): Record<string, string[]> {
  const attributes: Record<string, string[]> = {};
  const size = unique([...sizes.size, ...wordSizes.size]);
  if (size.length > 0) attributes.size = size;
  if (sizes.storage.length > 0) attributes.storage = sizes.storage;
  if (sizes.memory.length > 0) attributes.memory = sizes.memory;
  return attributes;
}

function inTextOrder(words: PositionedWord[]): string[] {
  return unique([...words].sort((a, b) => a.at - b.at).map(({ word }) => word));
}
