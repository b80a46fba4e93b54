import type { ServiceName } from '@talknshop/contracts';

export type DownstreamErrorCode =
  | 'UNAVAILABLE'
  | 'TIMEOUT'
  | 'CANCELLED'
  | 'BAD_RESPONSE'
  | 'CIRCUIT_OPEN'
  | 'NOT_FOUND'
  | 'REJECTED';

/** Failures that may succeed if the caller tries again later (the downstream input was not at fault). */
const RETRYABLE_CODES: ReadonlySet<DownstreamErrorCode> = new Set(['UNAVAILABLE', 'TIMEOUT', 'CIRCUIT_OPEN']);

export interface DownstreamErrorDetails {
  service: ServiceName;
  /** Route template of the contract, e.g. '/products/{product_id}'. */
  endpoint: string;
  message: string;
  status?: number | null;
  downstreamCode?: string | null;
  cause?: unknown;
}

/** The only kind of error a client call fails with once its request body has been validated. */
export class DownstreamError extends Error {
  readonly code: DownstreamErrorCode;
  readonly service: ServiceName;
  readonly endpoint: string;
  readonly status: number | null;
  readonly downstreamCode: string | null;
  readonly retryable: boolean;

  constructor(code: DownstreamErrorCode, details: DownstreamErrorDetails) {
    super(`${details.service} ${details.endpoint}: ${details.message}`, { cause: details.cause });
    this.name = new.target.name;
    this.code = code;
    this.service = details.service;
    this.endpoint = details.endpoint;
    this.status = details.status ?? null;
    this.downstreamCode = details.downstreamCode ?? null;
    this.retryable = RETRYABLE_CODES.has(code);
  }
}

/** Connection refused or reset, or a 5xx answer (after retries where they were allowed). */
export class UnavailableError extends DownstreamError {
  constructor(details: DownstreamErrorDetails) {
    super('UNAVAILABLE', details);
  }
}

export interface TimeoutErrorDetails extends DownstreamErrorDetails {
  /**
   * True when the caller's deadline ended the call rather than the service's own per-attempt timeout; such
   * timeouts say nothing about the service's health and do not count against its breaker.
   */
  callerImposed: boolean;
}

/** A per-attempt timeout, or the caller's deadline. */
export class TimeoutError extends DownstreamError {
  readonly callerImposed: boolean;

  constructor(details: TimeoutErrorDetails) {
    super('TIMEOUT', details);
    this.callerImposed = details.callerImposed;
  }
}

/**
 * The caller gave up on the call (its abort signal fired: the shopper hung up, the server is shutting
 * down). Not the service's doing: never retried, never counted against its breaker or in its latency.
 */
export class CancelledError extends DownstreamError {
  constructor(details: DownstreamErrorDetails) {
    super('CANCELLED', details);
  }
}

/** The body was not JSON or did not match the contract (including a 2xx with garbage). */
export class BadResponseError extends DownstreamError {
  constructor(details: DownstreamErrorDetails) {
    super('BAD_RESPONSE', details);
  }
}

/** The service's circuit breaker is open: the call failed fast without touching the network. */
export class CircuitOpenError extends DownstreamError {
  constructor(details: DownstreamErrorDetails) {
    super('CIRCUIT_OPEN', details);
  }
}

/** The service answered 404, e.g. GET /products/{id} for an unknown product. */
export class NotFoundError extends DownstreamError {
  constructor(details: DownstreamErrorDetails) {
    super('NOT_FOUND', details);
  }
}

/** Any other 4xx: the service refused the input (e.g. 422 UNRECOGNIZED_AUDIO). */
export class RejectedError extends DownstreamError {
  constructor(details: DownstreamErrorDetails) {
    super('REJECTED', details);
  }
}

export function isDownstreamError(e: unknown): e is DownstreamError {
  return e instanceof DownstreamError;
}
