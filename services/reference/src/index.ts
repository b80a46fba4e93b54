export { loadShippedCatalog, SHIPPED_CATALOG_PATH } from './catalog/catalog-data';
export { CATALOG_BASE_URL, CATALOG_SEED, generateCatalog } from './catalog/generator/generate-catalog';
export { vocabularyEndpoint } from './catalog/service';
export { type CatalogVocabulary, CatalogVocabularySchema, catalogVocabulary } from './catalog/vocabulary';
export { COLOR_NAMES, type ColorName } from './colors';
export { type AudioFixture, audioFixtures } from './media/audio-fixtures';
export { type ImageFixture, imageFixtures } from './media/image-fixtures';
export {
  type Environment,
  faultsEnvVar,
  type ReferenceServices,
  type ReferenceServicesOptions,
  type RunningService,
  type ServiceOptions,
  startReferenceServices,
  startService,
} from './services';
