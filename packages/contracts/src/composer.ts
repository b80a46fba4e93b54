import { z } from 'zod';
import { SearchHitSchema } from './catalog';
import { RequirementsSchema } from './requirements';

export const RankRequestSchema = z.strictObject({
  requirements: RequirementsSchema,
  products: z.array(SearchHitSchema).max(200),
});
export type RankRequest = z.infer<typeof RankRequestSchema>;

export const RankedProductSchema = SearchHitSchema.extend({
  score: z.number(),
  why_ranked: z.array(z.string()),
});
export type RankedProduct = z.infer<typeof RankedProductSchema>;

/** Products come back best first. */
export const RankResponseSchema = z.object({
  products: z.array(RankedProductSchema),
});
export type RankResponse = z.infer<typeof RankResponseSchema>;

export const ComposeRequestSchema = z.strictObject({
  requirements: RequirementsSchema,
  products: z.array(RankedProductSchema).max(200),
  /** Which requirements the orchestrator dropped to find anything, so the reply can say so. */
  relaxed: z.array(z.string()).default([]),
  max_cards: z.number().int().min(1).max(20).default(5),
});
export type ComposeRequest = z.input<typeof ComposeRequestSchema>;

export const ResultCardSchema = z.object({
  product_id: z.string(),
  title: z.string(),
  subtitle: z.string(),
  price: z.number(),
  currency: z.string(),
  image_url: z.string(),
  url: z.string(),
  badges: z.array(z.string()),
});
export type ResultCard = z.infer<typeof ResultCardSchema>;

export const ComposeResponseSchema = z.object({
  reply: z.string(),
  cards: z.array(ResultCardSchema),
});
export type ComposeResponse = z.infer<typeof ComposeResponseSchema>;
