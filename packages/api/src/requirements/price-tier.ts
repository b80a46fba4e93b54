import type { Requirements } from '@talknshop/contracts';
import type { PriceSteps } from './vocabulary';

/** Relative price wishes ("cheap", "premium") are kept as `attributes.price_tier`. */
export const PRICE_TIER_ATTRIBUTE = 'price_tier';
export type PriceTier = 'budget' | 'premium';
export const DEFAULT_CURRENCY = 'USD';

/**
 * Turns a relative price wish into a price once the product type is known: "cheap" caps the price at the
 * type's first price step, "premium" starts at its last one. Without a known type (or steps for it) only
 * the tier attribute stays, and the price is filled in when a later message names the type.
 */
export function resolvePriceTier(
  requirements: Requirements,
  priceStepsOf: (productType: string) => PriceSteps | undefined,
): Requirements {
  const tier = requirements.attributes[PRICE_TIER_ATTRIBUTE]?.[0];
  if (requirements.price !== null || tier === undefined || requirements.product_type === null) {
    return requirements;
  }
  const steps = priceStepsOf(requirements.product_type);
  if (steps === undefined) return requirements;
  const price =
    tier === 'premium'
      ? { min: steps[2], max: null, currency: DEFAULT_CURRENCY }
      : { min: null, max: steps[0], currency: DEFAULT_CURRENCY };
  return { ...requirements, price };
}
