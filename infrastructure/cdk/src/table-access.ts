import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';

/** Where an action is allowed: on the table only, or on the table and each of its indexes. */
type Scope = 'table' | 'table-and-indexes';

interface TableAccess {
  action: string;
  scope: Scope;
  /** The data-plane operation, for metrics by operation (throttling). */
  operation?: dynamodb.Operation;
}

/**
 * Every DynamoDB call the deployed orchestrator makes, and nothing else (test/table-access.test.ts
 * checks this list against the commands in the sources):
 * - item reads and conditional writes of sessions, requests, idempotency records, rate-limit buckets
 *   and latency histograms: GetItem, PutItem, UpdateItem;
 * - Query on the table (a session's requests) and on every index (by user, by day, open requests,
 *   by request id);
 * - DescribeTable and DescribeTimeToLive: the start-up check that the table matches the definition and
 *   has TTL on, and the readiness probe.
 * Not granted: CreateTable and UpdateTimeToLive, which the orchestrator calls only when the table is
 * missing or TTL is off (the stack creates both, and sets DYNAMODB_CREATE_TABLE=false); BatchWriteItem
 * (the benchmark's seeding, not the server); DeleteItem, Scan and transactions (never used).
 */
export const ORCHESTRATOR_TABLE_ACCESS: readonly TableAccess[] = [
  { action: 'GetItem', scope: 'table', operation: dynamodb.Operation.GET_ITEM },
  { action: 'PutItem', scope: 'table', operation: dynamodb.Operation.PUT_ITEM },
  { action: 'UpdateItem', scope: 'table', operation: dynamodb.Operation.UPDATE_ITEM },
  { action: 'Query', scope: 'table-and-indexes', operation: dynamodb.Operation.QUERY },
  { action: 'DescribeTable', scope: 'table' },
  { action: 'DescribeTimeToLive', scope: 'table' },
];

/** The data-plane operations above, for CloudWatch metrics by operation. */
export const ORCHESTRATOR_TABLE_OPERATIONS: readonly dynamodb.Operation[] = ORCHESTRATOR_TABLE_ACCESS.flatMap(
  (access) => (access.operation ? [access.operation] : []),
);

/** Least-privilege statements: the actions above on this table's ARN and on each named index's ARN. */
export function tableAccessStatements(
  table: dynamodb.ITable,
  indexNames: readonly string[],
): iam.PolicyStatement[] {
  const actions = (scope: Scope) =>
    ORCHESTRATOR_TABLE_ACCESS.filter((access) => access.scope === scope).map(
      (access) => `dynamodb:${access.action}`,
    );
  const onIndexes = actions('table-and-indexes');
  return [
    new iam.PolicyStatement({
      sid: 'OrchestratorTable',
      actions: [...actions('table'), ...onIndexes],
      resources: [table.tableArn],
    }),
    new iam.PolicyStatement({
      sid: 'OrchestratorTableIndexes',
      actions: onIndexes,
      resources: indexNames.map((name) => `${table.tableArn}/index/${name}`),
    }),
  ];
}
