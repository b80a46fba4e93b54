export { createDocumentClient, type DocumentClientOptions } from './document-client';
export {
  Documents,
  type DocumentValues,
  type GetInput,
  type PutInput,
  type QueryInput,
  type QueryOutput,
  type UpdateInput,
} from './documents';
export { type EmbeddedDynamo, type EmbeddedDynamoOptions, startEmbeddedDynamo } from './embedded-dynamo';
export { type EnsureTableOptions, type EnsureTableResult, ensureTable } from './ensure-table';
export { ConflictError, DbError, InvalidCursorError, ItemTooLargeError, NotFoundError } from './errors';
export { type IdempotencyClaim, IdempotencyStore, type IdempotencyStoreOptions } from './idempotency-store';
export {
  IdSchema,
  isOpenStatus,
  type JsonObject,
  JsonObjectSchema,
  type RequestItem,
  RequestItemSchema,
  type RequestRef,
  type RequestStatus,
  RequestStatusSchema,
  type RequestType,
  RequestTypeSchema,
  type SessionItem,
  SessionItemSchema,
  type WorkflowStateName,
  WorkflowStateNameSchema,
} from './item-schemas';
export { assertItemFits, itemSizeBytes, MAX_ITEM_BYTES } from './item-size';
export {
  type BucketCounts,
  bucketLowerBound,
  bucketOf,
  bucketValue,
  HISTOGRAM_GROWTH,
  HISTOGRAM_MAX_MS,
  MAX_BUCKET,
  mergeBuckets,
  percentile,
  RELATIVE_ERROR_BOUND,
  SUB_MILLISECOND_ERROR_MS,
} from './latency-histogram';
export {
  type EndpointKey,
  hourOf,
  MetricsStore,
  type MetricsStoreOptions,
  type MinuteDelta,
  type MinuteHistogram,
  metricsPartition,
  minuteOf,
  type SlowCall,
  slowCallSortKey,
  slowCallsPartition,
  type TimeWindow,
} from './metrics-store';
export {
  type BucketPolicy,
  RateLimitStore,
  type RateLimitStoreOptions,
  type TakeResult,
} from './rate-limit-store';
export {
  type AppendRequestInput,
  type CreateSessionInput,
  MAX_COUNT_RANGE_DAYS,
  OrchestratorRepository,
  type Page,
  type PageOptions,
  type RepositoryOptions,
  type RequestPatch,
  type SessionFilters,
  type SessionPatch,
  type UnfinishedRequestsOptions,
} from './repository';
export { createTableInput, INDEX, type IndexDefinition, ORCHESTRATOR_TABLE } from './table-definition';
