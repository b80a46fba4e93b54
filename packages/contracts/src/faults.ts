import { z } from 'zod';

/** Added latency: a fixed delay or a distribution sampled with the seeded generator. */
export const LatencySchema = z.union([
  z.number().int().nonnegative().max(600_000),
  z.strictObject({
    distribution: z.literal('uniform'),
    min_ms: z.number().nonnegative(),
    max_ms: z.number().nonnegative(),
  }),
  z.strictObject({
    distribution: z.literal('normal'),
    mean_ms: z.number().nonnegative(),
    stddev_ms: z.number().nonnegative(),
  }),
  z.strictObject({
    distribution: z.literal('lognormal'),
    median_ms: z.number().positive(),
    sigma: z.number().nonnegative(),
  }),
]);
export type Latency = z.infer<typeof LatencySchema>;

/**
 * One fault rule. `endpoint` is a route template as in the contract ("/search", "/products/{product_id}")
 * or "*" for every endpoint of the service. Faults apply in order: latency, then hang, then error, then
 * malformed body.
 */
export const FaultRuleSchema = z.strictObject({
  endpoint: z.string().min(1),
  latency: LatencySchema.optional(),
  error_rate: z.number().min(0).max(1).optional(),
  error_status: z.number().int().min(400).max(599).default(503),
  /** Accept the request and never answer (until the client gives up or the rule is cleared). */
  hang: z.boolean().optional(),
  /** Fraction of answers whose body is replaced with one that breaks the contract. */
  malformed_rate: z.number().min(0).max(1).optional(),
});
export type FaultRule = z.infer<typeof FaultRuleSchema>;

export const FaultConfigSchema = z.strictObject({
  /** Seed of the generator that decides which requests fail and what latency they get. */
  seed: z.number().int().default(1),
  rules: z.array(FaultRuleSchema).default([]),
});
export type FaultConfig = z.infer<typeof FaultConfigSchema>;
export type FaultConfigInput = z.input<typeof FaultConfigSchema>;

/** What a reference service saw, for tests that check forwarded headers. */
export const ObservedRequestSchema = z.object({
  method: z.string(),
  path: z.string(),
  headers: z.record(z.string(), z.string()),
  received_at: z.string(),
});
export type ObservedRequest = z.infer<typeof ObservedRequestSchema>;

/** Admin endpoints every reference service exposes for fault injection. */
export const ADMIN_PATHS = {
  /** GET the active config, PUT a new one (replaces), DELETE to clear. */
  faults: '/__admin/faults',
  /** GET the most recent requests (newest last), DELETE to forget them. */
  requests: '/__admin/requests',
} as const;
