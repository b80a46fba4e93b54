import { z } from 'zod';
import { CatalogSearchRequestSchema, CatalogSearchResponseSchema } from './catalog';
import {
  ComposeRequestSchema,
  ComposeResponseSchema,
  RankRequestSchema,
  RankResponseSchema,
} from './composer';
import {
  ExtractImageAttributesRequestSchema,
  ImageAttributesSchema,
  TranscribeRequestSchema,
  TranscribeResponseSchema,
} from './media';
import { ProductSchema } from './product';

export interface EndpointContract<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  method: 'GET' | 'POST';
  /** Route template; `{name}` marks a path parameter. */
  path: string;
  request: Req;
  response: Res;
  /** Safe to retry after a timeout: the call changes nothing downstream. */
  idempotent: boolean;
}

function endpoint<Req extends z.ZodType, Res extends z.ZodType>(
  c: EndpointContract<Req, Res>,
): EndpointContract<Req, Res> {
  return c;
}

/** Every downstream endpoint, defined once: clients call these and reference services serve them. */
export const contracts = {
  media: {
    transcribe: endpoint({
      method: 'POST',
      path: '/transcribe',
      request: TranscribeRequestSchema,
      response: TranscribeResponseSchema,
      idempotent: true,
    }),
    extractImageAttributes: endpoint({
      method: 'POST',
      path: '/extract-image-attributes',
      request: ExtractImageAttributesRequestSchema,
      response: ImageAttributesSchema,
      idempotent: true,
    }),
  },
  catalog: {
    search: endpoint({
      method: 'POST',
      path: '/search',
      request: CatalogSearchRequestSchema,
      response: CatalogSearchResponseSchema,
      idempotent: true,
    }),
    getProduct: endpoint({
      method: 'GET',
      path: '/products/{product_id}',
      request: z.object({ product_id: z.string() }),
      response: ProductSchema,
      idempotent: true,
    }),
  },
  composer: {
    rank: endpoint({
      method: 'POST',
      path: '/rank',
      request: RankRequestSchema,
      response: RankResponseSchema,
      idempotent: true,
    }),
    compose: endpoint({
      method: 'POST',
      path: '/compose',
      request: ComposeRequestSchema,
      response: ComposeResponseSchema,
      idempotent: true,
    }),
  },
} as const;

export type ServiceName = keyof typeof contracts;
export const SERVICE_NAMES = Object.keys(contracts) as ServiceName[];

export const DEFAULT_SERVICE_PORTS: Record<ServiceName, number> = {
  media: 8001,
  catalog: 8002,
  composer: 8003,
};
