import { z } from 'zod';

export const RequestTypeSchema = z.enum(['search', 'chat', 'clarify', 'replay']);
export type RequestType = z.infer<typeof RequestTypeSchema>;

export const RequestStatusSchema = z.enum(['pending', 'processing', 'completed', 'failed']);
export type RequestStatus = z.infer<typeof RequestStatusSchema>;

export const WorkflowStateNameSchema = z.enum([
  'INITIAL',
  'MEDIA_PROCESSING',
  'REQUIREMENT_BUILDING',
  'CLARIFICATION',
  'SEARCHING',
  'RANKING',
  'COMPLETED',
  'FAILED',
]);
export type WorkflowStateName = z.infer<typeof WorkflowStateNameSchema>;

const JsonValueSchema = z.json();
export type JsonObject = Record<string, z.infer<typeof JsonValueSchema>>;

/**
 * Arbitrary JSON object; its inner shape belongs to the caller (the api package), which validates it with
 * its own schemas. Here only its being an object is checked: walking every value of a large workflow
 * record on each read and write cost more CPU than anything else in the data layer.
 */
export const JsonObjectSchema = z.custom<JsonObject>(
  (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
  { message: 'must be a JSON object' },
);

/** Ids become parts of composite keys joined with '#', so they must not contain it. */
export const IdSchema = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[^#]+$/, 'must not contain "#"');

const TimestampSchema = z.iso.datetime();
const EpochSecondsSchema = z.number().int().nonnegative();

/**
 * Stored shapes as read back. Index attributes (`gsi_*`) are storage details: parsing strips them.
 * `expires_at` is the TTL attribute (epoch seconds); expired items are hidden on every read.
 */
export const SessionItemSchema = z.object({
  pk: IdSchema,
  sk: z.literal('SESSION'),
  entity: z.literal('session'),
  session_id: IdSchema,
  user_id: IdSchema,
  client_id: IdSchema,
  requirements: JsonObjectSchema.nullable(),
  pending_clarification: JsonObjectSchema.nullable(),
  /** `status`, `state` and `request_type` copy the session's latest request, for console filters. */
  status: RequestStatusSchema,
  state: WorkflowStateNameSchema,
  request_type: RequestTypeSchema,
  last_request_id: IdSchema.nullable(),
  request_count: z.number().int().nonnegative(),
  /** Prices of the latest results, so a follow-up like "cheaper" has something to compare with. */
  last_prices: z.array(z.number()).default([]),
  /** The catalog cursor after the latest results, for "show more". */
  last_cursor: z.string().nullable().default(null),
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
  version: z.number().int().positive(),
  expires_at: EpochSecondsSchema,
});
export type SessionItem = z.infer<typeof SessionItemSchema>;

export const RequestItemSchema = z.object({
  pk: IdSchema,
  sk: z.string().startsWith('REQ#'),
  entity: z.literal('request'),
  request_id: IdSchema,
  session_id: IdSchema,
  user_id: IdSchema,
  client_id: IdSchema,
  request_type: RequestTypeSchema,
  status: RequestStatusSchema,
  /** Top-level copy of the workflow state's name, so it can be filtered on. */
  state: WorkflowStateNameSchema,
  input_data: JsonObjectSchema,
  workflow_state: JsonObjectSchema,
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
  version: z.number().int().positive(),
  expires_at: EpochSecondsSchema,
  replay_of: IdSchema.optional(),
  lease_owner: z.string().min(1).optional(),
  /** Epoch milliseconds. */
  lease_expires_at: z.number().int().nonnegative().optional(),
});
export type RequestItem = z.infer<typeof RequestItemSchema>;

/** Everything needed to address a request item directly (its primary key is derived from these). */
export interface RequestRef {
  session_id: string;
  request_id: string;
  created_at: string;
}

export function isOpenStatus(status: RequestStatus): boolean {
  return status === 'pending' || status === 'processing';
}
