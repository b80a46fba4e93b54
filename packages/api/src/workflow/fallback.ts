import type { ComposeResponse, RankedProduct, Requirements, SearchHit } from '@talknshop/contracts';

/**
 * A deliberately simple ranker and reply writer used when the response composer is unavailable, so the
 * shopper still gets results (marked degraded) rather than an error.
 */
export function fallbackRank(requirements: Requirements, products: SearchHit[]): RankedProduct[] {
  const maxRelevance = Math.max(1, ...products.map((p) => p.relevance));
  return products
    .map((product) => {
      const why: string[] = ['ranked by the built-in fallback (composer unavailable)'];
      let score = product.relevance / maxRelevance;
      const budget = requirements.price?.max;
      if (budget != null && product.price <= budget) {
        score += 0.3;
        why.push(`within budget (${product.price} ≤ ${budget})`);
      }
      if (requirements.brands.some((brand) => brand.toLowerCase() === product.brand.toLowerCase())) {
        score += 0.2;
        why.push(`brand ${product.brand} as requested`);
      }
      score += product.rating / 25;
      return { ...product, score: Math.round(score * 1000) / 1000, why_ranked: why };
    })
    .sort((a, b) => b.score - a.score || a.product_id.localeCompare(b.product_id));
}

export function fallbackCompose(
  products: RankedProduct[],
  maxCards: number,
  relaxed: string[],
): ComposeResponse {
  const top = products.slice(0, maxCards);
  if (top.length === 0) {
    return { reply: "I couldn't find anything matching that. Could you describe it differently?", cards: [] };
  }
  const names = top
    .slice(0, 3)
    .map((p) => `${p.title} (${p.currency} ${p.price.toFixed(2)})`)
    .join('; ');
  const relaxedNote = relaxed.length ? ` I had to relax: ${relaxed.join(', ')}.` : '';
  return {
    reply: `Here are ${top.length} options: ${names}.${relaxedNote}`,
    cards: top.map((p) => ({
      product_id: p.product_id,
      title: p.title,
      subtitle: `${p.brand} · ${p.rating.toFixed(1)}★`,
      price: p.price,
      currency: p.currency,
      image_url: p.image_url,
      url: p.url,
      badges: [],
    })),
  };
}
