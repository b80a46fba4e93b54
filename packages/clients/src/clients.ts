import {
  type CatalogSearchRequest,
  type CatalogSearchResponse,
  type ComposeRequest,
  type ComposeResponse,
  contracts,
  type ExtractImageAttributesRequest,
  type ImageAttributes,
  type Product,
  type RankRequest,
  type RankResponse,
  SERVICE_NAMES,
  type ServiceName,
  type TranscribeRequest,
  type TranscribeResponse,
} from '@talknshop/contracts';
import type { CallContext } from './call-context';
import { callEndpoint, type ServiceRuntime } from './call-endpoint';
import { type ClientsConfig, type ResolvedConfig, resolveConfig } from './config';
import { type BreakerState, breakerState, createServiceBreaker } from './service-breaker';

export interface MediaClient {
  transcribe(body: TranscribeRequest, ctx: CallContext): Promise<TranscribeResponse>;
  extractImageAttributes(body: ExtractImageAttributesRequest, ctx: CallContext): Promise<ImageAttributes>;
}

export interface CatalogClient {
  search(body: CatalogSearchRequest, ctx: CallContext): Promise<CatalogSearchResponse>;
  getProduct(productId: string, ctx: CallContext): Promise<Product>;
}

export interface ComposerClient {
  rank(body: RankRequest, ctx: CallContext): Promise<RankResponse>;
  compose(body: ComposeRequest, ctx: CallContext): Promise<ComposeResponse>;
}

export interface Clients {
  media: MediaClient;
  catalog: CatalogClient;
  composer: ComposerClient;
  /** Current state of each service's circuit breaker. */
  breakerStates(): Record<ServiceName, BreakerState>;
}

/** Builds the three clients; each service gets its own circuit breaker, shared by all its calls. */
export function createClients(config: ClientsConfig): Clients {
  const resolved = resolveConfig(config);
  const media = serviceRuntime('media', resolved);
  const catalog = serviceRuntime('catalog', resolved);
  const composer = serviceRuntime('composer', resolved);
  const runtimes: Record<ServiceName, ServiceRuntime> = { media, catalog, composer };
  return {
    media: {
      transcribe: (body, ctx) => callEndpoint(media, contracts.media.transcribe, body, ctx),
      extractImageAttributes: (body, ctx) =>
        callEndpoint(media, contracts.media.extractImageAttributes, body, ctx),
    },
    catalog: {
      search: (body, ctx) => callEndpoint(catalog, contracts.catalog.search, body, ctx),
      getProduct: (productId, ctx) =>
        callEndpoint(catalog, contracts.catalog.getProduct, { product_id: productId }, ctx),
    },
    composer: {
      rank: (body, ctx) => callEndpoint(composer, contracts.composer.rank, body, ctx),
      compose: (body, ctx) => callEndpoint(composer, contracts.composer.compose, body, ctx),
    },
    breakerStates: () =>
      Object.fromEntries(SERVICE_NAMES.map((name) => [name, breakerState(runtimes[name].breaker)])) as Record<
        ServiceName,
        BreakerState
      >,
  };
}

function serviceRuntime(service: ServiceName, config: ResolvedConfig): ServiceRuntime {
  const { baseUrl, timeoutMs } = config.services[service];
  return {
    service,
    baseUrl,
    timeoutMs,
    breaker: createServiceBreaker(config.breaker),
    retry: config.retry,
    sink: config.sink,
    transport: config.transport,
    validateRequests: config.validateRequests,
  };
}
