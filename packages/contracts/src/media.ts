import { z } from 'zod';
import { MediaInputSchema } from './common';

export const TranscribeRequestSchema = z.strictObject({
  audio: MediaInputSchema,
  language_hint: z.string().min(2).max(10).optional(),
});
export type TranscribeRequest = z.infer<typeof TranscribeRequestSchema>;

export const TranscribeResponseSchema = z.object({
  transcript: z.string(),
  confidence: z.number().min(0).max(1),
  language: z.string(),
  duration_seconds: z.number().nonnegative(),
});
export type TranscribeResponse = z.infer<typeof TranscribeResponseSchema>;

export const ExtractImageAttributesRequestSchema = z.strictObject({
  image: MediaInputSchema,
});
export type ExtractImageAttributesRequest = z.infer<typeof ExtractImageAttributesRequestSchema>;

export const ImageLabelSchema = z.object({
  name: z.string(),
  confidence: z.number().min(0).max(1),
});

export const DominantColorSchema = z.object({
  name: z.string(),
  hex: z.string().regex(/^#[0-9a-f]{6}$/),
  fraction: z.number().min(0).max(1),
});

export const ImageAttributesSchema = z.object({
  labels: z.array(ImageLabelSchema),
  colors: z.array(DominantColorSchema),
  detected_text: z.array(z.string()),
  product_type: z.string().nullable(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
});
export type ImageAttributes = z.infer<typeof ImageAttributesSchema>;
