/**
 * What the baseline does per search, measured from the orchestrator in the same run: the catalog request it
 * sends and how many DynamoDB calls of which size it makes per text search. Shared as plain JSON.
 */
export interface BaselinePlan {
  port: number;
  dynamoEndpoint: string;
  tableName: string;
  catalogUrl: string;
  composerUrl: string;
  /** The body the orchestrator POSTs to the catalog's /search for the bench's text query. */
  searchBody: Record<string, unknown>;
  /** The requirements it ranks and composes against. */
  requirements: Record<string, unknown>;
  /** Results in the answer. */
  limit: number;
  writes: { puts: number; updates: number; putBytes: number; updateBytes: number };
  /** Consistent GetItems per search. */
  gets: number;
}

export const PLAN_ENV = 'BENCH_BASELINE_PLAN';
