import { z } from 'zod';

/** Media travels either inline (base64) or by reference (URL); never both. */
export const MediaInputSchema = z.union([
  z.strictObject({
    content_type: z.string().min(3).max(100),
    data_base64: z.string().min(1),
  }),
  z.strictObject({
    content_type: z.string().min(3).max(100),
    url: z.url(),
  }),
]);
export type MediaInput = z.infer<typeof MediaInputSchema>;

export const ConditionSchema = z.enum(['new', 'used', 'refurbished']);
export type Condition = z.infer<typeof ConditionSchema>;

/** The body every reference service (and, by contract, every real one) answers errors with. */
export const ServiceErrorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    field: z.string().optional(),
  }),
});
export type ServiceErrorBody = z.infer<typeof ServiceErrorBodySchema>;

/** Headers the orchestrator forwards on every downstream call. */
export const REQUEST_ID_HEADER = 'x-request-id';
export const TRACEPARENT_HEADER = 'traceparent';
