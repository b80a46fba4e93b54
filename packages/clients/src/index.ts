export type { ServiceName } from '@talknshop/contracts';
export type { CallContext } from './call-context';
export type { CallRecord, CallSink } from './call-record';
export type { CatalogClient, Clients, ComposerClient, MediaClient } from './clients';
export { createClients } from './clients';
export type { BreakerConfig, ClientsConfig, RetryConfig } from './config';
export { DEFAULT_BREAKER, DEFAULT_RETRY, DEFAULT_TIMEOUTS_MS } from './config';
export type { DownstreamErrorCode, DownstreamErrorDetails, TimeoutErrorDetails } from './errors';
export {
  BadResponseError,
  CancelledError,
  CircuitOpenError,
  DownstreamError,
  isDownstreamError,
  NotFoundError,
  RejectedError,
  TimeoutError,
  UnavailableError,
} from './errors';
export {
  httpTransport,
  type Transport,
  type TransportRequest,
  type TransportResponse,
} from './http-transport';
export type { BreakerState } from './service-breaker';
