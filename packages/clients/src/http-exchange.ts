import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { ServiceErrorBodySchema, type ServiceName } from '@talknshop/contracts';
import { TaskCancelledError } from 'cockatiel';
import { z } from 'zod';
import {
  BadResponseError,
  type DownstreamError,
  type DownstreamErrorDetails,
  NotFoundError,
  RejectedError,
  UnavailableError,
} from './errors';
import type { Transport } from './http-transport';

/** One HTTP request to one endpoint, fully prepared. */
export interface HttpExchange<T> {
  service: ServiceName;
  /** Route template, for error reporting. */
  endpoint: string;
  method: 'GET' | 'POST';
  url: URL;
  headers: Record<string, string>;
  body: string | undefined;
  /** Parses a response body; only its success or the contract violation matters here. */
  responseSchema: { safeParse(value: unknown): z.ZodSafeParseResult<T> };
  transport: Transport;
}

export interface HttpAnswer<T> {
  status: number;
  value: T;
}

/**
 * Sends the request and turns the answer into a contract-valid value or a DownstreamError. Aborting
 * `signal` (at any point, the body download included) rejects with cockatiel's TaskCancelledError so the
 * timeout policy around it can tell cancellation from a broken connection.
 */
export async function performExchange<T>(
  exchange: HttpExchange<T>,
  signal: AbortSignal,
): Promise<HttpAnswer<T>> {
  // One client span per attempt; its context travels downstream as `traceparent` (a no-op without a tracer).
  return tracer.startActiveSpan(
    `${exchange.method} ${exchange.service} ${exchange.endpoint}`,
    {
      kind: SpanKind.CLIENT,
      attributes: {
        'http.request.method': exchange.method,
        'url.full': exchange.url.href,
        'talknshop.service': exchange.service,
        'talknshop.endpoint': exchange.endpoint,
      },
    },
    async (span) => {
      try {
        propagation.inject(context.active(), exchange.headers, {
          set: (carrier, key, value) => {
            carrier[key] = value;
          },
        });
        const { status, text } = await transmit(exchange, signal);
        span.setAttribute('http.response.status_code', status);
        if (status >= 200 && status < 300) {
          return { status, value: parseSuccessBody(exchange, status, text) };
        }
        throw errorForStatus(exchange, status, text);
      } catch (error) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: describe(error) });
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

const tracer = trace.getTracer('@talknshop/clients');

async function transmit(
  exchange: HttpExchange<unknown>,
  signal: AbortSignal,
): Promise<{ status: number; text: string }> {
  try {
    return await exchange.transport({
      url: exchange.url,
      method: exchange.method,
      headers: exchange.headers,
      body: exchange.body,
      signal,
    });
  } catch (error) {
    if (signal.aborted) throw new TaskCancelledError('request aborted');
    throw new UnavailableError({
      ...where(exchange),
      message: `connection failed: ${describe(error)}`,
      cause: error,
    });
  }
}

function parseSuccessBody<T>(exchange: HttpExchange<T>, status: number, text: string): T {
  const json = parseJson(text);
  if (!json.ok) {
    throw new BadResponseError({
      ...where(exchange),
      status,
      message: `HTTP ${status} with a body that is not JSON`,
    });
  }
  const parsed = exchange.responseSchema.safeParse(json.value);
  if (!parsed.success) {
    throw new BadResponseError({
      ...where(exchange),
      status,
      message: `HTTP ${status} with a body that breaks the contract: ${z.prettifyError(parsed.error)}`,
      cause: parsed.error,
    });
  }
  return parsed.data;
}

function errorForStatus(exchange: HttpExchange<unknown>, status: number, text: string): DownstreamError {
  const body = parseErrorBody(text);
  const details: DownstreamErrorDetails = {
    ...where(exchange),
    status,
    downstreamCode: body?.code ?? null,
    message: `HTTP ${status}${body ? ` ${body.code}: ${body.message}` : ''}`,
  };
  if (status === 404) return new NotFoundError(details);
  if (status >= 400 && status < 500) return new RejectedError(details);
  if (status >= 500 && status < 600) return new UnavailableError(details);
  return new BadResponseError({ ...details, message: `unexpected HTTP status ${status}` });
}

function parseErrorBody(text: string): { code: string; message: string } | null {
  const json = parseJson(text);
  if (!json.ok) return null;
  const parsed = ServiceErrorBodySchema.safeParse(json.value);
  return parsed.success ? parsed.data.error : null;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** The service and route an error is about. */
export function where(exchange: HttpExchange<unknown>): Pick<DownstreamErrorDetails, 'service' | 'endpoint'> {
  return { service: exchange.service, endpoint: exchange.endpoint };
}

/** Names the socket error (ECONNREFUSED, ECONNRESET, ...), which some transports hide in `cause`. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause;
  if (cause instanceof Error) {
    const code = (cause as NodeJS.ErrnoException).code;
    return code ? `${error.message} (${code})` : `${error.message} (${cause.message})`;
  }
  return error.message;
}
