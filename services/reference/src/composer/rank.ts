import type { RankedProduct, Requirements, SearchHit } from '@talknshop/contracts';
import { evaluateFit, fitScore } from './requirement-fit';

/**
 * Orders products by how well they fit the requirements plus their (normalised) text relevance; every
 * product says why in `why_ranked`. Ties go to relevance, rating, review count, lower price, then id.
 */
export function rankProducts(requirements: Requirements, products: readonly SearchHit[]): RankedProduct[] {
  const topRelevance = Math.max(0, ...products.map((product) => product.relevance));
  return products
    .map((product) => {
      const criteria = evaluateFit(requirements, product, topRelevance);
      return {
        ...product,
        score: fitScore(criteria),
        why_ranked: criteria.map((criterion) => criterion.reason),
      };
    })
    .sort(
      (a, b) =>
        b.score - a.score ||
        b.relevance - a.relevance ||
        b.rating - a.rating ||
        b.review_count - a.review_count ||
        a.price - b.price ||
        a.product_id.localeCompare(b.product_id),
    );
}
