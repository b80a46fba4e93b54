import {
  CatalogSearchResponseSchema,
  ComposeResponseSchema,
  ImageAttributesSchema,
  RankResponseSchema,
  RequirementsSchema,
  TranscribeResponseSchema,
} from '@talknshop/contracts';
import { z } from 'zod';
import { StructuredAnswersSchema } from '../wire';
import { WorkflowStateNameSchema } from './states';
import { decodeActivities, unpackedWorkflowState } from './stored-record';

export const CallRecordSchema = z.object({
  service: z.string(),
  endpoint: z.string(),
  attempt: z.number(),
  status: z.number().nullable(),
  latency_ms: z.number(),
  error_code: z.string().nullable(),
  started_at: z.string(),
});
export type CallRecordEntry = z.infer<typeof CallRecordSchema>;

export const ActivityErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  service: z.string().nullable(),
  retryable: z.boolean(),
  downstream_code: z.string().nullable(),
});
export type ActivityError = z.infer<typeof ActivityErrorSchema>;

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: ActivityError };

export const ACTIVITY_NAMES = ['transcribe', 'extractImage', 'search', 'rank', 'compose'] as const;
export type ActivityName = (typeof ACTIVITY_NAMES)[number];

const outcomeOf = <T extends z.ZodType>(value: T) =>
  z.union([
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), error: ActivityErrorSchema }),
  ]);

/** Each side effect's result, in the order the workflow asked for it: what a recorded replay feeds back. */
export const ActivityRecordSchema = z.discriminatedUnion('name', [
  z.object({ name: z.literal('transcribe'), outcome: outcomeOf(TranscribeResponseSchema) }),
  z.object({ name: z.literal('extractImage'), outcome: outcomeOf(ImageAttributesSchema) }),
  z.object({ name: z.literal('search'), outcome: outcomeOf(CatalogSearchResponseSchema) }),
  z.object({ name: z.literal('rank'), outcome: outcomeOf(RankResponseSchema) }),
  z.object({ name: z.literal('compose'), outcome: outcomeOf(ComposeResponseSchema) }),
]);
export type ActivityRecord = z.infer<typeof ActivityRecordSchema>;

export const TransitionSchema = z.object({
  state: WorkflowStateNameSchema,
  entered_at: z.string(),
  left_at: z.string().nullable(),
  duration_ms: z.number().nullable(),
});
export type Transition = z.infer<typeof TransitionSchema>;

export const ClarificationFieldSchema = z.enum(['product_type', 'budget', 'feature', 'text']);
export type ClarificationFieldName = z.infer<typeof ClarificationFieldSchema>;

export const AnswerSchema = z.object({
  text: z.string().optional(),
  fields: StructuredAnswersSchema.optional(),
});
export type Answer = z.infer<typeof AnswerSchema>;

export const ClarificationRoundSchema = z.object({
  field: ClarificationFieldSchema,
  question: z.string(),
  suggestions: z.array(z.string()),
  asked_at: z.string(),
  answer: AnswerSchema.nullable(),
  answered_at: z.string().nullable(),
});
export type ClarificationRound = z.infer<typeof ClarificationRoundSchema>;

export const RankingEntrySchema = z.object({
  product_id: z.string(),
  score: z.number(),
  why_ranked: z.array(z.string()),
});

export const WorkflowRecordSchema = z.object({
  current: WorkflowStateNameSchema,
  history: z.array(TransitionSchema),
  steps: z.object({
    transcript: TranscribeResponseSchema.nullable(),
    image_attributes: ImageAttributesSchema.nullable(),
    requirements: RequirementsSchema.nullable(),
    search: z
      .object({
        product_ids: z.array(z.string()),
        total: z.number(),
        relaxed: z.array(z.string()),
        next_cursor: z.string().nullable(),
      })
      .nullable(),
    ranking: z.array(RankingEntrySchema).nullable(),
    reply: z.string().nullable(),
  }),
  clarifications: z.array(ClarificationRoundSchema),
  /** Records stored before they were packed whole may hold it compressed (see stored-record.ts). */
  activities: z.preprocess(decodeActivities, z.array(ActivityRecordSchema)),
  calls: z.array(CallRecordSchema),
  errors: z.array(
    z.object({ state: WorkflowStateNameSchema, code: z.string(), message: z.string(), at: z.string() }),
  ),
  degraded: z.array(z.string()),
  failure: ActivityErrorSchema.nullable(),
});
export type WorkflowRecord = z.infer<typeof WorkflowRecordSchema>;

/** A request item's `workflow_state` as stored (see stored-record.ts), read back as the record. */
export const StoredWorkflowRecordSchema = z.preprocess(unpackedWorkflowState, WorkflowRecordSchema);

export function newRecord(now: Date): WorkflowRecord {
  return {
    current: 'INITIAL',
    history: [{ state: 'INITIAL', entered_at: now.toISOString(), left_at: null, duration_ms: null }],
    steps: {
      transcript: null,
      image_attributes: null,
      requirements: null,
      search: null,
      ranking: null,
      reply: null,
    },
    clarifications: [],
    activities: [],
    calls: [],
    errors: [],
    degraded: [],
    failure: null,
  };
}

export function pendingClarification(record: WorkflowRecord): ClarificationRound | null {
  const last = record.clarifications.at(-1);
  return record.current === 'CLARIFICATION' && last && last.answer === null ? last : null;
}
