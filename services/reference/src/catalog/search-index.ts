import type { Product } from '@talknshop/contracts';
import MiniSearch, { type SearchOptions } from 'minisearch';
import { processTerm, searchTerms, tokenize } from '../text';
import { typesNamedBy } from './type-intent';

const SEARCH_FIELDS = ['title', 'brand', 'product_type', 'description', 'colors'] as const;
type SearchField = (typeof SEARCH_FIELDS)[number];

const SEARCH_OPTIONS: SearchOptions = {
  boost: { title: 3, product_type: 2.5, brand: 2.5, colors: 1.5, description: 1 },
  // Short words ("red", "tee") match exactly; longer ones tolerate a typo and a missing ending.
  prefix: (term) => term.length >= 4,
  fuzzy: (term) => (term.length >= 6 ? 0.2 : false),
};

/** Score multiplier for products of a type the query names. */
const NAMED_TYPE_BOOST = 2;

export interface ScoredProduct {
  product: Product;
  /** MiniSearch score; 0 for a listing without query. */
  relevance: number;
}

/** Full-text index over a catalog: every query word must match if any product allows it, else any word. */
export class CatalogIndex {
  private readonly byId: Map<string, Product>;
  private readonly index: MiniSearch<Product>;
  private readonly productTypes: string[];

  constructor(readonly products: readonly Product[]) {
    this.byId = new Map(products.map((product) => [product.product_id, product]));
    this.productTypes = [...new Set(products.map((product) => product.product_type))];
    this.index = new MiniSearch<Product>({
      idField: 'product_id',
      fields: [...SEARCH_FIELDS],
      extractField: (product, field) => extractField(product, field as SearchField),
      tokenize,
      processTerm,
      searchOptions: SEARCH_OPTIONS,
    });
    this.index.addAll([...products]);
  }

  get(productId: string): Product | undefined {
    return this.byId.get(productId);
  }

  /**
   * Products matching `query` that pass `accept`, best first. All words must match when some accepted
   * product has them all; otherwise any word counts. A query without meaningful words lists every
   * accepted product by rating.
   */
  search(query: string, accept: (product: Product) => boolean): ScoredProduct[] {
    if (searchTerms(query).length === 0) return this.listing(accept);
    const namedTypes = typesNamedBy(query, this.productTypes);
    const options: SearchOptions = {
      boostDocument: (id) => (namedTypes.has(this.byId.get(id)?.product_type ?? '') ? NAMED_TYPE_BOOST : 1),
    };
    const strict = this.match(query, { ...options, combineWith: 'AND' }, accept);
    return strict.length > 0 ? strict : this.match(query, { ...options, combineWith: 'OR' }, accept);
  }

  private match(
    query: string,
    options: SearchOptions,
    accept: (product: Product) => boolean,
  ): ScoredProduct[] {
    const hits: ScoredProduct[] = [];
    for (const result of this.index.search(query, options)) {
      const product = this.byId.get(result.id as string);
      if (product && accept(product)) hits.push({ product, relevance: Math.round(result.score * 1e4) / 1e4 });
    }
    return hits.sort(
      (a, b) => b.relevance - a.relevance || a.product.product_id.localeCompare(b.product.product_id),
    );
  }

  private listing(accept: (product: Product) => boolean): ScoredProduct[] {
    return this.products
      .filter(accept)
      .sort(byRating)
      .map((product) => ({ product, relevance: 0 }));
  }
}

function extractField(product: Product, field: SearchField): string {
  return field === 'colors' ? product.colors.join(' ') : product[field];
}

function byRating(a: Product, b: Product): number {
  return b.rating - a.rating || b.review_count - a.review_count || a.product_id.localeCompare(b.product_id);
}
