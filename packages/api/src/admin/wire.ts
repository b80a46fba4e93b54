import { RequirementsSchema } from '@talknshop/contracts';
import { z } from 'zod';
import { IdentifierSchema } from '../wire';
import { WorkflowStateNameSchema } from '../workflow/states';

/**
 * The operator console's API (tRPC only, under `admin.*`; every procedure but `login`/`me` requires an
 * operator session cookie, and answers 401 without one).
 */

export const LoginInputSchema = z.strictObject({
  username: z.string().min(1).max(100),
  password: z.string().min(1).max(200),
});

export const OperatorSchema = z.object({ username: z.string() });
export type Operator = z.infer<typeof OperatorSchema>;

export const RequestStatusFilterSchema = z.enum(['pending', 'processing', 'completed', 'failed']);
export const RequestTypeFilterSchema = z.enum(['search', 'chat', 'clarify', 'replay']);

export const SessionListInputSchema = z.strictObject({
  user_id: IdentifierSchema.optional(),
  status: RequestStatusFilterSchema.optional(),
  state: WorkflowStateNameSchema.optional(),
  request_type: RequestTypeFilterSchema.optional(),
  /** ISO-8601, inclusive. */
  from: z.iso.datetime().optional(),
  /** ISO-8601, exclusive. */
  to: z.iso.datetime().optional(),
  limit: z.number().int().min(1).max(100).default(25),
  cursor: z.string().max(2000).nullish(),
});
export type SessionListInput = z.infer<typeof SessionListInputSchema>;

export const SessionRowSchema = z.object({
  session_id: z.string(),
  user_id: z.string(),
  client_id: z.string(),
  status: z.string(),
  state: z.string(),
  request_type: z.string(),
  request_count: z.number(),
  last_request_id: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type SessionRow = z.infer<typeof SessionRowSchema>;

export const SessionListOutputSchema = z.object({
  items: z.array(SessionRowSchema),
  cursor: z.string().nullable(),
});
export type SessionListOutput = z.infer<typeof SessionListOutputSchema>;

export const StatusCountsInputSchema = z.strictObject({
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
});
export type StatusCountsInput = z.infer<typeof StatusCountsInputSchema>;
export const StatusCountsOutputSchema = z.object({
  pending: z.number(),
  processing: z.number(),
  completed: z.number(),
  failed: z.number(),
});
export type StatusCounts = z.infer<typeof StatusCountsOutputSchema>;

export const LookupInputSchema = z.strictObject({ id: IdentifierSchema });
export const LookupOutputSchema = z.object({
  kind: z.enum(['session', 'request']),
  session_id: z.string(),
  request_id: z.string().nullable(),
});
export type LookupOutput = z.infer<typeof LookupOutputSchema>;

/** A request as the console shows it: everything stored, raw media excluded (it never is stored). */
export const RequestDetailSchema = z.object({
  request_id: z.string(),
  session_id: z.string(),
  user_id: z.string(),
  request_type: z.string(),
  status: z.string(),
  state: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  version: z.number(),
  replay_of: z.string().nullable(),
  input_data: z.record(z.string(), z.unknown()),
  workflow_state: z.record(z.string(), z.unknown()),
});
export type RequestDetail = z.infer<typeof RequestDetailSchema>;

export const SessionDetailInputSchema = z.strictObject({ session_id: IdentifierSchema });
export const SessionDetailSchema = z.object({
  session: SessionRowSchema.extend({
    requirements: RequirementsSchema.nullable(),
    pending_clarification: z.record(z.string(), z.unknown()).nullable(),
  }),
  requests: z.array(RequestDetailSchema),
});
export type SessionDetail = z.infer<typeof SessionDetailSchema>;

export const ReplayModeSchema = z.enum(['recorded', 'live']);
export type ReplayMode = z.infer<typeof ReplayModeSchema>;
export const ReplayInputSchema = z.strictObject({
  request_id: IdentifierSchema,
  mode: ReplayModeSchema,
});
export type ReplayInput = z.infer<typeof ReplayInputSchema>;

/** `admin.replays.get`: the request id of a replay. */
export const ReplayGetInputSchema = z.strictObject({ request_id: IdentifierSchema });

export const FailureSummarySchema = z.object({ code: z.string(), message: z.string() }).nullable();

export const ResultDiffSchema = z.object({
  original: z.array(z.string()),
  replay: z.array(z.string()),
  /** Product ids in both lists. */
  overlap: z.array(z.string()),
  only_original: z.array(z.string()),
  only_replay: z.array(z.string()),
  /** Products in both lists whose position changed. */
  moved: z.array(z.object({ product_id: z.string(), from: z.number(), to: z.number() })),
});

export const ReplayDiffSchema = z.object({
  identical: z.boolean(),
  state_path: z.object({ original: z.array(z.string()), replay: z.array(z.string()), same: z.boolean() }),
  requirements: z.object({
    same: z.boolean(),
    /** Dotted paths of the fields that differ, e.g. "price.max". */
    changed_fields: z.array(z.string()),
    original: RequirementsSchema.nullable(),
    replay: RequirementsSchema.nullable(),
  }),
  results: ResultDiffSchema.extend({ same: z.boolean() }),
  reply: z.object({ original: z.string().nullable(), replay: z.string().nullable(), same: z.boolean() }),
  /** Time spent in each state (ms), side by side. */
  step_latency: z.array(
    z.object({ state: z.string(), original_ms: z.number().nullable(), replay_ms: z.number().nullable() }),
  ),
  /**
   * How each run failed, if it did (e.g. `REPLAY_DIVERGED` when today's decisions asked for a call the
   * original never made). Always sent by this server; optional only so that older payloads still parse.
   */
  failure: z
    .object({ original: FailureSummarySchema, replay: FailureSummarySchema, same: z.boolean() })
    .optional(),
});
export type ReplayDiff = z.infer<typeof ReplayDiffSchema>;

export const ReplayOutputSchema = z.object({
  replay: RequestDetailSchema,
  original: RequestDetailSchema,
  diff: ReplayDiffSchema,
});
export type ReplayOutput = z.infer<typeof ReplayOutputSchema>;

export const LatencyWindowSchema = z.enum(['15m', '1h', '24h']);
export type LatencyWindow = z.infer<typeof LatencyWindowSchema>;

export const LatencyInputSchema = z.strictObject({ window: LatencyWindowSchema.default('1h') });
export type LatencyInput = z.infer<typeof LatencyInputSchema>;

export const LatencyPointSchema = z.object({
  /** Start of the point's time bucket, ISO-8601. */
  at: z.string(),
  count: z.number(),
  errors: z.number(),
  p50: z.number().nullable(),
  p95: z.number().nullable(),
  p99: z.number().nullable(),
});

export type LatencyPoint = z.infer<typeof LatencyPointSchema>;

export const EndpointLatencySchema = z.object({
  service: z.string(),
  endpoint: z.string(),
  count: z.number(),
  errors: z.number(),
  error_rate: z.number(),
  p50: z.number().nullable(),
  p95: z.number().nullable(),
  p99: z.number().nullable(),
  series: z.array(LatencyPointSchema),
  slowest: z.array(
    z.object({ request_id: z.string(), session_id: z.string(), latency_ms: z.number(), at: z.string() }),
  ),
});

export type EndpointLatency = z.infer<typeof EndpointLatencySchema>;

export const LatencyOutputSchema = z.object({
  window: LatencyWindowSchema,
  from: z.string(),
  to: z.string(),
  /** How percentiles are computed and how far off they can be. */
  method: z.string(),
  endpoints: z.array(EndpointLatencySchema),
  breakers: z.record(z.string(), z.enum(['closed', 'open', 'half-open'])),
});
export type LatencyOutput = z.infer<typeof LatencyOutputSchema>;
