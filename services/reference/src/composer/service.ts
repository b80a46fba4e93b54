import { contracts } from '@talknshop/contracts';
import { contractRoute } from '../http/routes';
import type { ServiceDefinition } from '../http/server';
import { composeReply } from './compose';
import { rankProducts } from './rank';

const COMPOSER_BODY_LIMIT_BYTES = 1024 * 1024;

export function composerService(): ServiceDefinition {
  return {
    name: 'composer',
    bodyLimitBytes: COMPOSER_BODY_LIMIT_BYTES,
    routes: [
      contractRoute(contracts.composer.rank, ({ requirements, products }) => ({
        products: rankProducts(requirements, products),
      })),
      contractRoute(contracts.composer.compose, (request) => composeReply(request)),
    ],
  };
}
