import { validateHeaderValue } from 'node:http';
import {
  type EndpointContract,
  REQUEST_ID_HEADER,
  type ServiceName,
  TRACEPARENT_HEADER,
} from '@talknshop/contracts';
import {
  BrokenCircuitError,
  type CircuitBreakerPolicy,
  TaskCancelledError,
  TimeoutStrategy,
  timeout,
} from 'cockatiel';
import type { z } from 'zod';
import { type CallContext, msUntilDeadline } from './call-context';
import { type CallSink, reportCall } from './call-record';
import type { RetryConfig } from './config';
import { endpointUrl } from './endpoint-url';
import { CancelledError, CircuitOpenError, DownstreamError, TimeoutError, UnavailableError } from './errors';
import { type HttpAnswer, type HttpExchange, performExchange, where } from './http-exchange';
import type { Transport } from './http-transport';
import { createRetryPolicy } from './retry-policy';
import { isProbing } from './service-breaker';

/** Everything a call needs to know about the service it goes to. */
export interface ServiceRuntime {
  service: ServiceName;
  baseUrl: URL;
  /** Per attempt. */
  timeoutMs: number;
  breaker: CircuitBreakerPolicy;
  retry: Required<RetryConfig>;
  sink: CallSink | undefined;
  transport: Transport;
  validateRequests: boolean;
}

/**
 * Calls one endpoint of a service as its contract describes: validates the request unless told not to (a
 * ZodError here is the caller's bug), then runs attempts under retry → circuit breaker → per-attempt
 * timeout, reports each attempt to the sinks and resolves with a contract-valid response or rejects with a
 * DownstreamError.
 */
export async function callEndpoint<Req extends z.ZodType, Res extends z.ZodType>(
  runtime: ServiceRuntime,
  contract: EndpointContract<Req, Res>,
  input: z.input<Req>,
  ctx: CallContext,
): Promise<z.output<Res>> {
  const request = runtime.validateRequests ? contract.request.parse(input) : (input as z.output<Req>);
  const exchange = prepareExchange(runtime, contract, request, ctx);
  const policy = createRetryPolicy(runtime.retry, contract.idempotent, ctx.deadline);
  const answer = await policy.execute(
    ({ attempt }) => reportedAttempt(runtime, exchange, ctx, attempt + 1),
    ctx.signal,
  );
  return answer.value;
}

function prepareExchange<Req extends z.ZodType, Res extends z.ZodType>(
  runtime: ServiceRuntime,
  contract: EndpointContract<Req, Res>,
  request: z.output<Req>,
  ctx: CallContext,
): HttpExchange<z.output<Res>> {
  const body = contract.method === 'GET' ? undefined : JSON.stringify(request);
  return {
    service: runtime.service,
    endpoint: contract.path,
    method: contract.method,
    url: endpointUrl(runtime.baseUrl, contract.path, request),
    headers: requestHeaders(ctx, body !== undefined),
    body,
    responseSchema: contract.response,
    transport: runtime.transport,
  };
}

/** Checked eagerly so that an invalid header value is reported as the caller's bug, not as an outage. */
function requestHeaders(ctx: CallContext, hasBody: boolean): Record<string, string> {
  const headers: Record<string, string> = { accept: 'application/json', [REQUEST_ID_HEADER]: ctx.requestId };
  if (hasBody) headers['content-type'] = 'application/json';
  if (ctx.traceparent) headers[TRACEPARENT_HEADER] = ctx.traceparent;
  for (const [name, value] of Object.entries(headers)) validateHeaderValue(name, value);
  return headers;
}

async function reportedAttempt<T>(
  runtime: ServiceRuntime,
  exchange: HttpExchange<T>,
  ctx: CallContext,
  attempt: number,
): Promise<HttpAnswer<T>> {
  const startedAt = new Date().toISOString();
  const start = performance.now();
  const report = (status: number | null, error: DownstreamError | null) =>
    reportCall(
      {
        service: runtime.service,
        endpoint: exchange.endpoint,
        attempt,
        status,
        latency_ms: performance.now() - start,
        error_code: error?.code ?? null,
        started_at: startedAt,
      },
      [ctx.sink, runtime.sink],
    );
  try {
    const answer = await guardedAttempt(runtime, exchange, ctx);
    report(answer.status, null);
    return answer;
  } catch (thrown) {
    const error = asDownstreamError(thrown, exchange);
    report(error.status, error);
    throw error;
  }
}

/** The caller's abort and deadline are checked before the breaker: neither is the service's doing. */
async function guardedAttempt<T>(
  runtime: ServiceRuntime,
  exchange: HttpExchange<T>,
  ctx: CallContext,
): Promise<HttpAnswer<T>> {
  if (ctx.signal?.aborted) throw cancelled(exchange);
  const timeLeft = msUntilDeadline(ctx);
  if (timeLeft <= 0) {
    throw new TimeoutError({
      ...where(exchange),
      callerImposed: true,
      message: 'deadline passed before the attempt',
    });
  }
  if (isProbing(runtime.breaker)) throw circuitOpen(exchange);
  const budget = { ms: Math.min(runtime.timeoutMs, timeLeft), deadlineBound: timeLeft < runtime.timeoutMs };
  return runtime.breaker.execute(() => timedExchange(exchange, budget, ctx), ctx.signal);
}

async function timedExchange<T>(
  exchange: HttpExchange<T>,
  budget: { ms: number; deadlineBound: boolean },
  ctx: CallContext,
): Promise<HttpAnswer<T>> {
  try {
    // The exchange has read the whole body when it returns, so nothing is left to cancel: aborting the
    // signal then would only build an AbortError (and its stack) per call for nobody.
    return await timeout(budget.ms, {
      strategy: TimeoutStrategy.Aggressive,
      abortOnReturn: false,
    }).execute(({ signal }) => performExchange(exchange, signal), ctx.signal);
  } catch (error) {
    if (!(error instanceof TaskCancelledError)) throw error;
    if (ctx.signal?.aborted) throw cancelled(exchange, error);
    throw new TimeoutError({
      ...where(exchange),
      callerImposed: budget.deadlineBound,
      message: `no answer within ${budget.ms} ms${budget.deadlineBound ? ' (the caller deadline)' : ''}`,
      cause: error,
    });
  }
}

/** Keeps the promise of a closed set of errors whatever escapes the policies. */
function asDownstreamError(thrown: unknown, exchange: HttpExchange<unknown>): DownstreamError {
  if (thrown instanceof DownstreamError) return thrown;
  if (thrown instanceof BrokenCircuitError) return circuitOpen(exchange);
  // The policies' own cancellation: the caller's signal fired while they waited (a backoff, a probe).
  if (thrown instanceof TaskCancelledError) return cancelled(exchange, thrown);
  return new UnavailableError({
    ...where(exchange),
    message: `unexpected failure: ${String(thrown)}`,
    cause: thrown,
  });
}

function cancelled(exchange: HttpExchange<unknown>, cause?: unknown): CancelledError {
  return new CancelledError({ ...where(exchange), message: 'cancelled by the caller', cause });
}

function circuitOpen(exchange: HttpExchange<unknown>): CircuitOpenError {
  return new CircuitOpenError({ ...where(exchange), message: 'circuit open, call not attempted' });
}
