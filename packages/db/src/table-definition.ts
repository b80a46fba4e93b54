import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/** Index names, referenced by the repository and by the table definition below. */
export const INDEX = {
  byUser: 'by_user',
  byDay: 'by_day',
  openRequests: 'open_requests',
  byRequestId: 'by_request_id',
} as const;

export interface IndexDefinition {
  readonly name: string;
  readonly partitionKey: string;
  readonly sortKey?: string;
  readonly projection: 'ALL' | 'KEYS_ONLY';
}

const GLOBAL_SECONDARY_INDEXES: readonly IndexDefinition[] = [
  { name: INDEX.byUser, partitionKey: 'gsi_user_pk', sortKey: 'gsi_user_sk', projection: 'ALL' },
  { name: INDEX.byDay, partitionKey: 'gsi_day_pk', sortKey: 'gsi_day_sk', projection: 'ALL' },
  { name: INDEX.openRequests, partitionKey: 'gsi_open_pk', sortKey: 'gsi_open_sk', projection: 'ALL' },
  { name: INDEX.byRequestId, partitionKey: 'gsi_req_pk', projection: 'KEYS_ONLY' },
];

/**
 * The single table, described once in a tool-neutral shape so both `ensureTable` and the CDK stack build
 * from it. Every key attribute (table and index) is a string.
 */
export const ORCHESTRATOR_TABLE = {
  defaultName: 'orchestrator-requests',
  partitionKey: 'pk',
  sortKey: 'sk',
  ttlAttribute: 'expires_at',
  billingMode: 'PAY_PER_REQUEST',
  globalSecondaryIndexes: GLOBAL_SECONDARY_INDEXES,
} as const;

/** The CreateTable request for the definition above. */
export function createTableInput(tableName: string): CreateTableCommandInput {
  const def = ORCHESTRATOR_TABLE;
  const keyAttributes = new Set<string>([def.partitionKey, def.sortKey]);
  for (const index of def.globalSecondaryIndexes) {
    keyAttributes.add(index.partitionKey);
    if (index.sortKey) keyAttributes.add(index.sortKey);
  }
  return {
    TableName: tableName,
    BillingMode: def.billingMode,
    AttributeDefinitions: [...keyAttributes].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
    KeySchema: [
      { AttributeName: def.partitionKey, KeyType: 'HASH' },
      { AttributeName: def.sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: def.globalSecondaryIndexes.map((index) => ({
      IndexName: index.name,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' },
        ...(index.sortKey ? [{ AttributeName: index.sortKey, KeyType: 'RANGE' as const }] : []),
      ],
      Projection: { ProjectionType: index.projection },
    })),
  };
}
