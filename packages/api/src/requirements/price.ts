import { alternationOf } from './phrase-matcher';
import { maskSpans, type Span, spanOf } from './spans';

/** A price read from text; `currency` stays null when the text names none, so a follow-up keeps the old one. */
export interface PriceMention {
  min: number | null;
  max: number | null;
  currency: string | null;
}

export interface PriceFinding {
  price: PriceMention | null;
  spans: Span[];
}

/** "around 200" reads as 160–240. */
export const AROUND_TOLERANCE = 0.2;

const SYMBOL_CURRENCIES: Record<string, string> = { $: 'USD', '€': 'EUR', '£': 'GBP' };
const WORD_CURRENCIES: Record<string, string> = {
  dollar: 'USD',
  dollars: 'USD',
  buck: 'USD',
  bucks: 'USD',
  usd: 'USD',
  euro: 'EUR',
  euros: 'EUR',
  eur: 'EUR',
  pound: 'GBP',
  pounds: 'GBP',
  gbp: 'GBP',
  quid: 'GBP',
};

const NUMBER = String.raw`\d+(?:,\d{3})*(?:\.\d+)?`;
const CURRENCY_WORD = `(?:${Object.keys(WORD_CURRENCIES).join('|')})(?![a-z])`;
const MONEY = String.raw`(?<![a-z0-9.,])(?:[$€£]\s?)?${NUMBER}(?:\s?(?:k|grand)(?![a-z]))?(?:\s?[$€£])?(?:\s?${CURRENCY_WORD})?`;
const AMOUNT = /(\d+(?:,\d{3})*(?:\.\d+)?)\s?(k|grand)?/;

type Bound = 'min' | 'max' | 'around';

const CUES: Record<string, Bound> = {
  under: 'max',
  below: 'max',
  beneath: 'max',
  'less than': 'max',
  'lower than': 'max',
  'cheaper than': 'max',
  'up to': 'max',
  upto: 'max',
  max: 'max',
  maximum: 'max',
  'at most': 'max',
  'no more than': 'max',
  'not more than': 'max',
  'not over': 'max',
  'not above': 'max',
  'no higher than': 'max',
  'not exceeding': 'max',
  within: 'max',
  budget: 'max',
  spend: 'max',
  spending: 'max',
  'price limit': 'max',
  limit: 'max',
  '<': 'max',
  '<=': 'max',
  '≤': 'max',
  over: 'min',
  above: 'min',
  'more than': 'min',
  'greater than': 'min',
  'at least': 'min',
  from: 'min',
  'starting at': 'min',
  'starting from': 'min',
  min: 'min',
  minimum: 'min',
  'no less than': 'min',
  'not less than': 'min',
  'not under': 'min',
  'not below': 'min',
  '>': 'min',
  '>=': 'min',
  '≥': 'min',
  around: 'around',
  about: 'around',
  approximately: 'around',
  approx: 'around',
  roughly: 'around',
  circa: 'around',
  '~': 'around',
  'something like': 'around',
  'in the range of': 'around',
  'close to': 'around',
};
const SUFFIXES: Record<string, Bound> = {
  'or less': 'max',
  'or under': 'max',
  'or below': 'max',
  'or cheaper': 'max',
  'and under': 'max',
  'and below': 'max',
  max: 'max',
  maximum: 'max',
  tops: 'max',
  'at most': 'max',
  'or more': 'min',
  'and up': 'min',
  'and above': 'min',
  'or above': 'min',
  'or higher': 'min',
  plus: 'min',
  minimum: 'min',
  min: 'min',
  'at least': 'min',
  '+': 'min',
};

const BETWEEN = new RegExp(
  String.raw`(?<![a-z])(?:between|from)\s+(${MONEY})\s*(?:and|to|-)\s*(${MONEY})`,
  'g',
);
const DASHED = new RegExp(String.raw`(${MONEY})\s*(?:-|to)\s*(${MONEY})`, 'g');
const CUED = new RegExp(
  String.raw`(?<![a-z])(${alternationOf(Object.keys(CUES))})\s*(?:(?:of|is|at)\s+)?(${MONEY})`,
  'g',
);
const SUFFIXED = new RegExp(String.raw`(${MONEY})\s*(${alternationOf(Object.keys(SUFFIXES))})(?![a-z])`, 'g');
const BARE = new RegExp(MONEY, 'g');

interface Money {
  amount: number;
  currency: string | null;
}

/**
 * Reads a price from how people write one: a range ("between 50 and 80", "$50-$80", "50 to 80 bucks"), a
 * bound ("under $100", "at least 150", "1k or less"), an approximation ("around 200") or a bare amount
 * with a currency ("a $100 watch", read as a ceiling). Amounts take commas and a k suffix ("1,000",
 * "$1.5k"). A bare range or amount without any currency is not read as a price: it could be anything.
 */
export function findPrice(text: string): PriceFinding {
  return readRange(text) ?? readBounds(text) ?? readBareAmount(text) ?? { price: null, spans: [] };
}

function readRange(text: string): PriceFinding | null {
  const ranges = [...text.matchAll(BETWEEN), ...[...text.matchAll(DASHED)].filter(namesCurrency)];
  const match = ranges[0];
  if (match === undefined) return null;
  const low = parseMoney(match[1] as string);
  const high = parseMoney(match[2] as string);
  return {
    price: ordered(low.amount, high.amount, low.currency ?? high.currency),
    spans: [spanOf(match)],
  };
}

function readBounds(text: string): PriceFinding | null {
  const cued = [...text.matchAll(CUED)].map((match) =>
    bound(match, CUES[match[1] as string] as Bound, match[2] as string),
  );
  const rest = maskSpans(
    text,
    cued.map((b) => b.span),
  );
  const suffixed = [...rest.matchAll(SUFFIXED)].map((match) =>
    bound(match, SUFFIXES[match[2] as string] as Bound, match[1] as string),
  );
  const bounds = [...cued, ...suffixed];
  if (bounds.length === 0) return null;
  const min = bounds.find((b) => b.kind === 'min')?.money;
  const max = bounds.find((b) => b.kind === 'max')?.money;
  const around = bounds.find((b) => b.kind === 'around')?.money;
  const currency = bounds.find((b) => b.money.currency !== null)?.money.currency ?? null;
  const price =
    min === undefined && max === undefined && around !== undefined
      ? aroundRange(around.amount, currency)
      : ordered(min?.amount ?? null, max?.amount ?? null, currency);
  return { price, spans: bounds.map((b) => b.span) };
}

function readBareAmount(text: string): PriceFinding | null {
  const match = [...text.matchAll(BARE)].find(namesCurrency);
  if (match === undefined) return null;
  const money = parseMoney(match[0]);
  return { price: { min: null, max: money.amount, currency: money.currency }, spans: [spanOf(match)] };
}

/** `kind` comes from the table the matched cue was built from, so it always exists. */
function bound(match: RegExpMatchArray, kind: Bound, money: string) {
  return { kind, money: parseMoney(money), span: spanOf(match) };
}

function aroundRange(amount: number, currency: string | null): PriceMention {
  return {
    min: Math.round(amount * (1 - AROUND_TOLERANCE)),
    max: Math.round(amount * (1 + AROUND_TOLERANCE)),
    currency,
  };
}

function ordered(a: number | null, b: number | null, currency: string | null): PriceMention {
  if (a !== null && b !== null && a > b) return { min: b, max: a, currency };
  return { min: a, max: b, currency };
}

function namesCurrency(match: RegExpMatchArray): boolean {
  return parseMoney(match[0]).currency !== null;
}

function parseMoney(text: string): Money {
  const amount = AMOUNT.exec(text);
  const value = Number((amount?.[1] ?? '0').replaceAll(',', '')) * (amount?.[2] ? 1000 : 1);
  // "$1.3k" must read 1300, not 1299.9999999999998.
  return { amount: Math.round(value * 100) / 100, currency: currencyIn(text) };
}

function currencyIn(text: string): string | null {
  const symbol = /[$€£]/.exec(text)?.[0];
  if (symbol !== undefined) return SYMBOL_CURRENCIES[symbol] ?? null;
  const word = new RegExp(CURRENCY_WORD).exec(text)?.[0];
  return word === undefined ? null : (WORD_CURRENCIES[word] ?? null);
}
