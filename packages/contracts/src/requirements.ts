import { z } from 'zod';
import { ConditionSchema } from './common';

export const PriceRangeSchema = z.object({
  min: z.number().nonnegative().nullable(),
  max: z.number().nonnegative().nullable(),
  currency: z.string().length(3),
});
export type PriceRange = z.infer<typeof PriceRangeSchema>;

/**
 * Structured shopping requirements: what the orchestrator builds from text, transcript and image, and what
 * the response composer ranks against. `attributes` holds free-form facets (color, size, material, ...),
 * each a list of accepted values.
 */
export const RequirementsSchema = z.object({
  product_type: z.string().nullable(),
  keywords: z.array(z.string()),
  attributes: z.record(z.string(), z.array(z.string())),
  price: PriceRangeSchema.nullable(),
  brands: z.array(z.string()),
  rating_min: z.number().min(0).max(5).nullable(),
  condition: ConditionSchema.nullable(),
});
export type Requirements = z.infer<typeof RequirementsSchema>;

export const EMPTY_REQUIREMENTS: Requirements = Object.freeze({
  product_type: null,
  keywords: [],
  attributes: {},
  price: null,
  brands: [],
  rating_min: null,
  condition: null,
}) as Requirements;
