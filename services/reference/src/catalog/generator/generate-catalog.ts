import type { Condition, Product } from '@talknshop/contracts';
import { createRandom, pick, pickDistinct, type Random, randomBetween, randomInt } from '../../random';
import {
  type Audience,
  type KindSpec,
  PRODUCT_TYPE_SPECS,
  type ProductLine,
  type ProductTypeSpec,
} from './product-types';

/** The seed the shipped catalog (fixtures/catalog/catalog.json) was generated with. */
export const CATALOG_SEED = 53;
export const CATALOG_BASE_URL = 'https://catalog.talknshop.example';

const SECOND_HAND_SHARE = 0.14;
const IN_STOCK_SHARE = 0.88;
const PRICE_FACTOR: Record<Condition, number> = { new: 1, refurbished: 0.8, used: 0.65 };
const AUDIENCE_LABEL: Record<Audience, string> = { men: "Men's ", women: "Women's ", unisex: '' };

/**
 * Generates the catalog from the curated vocabularies. Each product type draws from its own generator
 * (seeded from the catalog seed and the type's name), so editing one type leaves the others unchanged.
 */
export function generateCatalog(seed = CATALOG_SEED): Product[] {
  const products: Product[] = [];
  for (const spec of PRODUCT_TYPE_SPECS) {
    const random = createRandom(seed ^ hashString(spec.productType));
    for (let index = 0; index < spec.count; index++) {
      const line = spec.lines[index % spec.lines.length] as ProductLine;
      products.push(generateListing(spec, line, random, productId(products.length + 1)));
    }
  }
  return products;
}

export function productId(sequence: number): string {
  return `p-${String(sequence).padStart(6, '0')}`;
}

function generateListing(spec: ProductTypeSpec, line: ProductLine, random: Random, id: string): Product {
  const [brand, model, kindKey, lineSizes] = line;
  const kind = spec.kinds[kindKey];
  if (kind === undefined)
    throw new Error(`${spec.productType}: line ${brand} ${model} has unknown kind ${kindKey}`);
  const audience = kind.audiences ? pick(random, kind.audiences) : null;
  const colors = listingColors(spec, random);
  const specText = kind.specs ? pick(random, kind.specs) : null;
  const sizeOptions =
    lineSizes ?? kind.sizes ?? (audience ? spec.audienceSizes?.[audience] : undefined) ?? [];
  const sizes = sizeRun(sizeOptions, random);
  const condition = listingCondition(spec, random);
  const material = pick(random, kind.materials);
  const noun = `${audience ? AUDIENCE_LABEL[audience] : ''}${kind.noun}`;
  return {
    product_id: id,
    title: listingTitle(brand, model, noun, specText, colors[0] as string, condition),
    description: listingDescription(kind, noun, material, condition, random),
    product_type: spec.productType,
    brand,
    price: listingPrice(kind, condition, random),
    currency: 'USD',
    colors,
    sizes,
    material,
    rating: Math.round((5 - 2 * random.next() * random.next()) * 10) / 10,
    review_count: Math.floor(Math.exp(randomBetween(random, 0, 10))) - 1,
    condition,
    in_stock: random.next() < IN_STOCK_SHARE,
    image_url: `${CATALOG_BASE_URL}/images/${id}.jpg`,
    url: `${CATALOG_BASE_URL}/products/${id}`,
  };
}

/** A primary color (the one in the title) and up to two more the listing also comes in. */
function listingColors(spec: ProductTypeSpec, random: Random): string[] {
  const primary = pick(random, spec.colors);
  const others = spec.colors.filter((color) => color !== primary);
  return [primary, ...pickDistinct(random, others, randomInt(random, 0, 2))];
}

/** A contiguous run of the offered sizes, as a listing rarely stocks the extremes. */
function sizeRun(options: readonly string[], random: Random): string[] {
  if (options.length <= 2) return [...options];
  const start = randomInt(random, 0, Math.floor(options.length / 3));
  const end = randomInt(random, Math.ceil((2 * options.length) / 3), options.length - 1);
  return options.slice(start, end + 1);
}

function listingCondition(spec: ProductTypeSpec, random: Random): Condition {
  const draw = random.next();
  return spec.secondHand.length > 0 && draw < SECOND_HAND_SHARE ? pick(random, spec.secondHand) : 'new';
}

/** Retail-style prices: $x.99 under $100, $xx9.99 above. */
function listingPrice(kind: KindSpec, condition: Condition, random: Random): number {
  const raw = randomBetween(random, kind.price[0], kind.price[1]) * PRICE_FACTOR[condition];
  const rounded = raw < 100 ? Math.round(raw) : Math.round(raw / 10) * 10;
  return Math.max(1, rounded) - 0.01;
}

function listingTitle(
  brand: string,
  model: string,
  noun: string,
  specText: string | null,
  color: string,
  condition: Condition,
): string {
  const specPart = specText ? `, ${specText}` : '';
  const conditionPart = condition === 'new' ? '' : ` (${condition === 'used' ? 'Used' : 'Refurbished'})`;
  return `${brand} ${model} ${noun}${specPart} - ${capitalize(color)}${conditionPart}`;
}

function listingDescription(
  kind: KindSpec,
  noun: string,
  material: string,
  condition: Condition,
  random: Random,
): string {
  const [feature1, feature2] = pickDistinct(random, kind.features, 2);
  const [use1, use2] = pickDistinct(random, kind.uses, 2);
  const uses = use2 === undefined ? use1 : `${use1} and ${use2}`;
  const sentences = [
    `${capitalize(sentenceCase(noun))} with ${feature1} and ${feature2}.`,
    `Made from ${material}.`,
    `Ideal for ${uses}.`,
  ];
  if (condition === 'refurbished') {
    sentences.push('Certified refurbished: inspected, tested and backed by a 90-day warranty.');
  }
  if (condition === 'used') sentences.push('Pre-owned and in good condition, with light signs of wear.');
  return sentences.join(' ');
}

/** "Road Running Shoes" → "road running shoes", keeping acronyms and model codes ("5G", "GPS"). */
function sentenceCase(phrase: string): string {
  return phrase
    .split(' ')
    .map((word) =>
      word
        .split('-')
        .map((part) => (/^[A-Z][a-z']*$/.test(part) ? part.toLowerCase() : part))
        .join('-'),
    )
    .join(' ');
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** FNV-1a, to derive a per-type seed from its name. */
function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
