import { type Span, spanOf } from './spans';

/** "highly rated", "well reviewed": no number given, read as four stars and up. */
export const QUALITATIVE_RATING_MIN = 4;

export interface RatingFinding {
  rating_min: number | null;
  spans: Span[];
}

const STARS = String.raw`(\d(?:\.\d+)?)`;
const AT_LEAST = '(?:at least|of at least|minimum|min|over|above|more than|higher than|no less than|>=?)';
const AND_UP = String.raw`(?:\s*(?:\+|and up|and above|or more|or higher|or better|or above|plus|minimum|min))?`;

const NUMERIC_RATINGS = [
  new RegExp(
    String.raw`(?<![a-z0-9.])(?:${AT_LEAST}\s*)?${STARS}\s*\+?\s*(?:stars?|star rating)${AND_UP}(?![a-z])`,
    'g',
  ),
  new RegExp(
    String.raw`(?<![a-z])(?:rated|rating|ratings)\s*(?:(?:of|is)\s+)?(?:${AT_LEAST}\s*)?${STARS}(?:\s*\+)?(?:\s*(?:stars?|out of 5))?${AND_UP}(?![a-z0-9])`,
    'g',
  ),
];
const QUALITATIVE_RATING =
  /(?<![a-z])(?:(?:highly|well|top|best|high|great) (?:rated|reviewed)|(?:good|great|excellent|positive) reviews)(?![a-z])/g;

/** Reads a minimum star rating: "4 stars and up", "rated at least 4.5", "4+ stars", "highly rated". */
export function findRating(text: string): RatingFinding {
  const spans: Span[] = [];
  let ratingMin: number | null = null;
  for (const pattern of NUMERIC_RATINGS) {
    for (const match of text.matchAll(pattern)) {
      const stars = Number(match[1]);
      if (stars > 5) continue;
      spans.push(spanOf(match));
      ratingMin ??= stars;
    }
  }
  for (const match of text.matchAll(QUALITATIVE_RATING)) {
    spans.push(spanOf(match));
    ratingMin ??= QUALITATIVE_RATING_MIN;
  }
  return { rating_min: ratingMin, spans };
}
