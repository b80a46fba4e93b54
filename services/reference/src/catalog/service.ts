import { contracts, type EndpointContract, ProductIdParamSchema } from '@talknshop/contracts';
import { z } from 'zod';
import { ServiceError } from '../http/errors';
import { contractRoute, type Route } from '../http/routes';
import type { ServiceDefinition } from '../http/server';
import { loadShippedCatalog } from './catalog-data';
import { searchCatalog } from './search';
import { CatalogIndex } from './search-index';
import { CatalogVocabularySchema, catalogVocabulary } from './vocabulary';

const CATALOG_BODY_LIMIT_BYTES = 1024 * 1024;

/** `GET /vocabulary`: an extra endpoint of the reference catalog, not part of the production contract. */
export const vocabularyEndpoint: EndpointContract<z.ZodObject, typeof CatalogVocabularySchema> = {
  method: 'GET',
  path: '/vocabulary',
  request: z.object({}),
  response: CatalogVocabularySchema,
  idempotent: true,
};

export function catalogService(index = new CatalogIndex(loadShippedCatalog())): ServiceDefinition {
  const vocabulary = catalogVocabulary(index.products);
  const routes: Route[] = [
    contractRoute(contracts.catalog.search, (request) => searchCatalog(index, request)),
    contractRoute(contracts.catalog.getProduct, ({ product_id }) => {
      if (!ProductIdParamSchema.safeParse(product_id).success) {
        throw new ServiceError(
          400,
          'INVALID_REQUEST',
          'product_id must be 1-64 letters, digits, _ or -',
          'product_id',
        );
      }
      const product = index.get(product_id);
      if (product === undefined) {
        throw new ServiceError(404, 'PRODUCT_NOT_FOUND', `no product with id ${product_id}`, 'product_id');
      }
      return product;
    }),
    contractRoute(vocabularyEndpoint, () => vocabulary),
  ];
  return { name: 'catalog', routes, bodyLimitBytes: CATALOG_BODY_LIMIT_BYTES };
}
