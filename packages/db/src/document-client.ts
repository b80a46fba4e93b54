import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface DocumentClientOptions {
  /** A local engine's URL; omit in production to use the SDK's endpoint and credential chain. */
  endpoint?: string;
  region: string;
  /** Attempts per call including retries of throttling and transient errors; default 3. */
  maxAttempts?: number;
}

export function createDocumentClient(options: DocumentClientOptions): {
  client: DynamoDBClient;
  doc: DynamoDBDocumentClient;
} {
  const client = new DynamoDBClient({
    region: options.region,
    maxAttempts: options.maxAttempts ?? 3,
    ...(options.endpoint === undefined
      ? {}
      : {
          endpoint: options.endpoint,
          // Local engines check that credentials are present, not what they are.
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        }),
  });
  const doc = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
  return { client, doc };
}
