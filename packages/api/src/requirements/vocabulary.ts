import { isStopword } from './keywords';
import { normalizeText } from './normalize';

/** Three ascending prices that split a product type into cheap / mid / upper / premium bands. */
export type PriceSteps = readonly [number, number, number];

/** How sizes are written for a product type; decides whether "small/medium/large" read as a size. */
export type Sizing = 'apparel' | 'shoe' | 'screen';

export interface ProductTypeEntry {
  /** The catalog's canonical `product_type` string. */
  type: string;
  /** Other names for exactly this type ("earphones", "cell phone"); plurals are derived. */
  synonyms: string[];
  /** Sub-kinds that map to this type and are also kept as a keyword ("sneakers", "boots"). */
  styles?: string[];
  /** Model names that imply the type and a brand ("iphone" → Apple); kept as a keyword. */
  models?: Record<string, string>;
  sizing?: Sizing;
  /** Where "cheap" ends (first step) and "premium" starts (last step); also the budget suggestions. */
  priceSteps?: PriceSteps;
}

export interface Vocabulary {
  productTypes: ProductTypeEntry[];
  brands: string[];
  /** Base colour names; shades are aliases of them ("navy" → "blue"). */
  colors: string[];
  materials: string[];
  /** Feature phrases recognised as attributes.feature ("noise cancelling", "waterproof"). */
  features: string[];
  /** Alternative spelling → canonical brand, colour, material or feature. */
  aliases: Record<string, string>;
}

export interface LearnedVocabulary {
  brands?: string[];
  productTypes?: string[];
}

/**
 * Adds brands and product types the catalog knows about. The catalog is the authority on type names: a
 * learned type that the base vocabulary treated as a synonym or style of another type ("sneakers") becomes
 * its own type and stops mapping to the other one. A name that is an ordinary function word (the phone
 * brand "Nothing") is not learned: reading it as a name would break sentences like "nothing from Nike".
 */
export function learnVocabulary(base: Vocabulary, learned: LearnedVocabulary): Vocabulary {
  return {
    ...base,
    brands: addBrands(base.brands, learned.brands ?? []),
    productTypes: addProductTypes(base.productTypes, learned.productTypes ?? []),
  };
}

function addBrands(known: string[], learned: string[]): string[] {
  const seen = new Set(known.map(normalizeText));
  const brands = [...known];
  for (const brand of learned.map((b) => b.trim())) {
    const key = normalizeText(brand);
    if (key === '' || isStopword(key) || seen.has(key)) continue;
    seen.add(key);
    brands.push(brand);
  }
  return brands;
}

function addProductTypes(known: ProductTypeEntry[], learned: string[]): ProductTypeEntry[] {
  let entries = known;
  for (const type of learned.map((t) => t.trim())) {
    const key = normalizeText(type);
    if (key === '' || isStopword(key) || entries.some((entry) => normalizeText(entry.type) === key)) continue;
    entries = [...entries.map((entry) => withoutPhrase(entry, key)), { type, synonyms: [] }];
  }
  return entries;
}

function withoutPhrase(entry: ProductTypeEntry, phrase: string): ProductTypeEntry {
  const keep = (name: string) => normalizeText(name) !== phrase;
  return {
    ...entry,
    synonyms: entry.synonyms.filter(keep),
    ...(entry.styles && { styles: entry.styles.filter(keep) }),
    ...(entry.models && {
      models: Object.fromEntries(Object.entries(entry.models).filter(([m]) => keep(m))),
    }),
  };
}
