import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { type AttributeValue, ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { hashApiKey } from '@talknshop/api';
import { createDocumentClient, OrchestratorRepository, type RequestItem } from '@talknshop/db';
import { OTHER_API_KEY, TEST_API_KEY } from './stack';

const APP_DIR = fileURLToPath(new URL('../../', import.meta.url));
export const PROCESS_TABLE = 'orchestrator-requests';

export interface OrchestratorProcess {
  url: string;
  /** The embedded DynamoDB engine inside the process (on-disk, so its data outlives the process). */
  dynamoEndpoint: string;
  child: ChildProcess;
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Log lines (parsed JSON) the process has written so far. */
  logs: Record<string, unknown>[];
}

/**
 * The orchestrator as its own process (`node --import tsx src/main.ts`), exactly as `npm start` runs it:
 * ephemeral ports for the API and its embedded DynamoDB (read back from its log), data in `dataDir`.
 */
export async function spawnOrchestrator(options: {
  dataDir: string;
  services: { media: string; catalog: string; composer: string };
  env?: Record<string, string>;
  /** False: stop reading log lines once the process listens (a load run logs every request). */
  keepLogs?: boolean;
}): Promise<OrchestratorProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: APP_DIR,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NODE_ENV: 'development',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'info',
      DYNAMODB_EMBEDDED_PORT: '0',
      DYNAMODB_DATA_DIR: options.dataDir,
      DYNAMODB_TABLE_NAME: PROCESS_TABLE,
      MEDIA_SERVICE_URL: options.services.media,
      CATALOG_SERVICE_URL: options.services.catalog,
      RESPONSE_COMPOSER_URL: options.services.composer,
      API_KEYS: `client-one:${hashApiKey(TEST_API_KEY)},client-two:${hashApiKey(OTHER_API_KEY)}`,
      RATE_LIMIT_PER_KEY_PER_MINUTE: '1000000',
      RATE_LIMIT_PER_USER_PER_MINUTE: '1000000',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const logs: Record<string, unknown>[] = [];
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const lines = createInterface({ input: child.stdout! });
  const started = new Promise<{ url: string; dynamoEndpoint: string }>((resolve) => {
    let dynamoEndpoint = '';
    lines.on('line', (line) => {
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return;
      }
      logs.push(entry);
      if (entry.msg === 'embedded DynamoDB started') dynamoEndpoint = String(entry.endpoint);
      if (entry.msg === 'orchestrator listening') resolve({ url: String(entry.url), dynamoEndpoint });
    });
  });
  const ready = await Promise.race([
    started,
    exited.then(({ code, signal }) => {
      throw new Error(`orchestrator exited before listening (${signal ?? code}): ${stderr}`);
    }),
  ]);
  if (options.keepLogs === false) {
    lines.close();
    child.stdout?.resume();
  }
  return { ...ready, child, exited, logs };
}

/** A repository over the process's table, for reading what it persisted. */
export function processRepository(dynamoEndpoint: string) {
  const { client, doc } = createDocumentClient({ endpoint: dynamoEndpoint, region: 'us-east-1' });
  const repo = new OrchestratorRepository({
    doc,
    tableName: PROCESS_TABLE,
    clock: () => new Date(),
    cursorSecret: 'talknshop-development-cursor-secret',
    ttlDays: 30,
  });
  /** Every request item in the table, read consistently with a full scan (the data layer never scans). */
  const requestItems = async (): Promise<RequestItem[]> => {
    const items: RequestItem[] = [];
    let start: Record<string, AttributeValue> | undefined;
    do {
      const page = await client.send(
        new ScanCommand({
          TableName: PROCESS_TABLE,
          FilterExpression: 'begins_with(sk, :req)',
          ExpressionAttributeValues: { ':req': { S: 'REQ#' } },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      items.push(...(page.Items ?? []).map((item) => unmarshall(item) as RequestItem));
      start = page.LastEvaluatedKey;
    } while (start);
    return items;
  };
  return { repo, requestItems, close: () => client.destroy() };
}
