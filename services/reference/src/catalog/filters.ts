import type { Product, SearchFilters } from '@talknshop/contracts';
import { normalizeColor } from '../colors';
import { sameCategory } from '../text';

export interface ProductCriteria {
  productType?: string;
  filters?: SearchFilters;
}

/**
 * A predicate accepting the products that satisfy every given filter. Brands, colors and sizes ignore case;
 * an empty list filters nothing, like an absent one.
 */
export function productFilter({ productType, filters = {} }: ProductCriteria): (product: Product) => boolean {
  const brands = normalizedSet(filters.brands, normalizeText);
  const colors = normalizedSet(filters.colors, normalizeColor);
  const sizes = normalizedSet(filters.sizes, normalizeText);
  const conditions = normalizedSet(filters.condition, (condition) => condition);
  return (product) =>
    (productType === undefined || sameCategory(product.product_type, productType)) &&
    (filters.price_min === undefined || product.price >= filters.price_min) &&
    (filters.price_max === undefined || product.price <= filters.price_max) &&
    (brands === null || brands.has(normalizeText(product.brand))) &&
    (colors === null || product.colors.some((color) => colors.has(normalizeColor(color)))) &&
    (sizes === null || product.sizes.some((size) => sizes.has(normalizeText(size)))) &&
    (filters.rating_min === undefined || product.rating >= filters.rating_min) &&
    (conditions === null || conditions.has(product.condition)) &&
    (filters.in_stock === undefined || product.in_stock === filters.in_stock);
}

/** Lower case with runs of whitespace collapsed, for comparing names people type. */
export function normalizeText(text: string): string {
  return text.trim().toLowerCase().replace(/\s+/g, ' ');
}

function normalizedSet(
  values: string[] | undefined,
  normalize: (value: string) => string,
): Set<string> | null {
  return values === undefined || values.length === 0 ? null : new Set(values.map(normalize));
}
