import type { ServiceName } from '@talknshop/contracts';
import type { CallSink } from './call-record';
import { httpTransport, type Transport } from './http-transport';

export interface RetryConfig {
  /** Total attempts per call, the first one included. */
  maxAttempts?: number;
  initialDelayMs?: number;
  maxDelayMs?: number;
}

export interface BreakerConfig {
  /** Consecutive failed attempts that open a service's circuit. */
  consecutiveFailures?: number;
  /** How long an open circuit stays open before one probe call is let through. */
  halfOpenAfterMs?: number;
}

export interface ClientsConfig {
  /** Base URL of each service; the contract's route is appended to it. */
  urls: Record<ServiceName, string>;
  /** Per-attempt timeout of each service. */
  timeoutsMs?: Partial<Record<ServiceName, number>>;
  /** Exponential backoff with jitter between attempts. */
  retry?: RetryConfig;
  breaker?: BreakerConfig;
  /** Global sink (metrics), called in addition to the per-call `ctx.sink`. */
  sink?: CallSink;
  /** How requests are sent (default: node:http(s) over keep-alive connections). */
  transport?: Transport;
  /**
   * Check each request against its contract before sending it (default true). A caller whose requests are
   * built only from values it has validated already may skip this; the service still checks on arrival.
   */
  validateRequests?: boolean;
}

export interface ResolvedServiceConfig {
  baseUrl: URL;
  timeoutMs: number;
}

export interface ResolvedConfig {
  services: Record<ServiceName, ResolvedServiceConfig>;
  retry: Required<RetryConfig>;
  breaker: Required<BreakerConfig>;
  sink: CallSink | undefined;
  transport: Transport;
  validateRequests: boolean;
}

/** Transcription and image analysis are slow by nature; catalog and composer answer from memory. */
export const DEFAULT_TIMEOUTS_MS: Record<ServiceName, number> = {
  media: 10_000,
  catalog: 3_000,
  composer: 3_000,
};
export const DEFAULT_RETRY: Required<RetryConfig> = {
  maxAttempts: 3,
  initialDelayMs: 100,
  maxDelayMs: 1_000,
};
export const DEFAULT_BREAKER: Required<BreakerConfig> = { consecutiveFailures: 5, halfOpenAfterMs: 10_000 };

export function resolveConfig(config: ClientsConfig): ResolvedConfig {
  const retry = { ...DEFAULT_RETRY, ...config.retry };
  const breaker = { ...DEFAULT_BREAKER, ...config.breaker };
  requirePositiveInteger('retry.maxAttempts', retry.maxAttempts);
  requireNonNegative('retry.initialDelayMs', retry.initialDelayMs);
  requireNonNegative('retry.maxDelayMs', retry.maxDelayMs);
  requirePositiveInteger('breaker.consecutiveFailures', breaker.consecutiveFailures);
  requireNonNegative('breaker.halfOpenAfterMs', breaker.halfOpenAfterMs);
  return {
    services: {
      media: resolveService('media', config),
      catalog: resolveService('catalog', config),
      composer: resolveService('composer', config),
    },
    retry,
    breaker,
    sink: config.sink,
    transport: config.transport ?? httpTransport(),
    validateRequests: config.validateRequests ?? true,
  };
}

function resolveService(service: ServiceName, config: ClientsConfig): ResolvedServiceConfig {
  const timeoutMs = config.timeoutsMs?.[service] ?? DEFAULT_TIMEOUTS_MS[service];
  requireNonNegative(`timeoutsMs.${service}`, timeoutMs);
  return { baseUrl: parseBaseUrl(service, config.urls[service]), timeoutMs };
}

/** A trailing slash makes relative resolution keep any path prefix of the base URL. */
function parseBaseUrl(service: ServiceName, raw: string | undefined): URL {
  const url = raw && URL.canParse(raw) ? new URL(raw) : null;
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new Error(
      `clients config: urls.${service} must be an absolute http(s) URL, got ${JSON.stringify(raw)}`,
    );
  }
  if (!url.pathname.endsWith('/')) url.pathname = `${url.pathname}/`;
  return url;
}

function requirePositiveInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`clients config: ${name} must be a positive integer, got ${value}`);
  }
}

function requireNonNegative(name: string, value: number): void {
  if (!Number.isFinite(value) || value < 0) {
    throw new Error(`clients config: ${name} must be a non-negative number, got ${value}`);
  }
}
