import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDocumentClient } from './document-client';
import type { Documents } from './documents';
import { startDynamoDbLocal } from './dynamodb-local';
import { startEmbeddedDynamo } from './embedded-dynamo';
import { ensureTable } from './ensure-table';

export type TestEngine = 'dynalite' | 'dynamodb-local';

export interface TestDynamo {
  engine: TestEngine;
  endpoint: string;
  client: DynamoDBClient;
  doc: Documents;
  /** A fresh table, unique to this call, already ACTIVE. */
  tableName: string;
  close(): Promise<void>;
}

/**
 * A DynamoDB engine for integration tests, listening on an ephemeral loopback port: in-memory dynalite,
 * or AWS DynamoDB Local when `DYNAMODB_TEST_ENGINE=dynamodb-local` (conformance runs).
 */
export async function startTestDynamo(
  engine: TestEngine = process.env.DYNAMODB_TEST_ENGINE === 'dynamodb-local' ? 'dynamodb-local' : 'dynalite',
): Promise<TestDynamo> {
  const server =
    engine === 'dynamodb-local' ? await startDynamoDbLocal() : await startEmbeddedDynamo({ port: 0 });
  const { client, doc } = createDocumentClient({ endpoint: server.endpoint, region: 'us-east-1' });
  const tableName = `test-${randomUUID()}`;
  try {
    await ensureTable(client, tableName, { create: true });
  } catch (error) {
    client.destroy();
    await server.close();
    throw error;
  }
  return {
    engine,
    endpoint: server.endpoint,
    client,
    doc,
    tableName,
    close: async () => {
      client.destroy();
      await server.close();
    },
  };
}
