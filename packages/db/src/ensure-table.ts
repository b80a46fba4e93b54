import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  type TableDescription,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { DbError } from './errors';
import { createTableInput, ORCHESTRATOR_TABLE } from './table-definition';

export interface EnsureTableOptions {
  /** Create the table when it is missing; otherwise a missing table is an error. */
  create: boolean;
  /** How long to wait for the table to become ACTIVE; default two minutes. */
  timeoutMs?: number;
}

export interface EnsureTableResult {
  created: boolean;
  /** Non-fatal problems, e.g. an engine that cannot enable TTL. */
  warnings: string[];
}

/** Makes sure the table and its indexes exist and are ACTIVE, and tries to enable TTL. */
export async function ensureTable(
  client: DynamoDBClient,
  tableName: string,
  options: EnsureTableOptions,
): Promise<EnsureTableResult> {
  let created = false;
  if (!(await describeTable(client, tableName))) {
    if (!options.create) {
      throw new DbError(
        'TABLE_NOT_FOUND',
        `DynamoDB table "${tableName}" does not exist; deploy it (the CDK stack creates it) or allow creation`,
      );
    }
    created = await createTable(client, tableName);
  }
  const table = await waitUntilActive(client, tableName, options.timeoutMs ?? 120_000);
  assertMatchesDefinition(tableName, table);
  const warnings = await enableTtl(client, tableName);
  return { created, warnings };
}

async function describeTable(client: DynamoDBClient, tableName: string): Promise<TableDescription | null> {
  try {
    const out = await client.send(new DescribeTableCommand({ TableName: tableName }));
    return out.Table ?? null;
  } catch (error) {
    if (errorName(error) === 'ResourceNotFoundException') return null;
    throw error;
  }
}

/** False when another process created it first. */
async function createTable(client: DynamoDBClient, tableName: string): Promise<boolean> {
  try {
    await client.send(new CreateTableCommand(createTableInput(tableName)));
    return true;
  } catch (error) {
    if (errorName(error) === 'ResourceInUseException') return false;
    throw error;
  }
}

async function waitUntilActive(
  client: DynamoDBClient,
  tableName: string,
  timeoutMs: number,
): Promise<TableDescription> {
  const deadline = Date.now() + timeoutMs;
  for (let delayMs = 50; ; delayMs = Math.min(delayMs * 2, 2_000)) {
    const table = await describeTable(client, tableName);
    const indexesActive = (table?.GlobalSecondaryIndexes ?? []).every(
      (index) => index.IndexStatus === 'ACTIVE',
    );
    if (table?.TableStatus === 'ACTIVE' && indexesActive) return table;
    if (Date.now() + delayMs > deadline) {
      throw new DbError(
        'TABLE_NOT_READY',
        `DynamoDB table "${tableName}" did not become ACTIVE in ${timeoutMs} ms`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, delayMs));
  }
}

/** An existing table built from another definition fails here rather than on its first query. */
function assertMatchesDefinition(tableName: string, table: TableDescription): void {
  const keys = (table.KeySchema ?? []).map((key) => key.AttributeName).join(',');
  const expectedKeys = `${ORCHESTRATOR_TABLE.partitionKey},${ORCHESTRATOR_TABLE.sortKey}`;
  const indexes = new Set((table.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
  const missing = ORCHESTRATOR_TABLE.globalSecondaryIndexes
    .map((i) => i.name)
    .filter((name) => !indexes.has(name));
  if (keys !== expectedKeys || missing.length > 0) {
    throw new DbError(
      'TABLE_MISMATCH',
      `DynamoDB table "${tableName}" does not match the expected layout (keys ${keys || 'none'}; ` +
        `missing indexes: ${missing.join(', ') || 'none'})`,
    );
  }
}

async function enableTtl(client: DynamoDBClient, tableName: string): Promise<string[]> {
  const attribute = ORCHESTRATOR_TABLE.ttlAttribute;
  try {
    const current = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
    const ttl = current.TimeToLiveDescription;
    if (ttl?.AttributeName === attribute && ['ENABLED', 'ENABLING'].includes(ttl.TimeToLiveStatus ?? '')) {
      return [];
    }
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: attribute, Enabled: true },
      }),
    );
    return [];
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return [
      `could not enable TTL on "${tableName}" (${reason}); expired items stay stored, reads still hide them`,
    ];
  }
}

function errorName(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined;
}
