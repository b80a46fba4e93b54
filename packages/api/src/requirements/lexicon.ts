import type { Condition } from '@talknshop/contracts';
import { normalizeText } from './normalize';
import { createPhraseMatcher, type PhraseMatcher } from './phrase-matcher';
import type { PriceTier } from './price-tier';
import { unique } from './unique';
import type { ProductTypeEntry, Vocabulary } from './vocabulary';

export type Entity =
  | { kind: 'type'; type: string; keyword: string | null; brand: string | null }
  | { kind: 'brand' | 'color' | 'material' | 'feature' | 'gender'; value: string }
  | { kind: 'condition'; value: Condition }
  | { kind: 'tier'; value: PriceTier };

/** A vocabulary compiled for matching; built once per extractor. */
export interface Lexicon {
  entities: PhraseMatcher<Entity>;
  productType(type: string): ProductTypeEntry | undefined;
}

const CONDITIONS: Record<string, Condition> = {
  used: 'used',
  'second hand': 'used',
  secondhand: 'used',
  'pre owned': 'used',
  preowned: 'used',
  'pre loved': 'used',
  refurbished: 'refurbished',
  'certified refurbished': 'refurbished',
  refurb: 'refurbished',
  renewed: 'refurbished',
  reconditioned: 'refurbished',
  new: 'new',
  'brand new': 'new',
};
const GENDERS: Record<string, string> = {
  men: 'men',
  mens: 'men',
  man: 'men',
  male: 'men',
  women: 'women',
  womens: 'women',
  woman: 'women',
  ladies: 'women',
  lady: 'women',
  female: 'women',
  kids: 'kids',
  kid: 'kids',
  childrens: 'kids',
  children: 'kids',
  child: 'kids',
  boys: 'kids',
  girls: 'kids',
  youth: 'kids',
  unisex: 'unisex',
};
const TIERS: Record<string, PriceTier> = {
  cheap: 'budget',
  cheapest: 'budget',
  budget: 'budget',
  affordable: 'budget',
  'more affordable': 'budget',
  inexpensive: 'budget',
  'less expensive': 'budget',
  'low cost': 'budget',
  'low priced': 'budget',
  bargain: 'budget',
  economical: 'budget',
  'entry level': 'budget',
  premium: 'premium',
  'high end': 'premium',
  luxury: 'premium',
  'top of the line': 'premium',
  'top end': 'premium',
  flagship: 'premium',
  expensive: 'premium',
  'more expensive': 'premium',
  pricey: 'premium',
};

export function compileLexicon(vocabulary: Vocabulary): Lexicon {
  const types = new Map(vocabulary.productTypes.map((entry) => [entry.type, entry]));
  return {
    entities: createPhraseMatcher(entityPhrases(vocabulary)),
    productType: (type) => types.get(type),
  };
}

/** In order of precedence: when two kinds claim the same phrase, the first one keeps it. */
function* entityPhrases(vocabulary: Vocabulary): Generator<readonly [string, Entity]> {
  for (const entry of vocabulary.productTypes) yield* typePhrases(entry);
  const canonical = canonicalKinds(vocabulary);
  for (const [value, kind] of canonical) {
    const variants = kind === 'brand' ? brandVariants(value) : [normalizeText(value)];
    for (const phrase of variants) yield [phrase, { kind, value }];
  }
  for (const [alias, value] of Object.entries(vocabulary.aliases)) {
    const kind = canonical.get(value);
    if (kind !== undefined) yield [normalizeText(alias), { kind, value }];
  }
  yield* fixedPhrases(CONDITIONS, (value) => ({ kind: 'condition', value }));
  yield* fixedPhrases(GENDERS, (value) => ({ kind: 'gender', value }));
  yield* fixedPhrases(TIERS, (value) => ({ kind: 'tier', value }));
}

function* typePhrases(entry: ProductTypeEntry): Generator<readonly [string, Entity]> {
  const type = entry.type;
  for (const name of [type, ...entry.synonyms]) {
    for (const phrase of nounVariants(name))
      yield [phrase, { kind: 'type', type, keyword: null, brand: null }];
  }
  for (const style of entry.styles ?? []) {
    for (const phrase of nounVariants(style))
      yield [phrase, { kind: 'type', type, keyword: style, brand: null }];
  }
  for (const [model, brand] of Object.entries(entry.models ?? {})) {
    for (const phrase of nounVariants(model)) yield [phrase, { kind: 'type', type, keyword: model, brand }];
  }
}

type ValueKind = 'brand' | 'color' | 'material' | 'feature';

function canonicalKinds(vocabulary: Vocabulary): Map<string, ValueKind> {
  const kinds = new Map<string, ValueKind>();
  const add = (values: string[], kind: ValueKind) => {
    for (const value of values) if (!kinds.has(value)) kinds.set(value, kind);
  };
  add(vocabulary.brands, 'brand');
  add(vocabulary.features, 'feature');
  add(vocabulary.materials, 'material');
  add(vocabulary.colors, 'color');
  return kinds;
}

function* fixedPhrases<T>(phrases: Record<string, T>, toEntity: (value: T) => Entity) {
  for (const [phrase, value] of Object.entries(phrases)) yield [phrase, toEntity(value)] as const;
}

/** "Dr. Martens" also as "dr martens", "New Balance" as "newbalance", "The North Face" as "north face". */
function brandVariants(brand: string): string[] {
  const name = normalizeText(brand);
  const undotted = name.replace(/\./g, '');
  return unique([name, undotted, undotted.replace(/ /g, ''), undotted.replace(/^the /, '')]);
}

/** A noun phrase in singular and plural: only its last word inflects ("desk chair", "desk chairs"). */
function nounVariants(phrase: string): string[] {
  const words = normalizeText(phrase).split(' ');
  const last = words.pop() ?? '';
  return unique([last, singular(last), plural(last)].map((word) => [...words, word].join(' ')));
}

function singular(word: string): string {
  if (/[^aeiou]ies$/.test(word)) return `${word.slice(0, -3)}y`;
  if (/(?:ss|us)$/.test(word)) return word;
  if (/(?:ches|shes|sses|xes|zes)$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s')) return word.slice(0, -1);
  return word;
}

function plural(word: string): string {
  if (word.endsWith('s')) return word;
  if (/(?:ch|sh|x|z)$/.test(word)) return `${word}es`;
  if (/[^aeiou]y$/.test(word)) return `${word.slice(0, -1)}ies`;
  return `${word}s`;
}
