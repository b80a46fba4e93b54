import { hashApiKey } from '@talknshop/api';
import { OrchestratorRepository } from '@talknshop/db';
import { startTestDynamo } from '@talknshop/db/testing';
import { type ReferenceServices, startReferenceServices } from '@talknshop/reference-services';
import { type RunningOrchestrator, type StartOptions, startOrchestrator } from '../../src/app';
import { type Config, loadConfig } from '../../src/config';
import { createLogger, type Logger } from '../../src/logger';

/** Two API clients, so tests can check that one never sees the other's sessions. */
export const TEST_API_KEY = 'test-key-for-client-one';
export const OTHER_API_KEY = 'test-key-for-client-two';
export const AUTH = { authorization: `Bearer ${TEST_API_KEY}` };

export interface TestStack {
  api: RunningOrchestrator;
  urls: { media: string; catalog: string; composer: string };
  /** The running reference services, e.g. to stop one and see the orchestrator cope. */
  services: ReferenceServices['services'];
  dynamo: Awaited<ReturnType<typeof startTestDynamo>>;
  config: Config;
  /** Stops the DynamoDB engine under the running orchestrator (an outage); `close` then skips it. */
  stopDynamo(): Promise<void>;
  close(): Promise<void>;
}

/** A repository over the stack's table, configured as the orchestrator's own, to read what it persisted. */
export function stackRepository(stack: TestStack): OrchestratorRepository {
  return new OrchestratorRepository({
    doc: stack.dynamo.doc,
    tableName: stack.dynamo.tableName,
    clock: () => new Date(),
    cursorSecret: stack.config.cursorSecret,
    ttlDays: stack.config.sessionTtlDays,
  });
}

export interface DataAndServices {
  dynamo: Awaited<ReturnType<typeof startTestDynamo>>;
  services: ReferenceServices;
  /** Over the engine's table, with the wall clock. */
  repo: OrchestratorRepository;
  close(): Promise<void>;
}

/**
 * The real pieces under the orchestration library, for tests that drive it directly without the HTTP
 * server: a DynamoDB engine, the reference services, and a repository over the table.
 */
export async function startDataAndServices(cursorSecret: string): Promise<DataAndServices> {
  const dynamo = await startTestDynamo();
  const services = await startReferenceServices({ logger: false });
  const repo = new OrchestratorRepository({
    doc: dynamo.doc,
    tableName: dynamo.tableName,
    clock: () => new Date(),
    cursorSecret,
    ttlDays: 1,
  });
  return {
    dynamo,
    services,
    repo,
    async close() {
      await services.close();
      await dynamo.close();
    },
  };
}

/** The real pieces on ephemeral ports: DynamoDB engine, reference services, orchestrator. */
export async function startTestStack(
  overrides: Record<string, string> = {},
  { logger, ...options }: StartOptions & { logger?: Logger } = {},
): Promise<TestStack> {
  const dynamo = await startTestDynamo();
  const services = await startReferenceServices({ logger: false });
  const config = loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'silent',
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    DYNAMODB_TABLE_NAME: dynamo.tableName,
    MEDIA_SERVICE_URL: services.urls.media,
    CATALOG_SERVICE_URL: services.urls.catalog,
    RESPONSE_COMPOSER_URL: services.urls.composer,
    CATALOG_TIMEOUT_MS: '1500',
    COMPOSER_TIMEOUT_MS: '1500',
    REQUEST_DEADLINE_MS: '8000',
    API_KEYS: `client-one:${hashApiKey(TEST_API_KEY)},client-two:${hashApiKey(OTHER_API_KEY)}`,
    // Limits high enough that only the rate-limit tests (which lower them) ever meet them.
    RATE_LIMIT_PER_KEY_PER_MINUTE: '1000000',
    RATE_LIMIT_PER_USER_PER_MINUTE: '1000000',
    ...overrides,
  });
  const api = await startOrchestrator(config, logger ?? createLogger(config.logLevel), options);
  let dynamoStopped: Promise<void> | null = null;
  const stopDynamo = () => {
    dynamoStopped ??= dynamo.close();
    return dynamoStopped;
  };
  return {
    api,
    urls: services.urls,
    services: services.services,
    dynamo,
    config,
    stopDynamo,
    async close() {
      await api.close();
      await services.close();
      await stopDynamo();
    },
  };
}

export async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...AUTH, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
}

export async function get(url: string, headers: Record<string, string> = AUTH) {
  const response = await fetch(url, { headers });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
}

export async function setFaults(serviceUrl: string, config: unknown): Promise<void> {
  const response = await fetch(new URL('/__admin/faults', serviceUrl), {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(config),
  });
  if (!response.ok) throw new Error(`fault injection refused: ${response.status} ${await response.text()}`);
}

export async function clearFaults(serviceUrl: string): Promise<void> {
  await fetch(new URL('/__admin/faults', serviceUrl), { method: 'DELETE' });
}
