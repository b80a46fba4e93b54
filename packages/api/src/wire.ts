import { ConditionSchema, RequirementsSchema, SearchFiltersSchema } from '@talknshop/contracts';
import { z } from 'zod';

/**
 * The public API's wire format (snake_case, matching the table). These schemas drive validation, the tRPC
 * types, the REST adapters and the OpenAPI document at once.
 */

/** Identifiers end up inside DynamoDB keys (`REQ#<created_at>#<request_id>`): no separators allowed. */
export const IdentifierSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9_.:@-]+$/, 'may contain only letters, digits and _ . : @ -');

export const MAX_TEXT_LENGTH = 2000;

export const AUDIO_TYPES = [
  'audio/wav',
  'audio/x-wav',
  'audio/wave',
  'audio/mpeg',
  'audio/mp4',
  'audio/ogg',
  'audio/webm',
] as const;
export const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;
/** Decoded sizes: a voice note of a few minutes, a phone photo. */
export const MAX_AUDIO_BYTES = 8 * 1024 * 1024;
export const MAX_IMAGE_BYTES = 6 * 1024 * 1024;

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function mediaSchema(kind: 'audio' | 'image', types: readonly [string, ...string[]], maxBytes: number) {
  const contentType = z.enum(types, { message: `${kind} content_type must be one of ${types.join(', ')}` });
  return z
    .union([
      z.strictObject({
        content_type: contentType,
        data_base64: z
          .string()
          .min(4)
          .regex(BASE64, 'must be standard base64')
          .refine((value) => Math.floor((value.length * 3) / 4) <= maxBytes, {
            message: `decoded ${kind} must be at most ${maxBytes} bytes`,
          }),
      }),
      z.strictObject({
        content_type: contentType,
        url: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).max(2048),
      }),
    ])
    .meta({
      description: `Inline ${kind} ({content_type, data_base64}) or a reference ({content_type, url}).`,
    });
}

export const AudioInputSchema = mediaSchema('audio', AUDIO_TYPES, MAX_AUDIO_BYTES);
export const ImageInputSchema = mediaSchema('image', IMAGE_TYPES, MAX_IMAGE_BYTES);

export const SearchInputSchema = z
  .strictObject({
    user_id: IdentifierSchema,
    session_id: IdentifierSchema.optional(),
    query: z.string().trim().min(1).max(MAX_TEXT_LENGTH).optional(),
    audio: AudioInputSchema.optional(),
    image: ImageInputSchema.optional(),
    filters: SearchFiltersSchema.optional(),
    limit: z.number().int().min(1).max(50).default(10),
  })
  .refine((v) => v.query !== undefined || v.audio !== undefined || v.image !== undefined, {
    message: 'at least one of query, audio or image is required',
    path: ['query'],
  });
export type SearchInput = z.infer<typeof SearchInputSchema>;

export const ChatInputSchema = z.strictObject({
  user_id: IdentifierSchema,
  session_id: IdentifierSchema.optional(),
  message: z.string().trim().min(1).max(MAX_TEXT_LENGTH),
  audio: AudioInputSchema.optional(),
  image: ImageInputSchema.optional(),
});
export type ChatInput = z.infer<typeof ChatInputSchema>;

export const StructuredAnswersSchema = z.strictObject({
  product_type: z.string().min(1).max(100).optional(),
  price_min: z.number().nonnegative().optional(),
  price_max: z.number().nonnegative().optional(),
  currency: z.string().length(3).optional(),
  brands: z.array(z.string().min(1).max(100)).max(20).optional(),
  color: z.string().min(1).max(50).optional(),
  size: z.string().min(1).max(50).optional(),
  feature: z.string().min(1).max(100).optional(),
  condition: ConditionSchema.optional(),
  skip: z.boolean().optional(),
});
export type StructuredAnswers = z.infer<typeof StructuredAnswersSchema>;

export const ClarifyInputSchema = z
  .strictObject({
    session_id: IdentifierSchema,
    user_id: IdentifierSchema.optional(),
    answer: z.string().trim().min(1).max(MAX_TEXT_LENGTH).optional(),
    answers: StructuredAnswersSchema.optional(),
  })
  .refine((v) => v.answer !== undefined || v.answers !== undefined, {
    message: 'either answer (text) or answers (fields) is required',
    path: ['answer'],
  });
export type ClarifyInput = z.infer<typeof ClarifyInputSchema>;

export const SessionGetInputSchema = z.strictObject({
  session_id: IdentifierSchema,
  user_id: IdentifierSchema.optional(),
});

export const ClarificationSchema = z.object({
  question: z.string(),
  field: z.string(),
  suggestions: z.array(z.string()),
});
export type Clarification = z.infer<typeof ClarificationSchema>;

export const ResultSchema = z.object({
  product_id: z.string(),
  title: z.string(),
  brand: z.string(),
  price: z.number(),
  currency: z.string(),
  rating: z.number(),
  image_url: z.string(),
  url: z.string(),
  score: z.number(),
  why_ranked: z.array(z.string()),
});
export type Result = z.infer<typeof ResultSchema>;

export const ResponseStatusSchema = z.enum(['completed', 'awaiting_clarification', 'failed']);

export const WorkflowResponseSchema = z.object({
  session_id: z.string(),
  request_id: z.string(),
  status: ResponseStatusSchema,
  state: z.string(),
  requirements: RequirementsSchema,
  clarification: ClarificationSchema.nullable(),
  results: z.array(ResultSchema),
  reply: z.string().nullable(),
  degraded: z.array(z.string()),
});
export type WorkflowResponse = z.infer<typeof WorkflowResponseSchema>;

export const RequestSummarySchema = z.object({
  request_id: z.string(),
  request_type: z.string(),
  status: z.string(),
  state: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  input: z.object({
    text: z.string().nullable(),
    audio: z
      .object({ content_type: z.string(), bytes: z.number().nullable(), sha256: z.string().nullable() })
      .nullable(),
    image: z
      .object({ content_type: z.string(), bytes: z.number().nullable(), sha256: z.string().nullable() })
      .nullable(),
    answers: z.array(z.unknown()),
  }),
  result: z.object({
    product_ids: z.array(z.string()),
    reply: z.string().nullable(),
    clarification: ClarificationSchema.nullable(),
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
    degraded: z.array(z.string()),
  }),
});
export type RequestSummary = z.infer<typeof RequestSummarySchema>;

export const SessionViewSchema = z.object({
  session_id: z.string(),
  user_id: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  requirements: RequirementsSchema.nullable(),
  pending_clarification: ClarificationSchema.extend({ request_id: z.string() }).nullable(),
  requests: z.array(RequestSummarySchema),
});
export type SessionView = z.infer<typeof SessionViewSchema>;

export const HealthSchema = z.object({ status: z.literal('ok') });

export const ReadinessSchema = z.object({
  status: z.enum(['ready', 'not_ready']),
  checks: z.record(z.string(), z.object({ ok: z.boolean(), detail: z.string().optional() })),
});
export type Readiness = z.infer<typeof ReadinessSchema>;

export const ApiErrorBodySchema = z.object({
  code: z.string(),
  message: z.string(),
  issues: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  request_id: z.string().nullable(),
  session_id: z.string().nullable().optional(),
  retryable: z.boolean().optional(),
});
export type ApiErrorBody = z.infer<typeof ApiErrorBodySchema>;
