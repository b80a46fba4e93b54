import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { WorkflowRecord } from '@talknshop/api';
import type { CallRecord, Clients } from '@talknshop/clients';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

const PREFIX = 'talknshop_';
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const BREAKER_VALUE = { closed: 0, 'half-open': 1, open: 2 } as const;

/** Every Prometheus metric the orchestrator exposes at GET /metrics, in one registry (no global state). */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: PREFIX });

  const httpDuration = new Histogram({
    name: `${PREFIX}http_request_duration_seconds`,
    help: 'HTTP request duration by route template, method and status code',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const workflowDuration = new Histogram({
    name: `${PREFIX}workflow_duration_seconds`,
    help: 'Workflow run duration (one HTTP call: a search, chat or clarify) by outcome',
    labelNames: ['outcome', 'request_type'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const stateDuration = new Histogram({
    name: `${PREFIX}workflow_state_duration_seconds`,
    help: 'Time spent in each workflow state',
    labelNames: ['state'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const callDuration = new Histogram({
    name: `${PREFIX}downstream_call_duration_seconds`,
    help: 'Downstream call attempt duration by service, endpoint and outcome (ok or an error code)',
    labelNames: ['service', 'endpoint', 'outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const retries = new Counter({
    name: `${PREFIX}downstream_retries_total`,
    help: 'Downstream attempts beyond the first',
    labelNames: ['service', 'endpoint'] as const,
    registers: [registry],
  });
  const rateLimited = new Counter({
    name: `${PREFIX}rate_limit_rejections_total`,
    help: 'Requests refused by a rate limit, by limit kind',
    labelNames: ['limit'] as const,
    registers: [registry],
  });
  const dynamoDuration = new Histogram({
    name: `${PREFIX}dynamodb_operation_duration_seconds`,
    help: 'DynamoDB operation latency, measured at the SDK',
    labelNames: ['operation'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const dynamoOperations = new Counter({
    name: `${PREFIX}dynamodb_operations_total`,
    help: 'DynamoDB operations sent by the SDK, by operation and outcome',
    labelNames: ['operation', 'outcome'] as const,
    registers: [registry],
  });
  const dynamoConflicts = new Counter({
    name: `${PREFIX}dynamodb_conditional_check_failures_total`,
    help: 'Conditional writes refused by DynamoDB (optimistic-locking conflicts and duplicate creates)',
    labelNames: ['operation'] as const,
    registers: [registry],
  });
  const dynamoWriteBytes = new Counter({
    name: `${PREFIX}dynamodb_write_bytes_total`,
    help: 'Request body bytes of DynamoDB write operations',
    labelNames: ['operation'] as const,
    registers: [registry],
  });

  return {
    registry,
    contentType: registry.contentType,
    render: () => registry.metrics(),

    observeHttp(route: string, method: string, status: number, seconds: number): void {
      httpDuration.observe({ route, method, status: String(status) }, seconds);
    },

    observeCall(record: CallRecord): void {
      const labels = { service: record.service, endpoint: record.endpoint };
      callDuration.observe({ ...labels, outcome: record.error_code ?? 'ok' }, record.latency_ms / 1000);
      if (record.attempt > 1) retries.inc(labels);
    },

    observeWorkflow(record: WorkflowRecord, requestType: string, seconds: number): void {
      const outcome = record.current === 'CLARIFICATION' ? 'clarification' : record.current.toLowerCase();
      workflowDuration.observe({ outcome, request_type: requestType }, seconds);
      for (const step of record.history) {
        if (step.duration_ms !== null && step.duration_ms > 0)
          stateDuration.observe({ state: step.state }, step.duration_ms / 1000);
      }
    },

    rateLimited(limit: string): void {
      rateLimited.inc({ limit });
    },

    /** Breaker states are read when Prometheus scrapes, so the gauge is never stale. */
    trackBreakers(clients: Clients): void {
      new Gauge({
        name: `${PREFIX}circuit_breaker_state`,
        help: 'Circuit breaker state per downstream service: 0 closed, 1 half-open, 2 open',
        labelNames: ['service'] as const,
        registers: [registry],
        collect() {
          for (const [service, state] of Object.entries(clients.breakerStates())) {
            this.set({ service }, BREAKER_VALUE[state]);
          }
        },
      });
    },

    /** Counts and times every DynamoDB operation at the SDK, whoever sends it. */
    instrumentDynamo(client: DynamoDBClient): void {
      client.middlewareStack.add(
        (next, context) => async (args) => {
          const operation = (context.commandName ?? 'Unknown').replace(/Command$/, '');
          const started = performance.now();
          try {
            const result = await next(args);
            dynamoOperations.inc({ operation, outcome: 'ok' });
            return result;
          } catch (error) {
            const name = (error as { name?: string }).name ?? 'Error';
            dynamoOperations.inc({ operation, outcome: name });
            if (name === 'ConditionalCheckFailedException') dynamoConflicts.inc({ operation });
            throw error;
          } finally {
            dynamoDuration.observe({ operation }, (performance.now() - started) / 1000);
          }
        },
        { step: 'initialize', name: 'talknshopMetrics' },
      );
      client.middlewareStack.add(
        (next, context) => async (args) => {
          const operation = (context.commandName ?? 'Unknown').replace(/Command$/, '');
          const body = (args.request as { body?: unknown }).body;
          if (/^(Put|Update|Delete|BatchWrite)/.test(operation)) {
            const bytes =
              typeof body === 'string'
                ? Buffer.byteLength(body)
                : body instanceof Uint8Array
                  ? body.byteLength
                  : 0;
            dynamoWriteBytes.inc({ operation }, bytes);
          }
          return next(args);
        },
        { step: 'finalizeRequest', name: 'talknshopWriteBytes' },
      );
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

/** Route templates keep label cardinality bounded: ids never become labels. */
export function routeOf(pathname: string): string {
  if (pathname.startsWith('/trpc/'))
    return `/trpc/${pathname.slice(6).split(',').length > 1 ? '(batch)' : pathname.slice(6)}`;
  if (/^\/api\/v1\/sessions\/[^/]+\/clarify$/.test(pathname)) return '/api/v1/sessions/{session_id}/clarify';
  if (/^\/api\/v1\/sessions\/[^/]+\/events$/.test(pathname)) return '/api/v1/sessions/{session_id}/events';
  if (/^\/api\/v1\/sessions\/[^/]+$/.test(pathname)) return '/api/v1/sessions/{session_id}';
  const known = ['/health', '/health/ready', '/api/v1/search', '/api/v1/chat', '/openapi.json', '/metrics'];
  if (known.includes(pathname)) return pathname;
  if (pathname.startsWith('/docs')) return '/docs';
  if (pathname.startsWith('/redoc')) return '/redoc';
  return 'other';
}
