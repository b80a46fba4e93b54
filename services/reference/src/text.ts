/**
 * Text normalisation shared by catalog search and ranking: the same tokens, stop words and plural folding
 * on both sides, so "laptops" finds "Laptop" and "running shoes" finds "Running Shoe".
 */

const SPACE_OR_PUNCTUATION = /[\n\r\p{Z}\p{P}\p{S}]+/u;

const STOP_WORDS = new Set([
  'a',
  'an',
  'and',
  'any',
  'are',
  'around',
  'at',
  'below',
  'buy',
  'by',
  'can',
  'cheap',
  'dollar',
  'find',
  'for',
  'from',
  'get',
  'good',
  'have',
  'i',
  'in',
  'is',
  'it',
  'less',
  'like',
  'looking',
  'me',
  'my',
  'need',
  'of',
  'on',
  'one',
  'or',
  'over',
  'please',
  'show',
  'some',
  'something',
  'than',
  'that',
  'the',
  'to',
  'under',
  'want',
  'with',
  'would',
]);

export function tokenize(text: string): string[] {
  return text.split(SPACE_OR_PUNCTUATION).filter((token) => token.length > 0);
}

/** Folds a word to its search form (lower case, singular), or null for words that carry no meaning. */
export function processTerm(term: string): string | null {
  const lower = term.toLowerCase();
  if (lower.length < 2 || STOP_WORDS.has(lower)) return null;
  const singular = singularize(lower);
  return STOP_WORDS.has(singular) ? null : singular;
}

/** The meaningful, folded terms of a text, in order. */
export function searchTerms(text: string): string[] {
  return tokenize(text)
    .map(processTerm)
    .filter((term): term is string => term !== null);
}

/** A light English plural folding; good enough for product nouns ("watches", "dresses", "batteries"). */
export function singularize(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (/(?:ch|sh|ss|x|z)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('ss') || word.endsWith('us') || word.endsWith('is')) return word;
  if (word.endsWith('s')) return word.slice(0, -1);
  return word;
}

/** Compares category names regardless of case and number ("Laptop" ≡ "laptops", "T-Shirt" ≡ "t-shirts"). */
export function sameCategory(a: string, b: string): boolean {
  return categoryKey(a) === categoryKey(b);
}

function categoryKey(category: string): string {
  return tokenize(category.toLowerCase()).map(singularize).join(' ');
}
