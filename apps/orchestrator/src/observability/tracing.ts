import { context, propagation, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';

export interface TracingOptions {
  /** From the standard OTEL_* variables: export over OTLP/HTTP when an endpoint is set. */
  env: Record<string, string | undefined>;
  version: string;
  /** Extra processors (tests use an in-memory exporter). */
  processors?: SpanProcessor[];
}

export interface Tracing {
  enabled: boolean;
  shutdown(): Promise<void>;
}

/**
 * OpenTelemetry tracing, off unless an OTLP endpoint is configured (or a test supplies a processor). The
 * provider is registered globally because that is how instrumentation in every package finds it; with none
 * registered, the spans those packages open are no-ops.
 */
export function startTracing(options: TracingOptions): Tracing {
  const { env } = options;
  const exporterOn =
    env.OTEL_TRACES_EXPORTER !== 'none' &&
    Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
  const processors = [
    ...(exporterOn ? [new BatchSpanProcessor(new OTLPTraceExporter())] : []),
    ...(options.processors ?? []),
  ];
  if (processors.length === 0) return { enabled: false, shutdown: async () => {} };
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: env.OTEL_SERVICE_NAME ?? 'talknshop-orchestrator',
      [ATTR_SERVICE_VERSION]: options.version,
    }),
    spanProcessors: processors,
  });
  provider.register();
  return { enabled: true, shutdown: () => provider.shutdown() };
}

const tracer = trace.getTracer('@talknshop/orchestrator');

/** Runs `handle` inside a server span that continues the caller's W3C trace context, if any. */
export function withServerSpan<T>(
  name: string,
  headers: Record<string, string | string[] | undefined>,
  attributes: Record<string, string>,
  handle: (span: Span) => Promise<T>,
): Promise<T> {
  const parent = propagation.extract(context.active(), headers, {
    get: (carrier, key) => carrier[key],
    keys: (carrier) => Object.keys(carrier),
  });
  return tracer.startActiveSpan(name, { kind: SpanKind.SERVER, attributes }, parent, async (span) => {
    try {
      return await handle(span);
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: String(error) });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** A client span per DynamoDB operation, whoever sends it. */
export function traceDynamo(client: {
  middlewareStack: { add: (middleware: never, options: { step: 'initialize'; name: string }) => void };
}): void {
  const middleware =
    (next: (args: unknown) => Promise<unknown>, ctx: { commandName?: string }) => (args: unknown) =>
      tracer.startActiveSpan(
        `dynamodb ${(ctx.commandName ?? 'Unknown').replace(/Command$/, '')}`,
        { kind: SpanKind.CLIENT, attributes: { 'db.system': 'dynamodb' } },
        async (span) => {
          try {
            return await next(args);
          } catch (error) {
            span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).name });
            throw error;
          } finally {
            span.end();
          }
        },
      );
  client.middlewareStack.add(middleware as never, { step: 'initialize', name: 'talknshopTracing' });
}

/** trace_id and span_id of the active span, for log lines. */
export function activeTraceIds(): { trace_id: string; span_id: string } | Record<string, never> {
  const span = trace.getActiveSpan();
  if (!span) return {};
  const { traceId, spanId } = span.spanContext();
  return { trace_id: traceId, span_id: spanId };
}

export { tracer as orchestratorTracer };
