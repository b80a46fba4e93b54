import type { Span } from './spans';

export interface PhraseMatch<T> extends Span {
  text: string;
  value: T;
}

export interface PhraseMatcher<T> {
  /** Every whole-word occurrence, left to right; where phrases overlap the longest one wins. */
  find(text: string): PhraseMatch<T>[];
}

/** Characters that continue a word: a phrase never matches inside a longer word ("tan" in "titanium"). */
const WORD = 'a-z0-9&';

/**
 * Compiles normalised phrases into one regular expression. The first value given for a phrase wins, so
 * callers list their entries in order of precedence.
 */
export function createPhraseMatcher<T>(entries: Iterable<readonly [string, T]>): PhraseMatcher<T> {
  const values = new Map<string, T>();
  for (const [phrase, value] of entries) {
    if (phrase !== '' && !values.has(phrase)) values.set(phrase, value);
  }
  if (values.size === 0) return { find: () => [] };
  const pattern = new RegExp(`(?<![${WORD}])(?:${alternationOf(values.keys())})(?![${WORD}])`, 'g');
  return {
    find: (text) =>
      [...text.matchAll(pattern)].map((match) => ({
        start: match.index,
        end: match.index + match[0].length,
        text: match[0],
        value: values.get(match[0]) as T,
      })),
  };
}

/** A regular-expression alternation of literal phrases, longest first so the longest match wins. */
export function alternationOf(phrases: Iterable<string>): string {
  return [...phrases]
    .sort((a, b) => b.length - a.length)
    .map((phrase) => phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|');
}
