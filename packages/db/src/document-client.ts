import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Documents } from './documents';

export interface DocumentClientOptions {
  /** A local engine's URL; omit in production to use the SDK's endpoint and credential chain. */
  endpoint?: string;
  region: string;
  /** Attempts per call including retries of throttling and transient errors; default 3. */
  maxAttempts?: number;
}

/**
 * The low-level client, for table set-up and for middleware (metrics, tracing), and the data layer's
 * `Documents` over it. The client resolves each command's middleware stack once and keeps it: middleware
 * added after its first call would be missed, so add it before.
 */
export function createDocumentClient(options: DocumentClientOptions): {
  client: DynamoDBClient;
  doc: Documents;
} {
  const client = new DynamoDBClient({
    region: options.region,
    maxAttempts: options.maxAttempts ?? 3,
    cacheMiddleware: true,
    ...(options.endpoint === undefined
      ? {}
      : {
          endpoint: options.endpoint,
          // Local engines check that credentials are present, not what they are.
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        }),
  });
  return { client, doc: new Documents(client) };
}
