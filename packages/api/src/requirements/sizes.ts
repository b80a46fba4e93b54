import { maskSpans, type Span, spanOf } from './spans';
import { unique } from './unique';
import type { Sizing } from './vocabulary';

/** Sizes are written the way the catalog lists them, so they can be used as search filters directly. */
export interface SizeFinding {
  /**
   * Shoe sizes ("10", "9.5", "UK 8"), letter sizes ("M", "XL", "One Size"), jeans waists ("32"), screens
   * ("15.6 inch"), cases ("44 mm"), volumes ("25 L", "64 oz", "10 cup") and keyboard layouts ("TKL", "60%").
   */
  size: string[];
  /** Storage capacity ("256GB", "1TB"). */
  storage: string[];
  /** Memory ("16GB" from "16gb ram"). */
  memory: string[];
  spans: Span[];
}

const LETTER_SIZES: Record<string, string> = {
  'extra extra large': 'XXL',
  'xx large': 'XXL',
  'extra large': 'XL',
  'x large': 'XL',
  'extra small': 'XS',
  'x small': 'XS',
  xxxl: 'XXXL',
  '3xl': 'XXXL',
  '4xl': '4XL',
  xxl: 'XXL',
  '2xl': 'XXL',
  xxs: 'XXS',
  xs: 'XS',
  xl: 'XL',
  small: 'S',
  medium: 'M',
  large: 'L',
  s: 'S',
  m: 'M',
  l: 'L',
};
const LETTER = Object.keys(LETTER_SIZES).join('|');
const NUMBER = String.raw`\d{1,2}(?:\.5)?`;
const END = String.raw`(?![a-z0-9]|\.\d)`;
const VALUE = `(?:${NUMBER}|${LETTER})${END}`;
const LIST = (value: string) => String.raw`${value}(?:\s*(?:or|and|,|\/)\s*${value})*`;
const VALUE_TOKEN = new RegExp(`(?<![a-z0-9.])(?:${NUMBER}|${LETTER})${END}`, 'g');
const AMOUNT = String.raw`(?<![\d.])(\d{1,4}(?:\.\d)?)`;

const STORAGE = new RegExp(String.raw`${AMOUNT}\s*(gb|tb)(?![a-z])(?:\s*(?:of\s+)?(ram|memory))?`, 'g');

interface SizeReading {
  pattern: RegExp;
  sizes(match: RegExpMatchArray): string[];
}

const unit = (name: string) => (match: RegExpMatchArray) => [`${match[1]} ${name}`];

/** In order: each reads only what the earlier ones left, so "UK size 8" is not also a plain size 8. */
const SIZE_READINGS: SizeReading[] = [
  {
    // Jeans are sized by waist; the leg length is not a catalog size.
    pattern:
      /(?<![\d.a-z])(?:w(\d{2})\s*l\d{2}|(\d{2})\s*x\s*\d{2}|waist\s*(?:size\s*)?(\d{2})|(\d{2})\s*(?:inch\s*)?waist)(?!\d)/g,
    sizes: (match) => [(match[1] ?? match[2] ?? match[3] ?? match[4]) as string],
  },
  { pattern: new RegExp(String.raw`${AMOUNT}\s*(?:inch(?:es)?(?![a-z])|")`, 'g'), sizes: unit('inch') },
  { pattern: new RegExp(String.raw`${AMOUNT}\s*mm(?![a-z])`, 'g'), sizes: unit('mm') },
  { pattern: new RegExp(String.raw`${AMOUNT}\s*(?:l|liters?|litres?)(?![a-z0-9])`, 'g'), sizes: unit('L') },
  { pattern: new RegExp(String.raw`${AMOUNT}\s*(?:oz|ounces?)(?![a-z])`, 'g'), sizes: unit('oz') },
  { pattern: new RegExp(String.raw`${AMOUNT}\s*cups?(?![a-z])`, 'g'), sizes: unit('cup') },
  { pattern: /(?<![\d.])(60|65|75|96)\s?%/g, sizes: (match) => [`${match[1]}%`] },
  { pattern: /(?<![a-z])(?:tkl|tenkeyless)(?![a-z])/g, sizes: () => ['TKL'] },
  { pattern: /(?<![a-z])full size[d]?(?![a-z])/g, sizes: () => ['Full-size'] },
  { pattern: /(?<![a-z])one size(?: fits all)?(?![a-z])/g, sizes: () => ['One Size'] },
  {
    pattern: new RegExp(
      String.raw`(?<![a-z])(?:size\s+)?(us|uk|eu)\s*(?:size\s*)?(${LIST(`${NUMBER}${END}`)})`,
      'g',
    ),
    sizes: (match) => {
      const region = match[1] === 'us' ? '' : `${(match[1] as string).toUpperCase()} `;
      return listedValues(match[2] as string).map((value) => region + value);
    },
  },
  {
    pattern: new RegExp(
      String.raw`(?<![a-z])(?:size|sz)(?:\s+|(?=\d))(?:(?:is|of)\s+)?(${LIST(VALUE)})`,
      'g',
    ),
    sizes: (match) => listedValues(match[1] as string),
  },
  {
    pattern:
      /(?<![a-z0-9])(extra extra large|extra large|extra small|xx large|x large|x small|xxxl|xxl|xxs|xs|xl|2xl|3xl|4xl)(?![a-z0-9])/g,
    sizes: (match) => [LETTER_SIZES[match[1] as string] as string],
  },
];

const WORD_SIZE = /(?<![a-z])(small|medium|large)(?![a-z])/g;

/**
 * Reads sizes written in a way that cannot mean anything else: with a unit ("15 inch", "44mm", "256GB"),
 * after "size"/"US"/"UK"/"EU", or as a letter size ("XL", "extra large").
 */
export function findSizes(text: string): SizeFinding {
  const found: SizeFinding = { size: [], storage: [], memory: [], spans: [] };
  for (const match of text.matchAll(STORAGE)) {
    const amount = `${match[1]}${(match[2] as string).toUpperCase()}`;
    (match[3] ? found.memory : found.storage).push(amount);
    found.spans.push(spanOf(match));
  }
  let rest = maskSpans(text, found.spans);
  const sizes: Array<{ at: number; values: string[] }> = [];
  for (const reading of SIZE_READINGS) {
    const spans = [...rest.matchAll(reading.pattern)].map((match) => {
      sizes.push({ at: match.index ?? 0, values: reading.sizes(match) });
      return spanOf(match);
    });
    rest = maskSpans(rest, spans);
    found.spans.push(...spans);
  }
  const inTextOrder = sizes.sort((a, b) => a.at - b.at).flatMap(({ values }) => values);
  return { ...found, size: unique(inTextOrder) };
}

/**
 * "small", "medium" and "large" are sizes only for clothing (or while the product is still unknown):
 * a "large monitor" is not size L.
 */
export function findWordSizes(text: string, sizing: Sizing | 'unknown' | null): SizeFinding {
  const found: SizeFinding = { size: [], storage: [], memory: [], spans: [] };
  if (sizing !== 'apparel' && sizing !== 'unknown') return found;
  for (const match of text.matchAll(WORD_SIZE)) {
    found.size.push(LETTER_SIZES[match[1] as string] as string);
    found.spans.push(spanOf(match));
  }
  return { ...found, size: unique(found.size) };
}

function listedValues(list: string): string[] {
  return [...list.matchAll(VALUE_TOKEN)].map((value) => LETTER_SIZES[value[0]] ?? value[0]);
}
