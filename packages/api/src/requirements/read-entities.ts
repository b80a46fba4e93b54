import type { Condition } from '@talknshop/contracts';
import type { PositionedWord } from './keywords';
import type { Entity, Lexicon } from './lexicon';
import { negatedItems } from './negation';
import type { PhraseMatch } from './phrase-matcher';
import type { PriceTier } from './price-tier';
import type { Span } from './spans';

/** Negated values are kept under `exclude_<attribute>` ("exclude_brand", "exclude_color", ...). */
export const EXCLUDE_PREFIX = 'exclude_';

export interface EntityReading {
  product_type: string | null;
  brands: string[];
  /** Positive values under their attribute name, negated ones under `exclude_<name>`. */
  attributes: Record<string, string[]>;
  condition: Condition | null;
  tier: PriceTier | null;
  keywords: PositionedWord[];
  spans: Span[];
}

type Found = PhraseMatch<Entity> & { kind: Entity['kind']; negated: boolean };
type TypeFound = PhraseMatch<Extract<Entity, { kind: 'type' }>> & { negated: boolean };

/** Reads product types, brands, colours, materials, features, conditions, genders and price tiers. */
export function readEntities(text: string, lexicon: Lexicon): EntityReading {
  const matches = lexicon.entities.find(text).map((match) => ({ ...match, kind: match.value.kind }));
  const negated = negatedItems(text, matches);
  const found: Found[] = matches.map((match, index) => ({ ...match, negated: negated[index] === true }));
  const type = chooseType(text, found.filter(isType));
  const reading: EntityReading = {
    product_type: type.product_type,
    brands: [],
    attributes: {},
    condition: readCondition(found),
    tier: readTier(found),
    keywords: type.keywords,
    spans: found,
  };
  for (const brand of type.brands) addValue(reading, 'brand', brand, false);
  for (const item of found) {
    const entity = item.value;
    if (entity.kind === 'brand' || entity.kind === 'color' || entity.kind === 'material') {
      addValue(reading, entity.kind, entity.value, item.negated);
    } else if (entity.kind === 'feature') {
      addValue(reading, 'feature', entity.value, item.negated);
      if (!item.negated) reading.keywords.push({ at: item.start, word: entity.value });
    } else if (entity.kind === 'gender' && !item.negated) {
      addValue(reading, 'gender', entity.value, false);
    }
  }
  return reading;
}

function isType(item: Found): item is Found & TypeFound {
  return item.value.kind === 'type';
}

/**
 * The product is the head noun of the first run of product words: "dress shoes" are shoes and "laptop
 * backpack" a backpack; the words before the head stay as keywords. Later product words of the same type
 * add their style ("shoes or sandals"); those of another type are kept as plain keywords.
 */
function chooseType(
  text: string,
  types: TypeFound[],
): { product_type: string | null; brands: string[]; keywords: PositionedWord[] } {
  const named = types.filter((item) => !item.negated);
  let headIndex = 0;
  while (headIndex + 1 < named.length && isAdjacent(text, named[headIndex], named[headIndex + 1]))
    headIndex += 1;
  const head = named[headIndex];
  if (head === undefined) return { product_type: null, brands: [], keywords: [] };
  const keywords: PositionedWord[] = [];
  const brands: string[] = [];
  named.forEach((item, index) => {
    const sameType = item.value.type === head.value.type && index >= headIndex;
    if (!sameType) keywords.push({ at: item.start, word: item.text });
    else if (item.value.keyword !== null) keywords.push({ at: item.start, word: item.value.keyword });
    if (sameType && item.value.brand !== null) brands.push(item.value.brand);
  });
  return { product_type: head.value.type, brands, keywords };
}

function isAdjacent(text: string, left: Span | undefined, right: Span | undefined): boolean {
  return left !== undefined && right !== undefined && text.slice(left.end, right.start).trim() === '';
}

/** "not used" or "no refurbished ones" asks for new. */
function readCondition(found: Found[]): Condition | null {
  let negatedCondition: Condition | null = null;
  for (const item of found) {
    if (item.value.kind !== 'condition') continue;
    if (!item.negated) return item.value.value;
    negatedCondition ??= item.value.value;
  }
  return negatedCondition === 'used' || negatedCondition === 'refurbished' ? 'new' : null;
}

/** "not too expensive" is a budget wish; "not cheap" says nothing definite. */
function readTier(found: Found[]): PriceTier | null {
  for (const item of found) {
    if (item.value.kind !== 'tier') continue;
    if (!item.negated) return item.value.value;
    if (item.value.value === 'premium') return 'budget';
  }
  return null;
}

function addValue(reading: EntityReading, attribute: string, value: string, negated: boolean): void {
  if (attribute === 'brand' && !negated) {
    if (!reading.brands.includes(value)) reading.brands.push(value);
    return;
  }
  const key = negated ? `${EXCLUDE_PREFIX}${attribute}` : attribute;
  const values = reading.attributes[key] ?? [];
  if (!values.includes(value)) reading.attributes[key] = [...values, value];
}
