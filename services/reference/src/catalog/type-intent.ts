import { searchTerms } from '../text';

/** Words shoppers use for a product type that its name does not contain. */
const TYPE_ALIASES: Readonly<Record<string, readonly string[]>> = {
  shoes: ['sneaker', 'boot', 'sandal', 'trainer', 'footwear'],
  headphones: ['earbud', 'earphone', 'headset'],
  smartphones: ['phone', 'iphone', 'cellphone', 'mobile'],
  laptops: ['notebook', 'macbook', 'chromebook', 'ultrabook'],
  tablets: ['ipad'],
  jackets: ['coat', 'parka', 'raincoat'],
  't-shirts': ['tee', 'tshirt'],
  jeans: ['denim'],
  handbags: ['purse', 'tote', 'crossbody'],
  'desk chairs': ['office chair'],
  'coffee makers': ['espresso', 'coffee'],
  watches: ['smartwatch'],
  backpacks: ['rucksack', 'daypack', 'bag'],
};

/**
 * The product types a query names, by their own words ("coffee makers") or a common alias ("sneakers"),
 * so that products of that type outrank accessories that merely mention it ("laptop sleeve").
 */
export function typesNamedBy(query: string, productTypes: readonly string[]): Set<string> {
  const terms = new Set(searchTerms(query));
  const named = new Set<string>();
  for (const productType of productTypes) {
    const phrases = [productType, ...(TYPE_ALIASES[productType] ?? [])];
    if (phrases.some((phrase) => searchTerms(phrase).every((term) => terms.has(term))))
      named.add(productType);
  }
  return named;
}
