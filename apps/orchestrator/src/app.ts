import type { AddressInfo } from 'node:net';
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import {
  createAdminService,
  createApiKeyAuth,
  createLatencyRecorder,
  createLoginThrottle,
  createOperatorAuth,
  createOrchestration,
  createRateLimiter,
  createRecovery,
  createRuleBasedExtractor,
  DEFAULT_VOCABULARY,
  learnVocabulary,
  newLeaseOwner,
  observeCalls,
  type Readiness,
  type Vocabulary,
  type WorkflowObserver,
} from '@talknshop/api';
import { type Clients, createClients } from '@talknshop/clients';
import { SERVICE_NAMES } from '@talknshop/contracts';
import {
  createDocumentClient,
  ensureTable,
  IdempotencyStore,
  MetricsStore,
  OrchestratorRepository,
  RateLimitStore,
  startEmbeddedDynamo,
} from '@talknshop/db';
import type { Config } from './config';
import { createHttpServer } from './http/server';
import { trackHttpDrain } from './lifecycle/http-drain';
import { scheduleRecovery } from './lifecycle/recovery-schedule';
import type { Logger } from './logger';
import { createMetrics } from './observability/metrics';
import { startTracing, traceDynamo } from './observability/tracing';

export interface RunningOrchestrator {
  url: string;
  port: number;
  dynamoEndpoint: string | null;
  /** Graceful: drains in-flight requests up to SHUTDOWN_GRACE_MS. Calling it again waits for the same close. */
  close(): Promise<void>;
}

const VERSION = '0.1.0';

/** The composition root: every dependency is built here, from the parsed configuration, and nowhere else. */
export interface StartOptions {
  /** Extra span processors, e.g. an in-memory exporter in tests. */
  spanProcessors?: SpanProcessor[];
}

export async function startOrchestrator(
  config: Config,
  logger: Logger,
  options: StartOptions = {},
): Promise<RunningOrchestrator> {
  const tracing = startTracing({
    env: config.otel,
    version: VERSION,
    ...(options.spanProcessors ? { processors: options.spanProcessors } : {}),
  });
  const embedded = config.dynamo.embedded
    ? await startEmbeddedDynamo({
        port: config.dynamo.embedded.port,
        dataDir: config.dynamo.embedded.dataDir,
      })
    : null;
  const endpoint = config.dynamo.endpoint ?? embedded?.endpoint ?? null;
  if (embedded)
    logger.info(
      { endpoint: embedded.endpoint, dataDir: config.dynamo.embedded?.dataDir },
      'embedded DynamoDB started',
    );
  const metrics = createMetrics();
  const { client, doc } = createDocumentClient({
    region: config.dynamo.region,
    ...(endpoint ? { endpoint } : {}),
  });
  metrics.instrumentDynamo(client);
  if (tracing.enabled) traceDynamo(client);
  const table = await ensureTable(client, config.dynamo.tableName, { create: config.dynamo.createTable });
  for (const warning of table.warnings ?? []) logger.warn({ table: config.dynamo.tableName }, warning);

  const clock = () => new Date();
  const repo = new OrchestratorRepository({
    doc,
    tableName: config.dynamo.tableName,
    clock,
    cursorSecret: config.cursorSecret,
    ttlDays: config.sessionTtlDays,
  });
  const latencyStore = new MetricsStore({ doc, tableName: config.dynamo.tableName, clock });
  // Downstream latency for the console: counted in memory, added to DynamoDB every METRICS_FLUSH_MS.
  const latencyRecorder = createLatencyRecorder({
    store: latencyStore,
    flushMs: config.metricsFlushMs,
    onError: (error) => logger.warn({ err: String(error) }, 'could not write downstream latency figures'),
  });
  const clients = observeCalls(
    createClients({
      urls: config.services,
      timeoutsMs: config.timeoutsMs,
      sink: (record) => metrics.observeCall(record),
      // Every request to a service is built from values validated when they arrived (the shopper's input,
      // a service's answer), and the service checks it again on arrival: checking it here as well was 4 %
      // of the orchestrator's CPU under load.
      validateRequests: false,
    }),
    latencyRecorder.record,
  );
  metrics.trackBreakers(clients);
  const vocabulary = await learnCatalogVocabulary(config.services.catalog, logger);
  // One extractor and one policy for live requests and replays alike: a recorded replay must decide the same.
  const extractor = createRuleBasedExtractor(vocabulary);
  const policy = { maxClarificationRounds: config.maxClarificationRounds };
  // Every request this process works on is leased under one owner id, new at each start.
  const lease = { owner: newLeaseOwner(), ms: config.leaseMs };
  const observer: WorkflowObserver = {
    workflowFinished: (record, requestType, seconds) => metrics.observeWorkflow(record, requestType, seconds),
  };
  const orchestration = createOrchestration({
    repo,
    clients,
    extractor,
    policy,
    clock,
    requestDeadlineMs: config.requestDeadlineMs,
    observer,
    lease,
  });
  const recovery = createRecovery({
    repo,
    clients,
    extractor,
    policy,
    clock,
    lease,
    requestDeadlineMs: config.requestDeadlineMs,
    observer,
  });

  const server = createHttpServer({
    services: {
      orchestration,
      operatorAuth: createOperatorAuth({ ...config.operator, clock }),
      admin: createAdminService({
        repo,
        clients,
        extractor,
        policy,
        metrics: latencyStore,
        clock,
        requestDeadlineMs: config.requestDeadlineMs,
      }),
      readiness: () => readiness(client, config, clients),
      debug: config.debug,
      idempotency: {
        records: new IdempotencyStore({
          doc,
          tableName: config.dynamo.tableName,
          clock,
          ttlSeconds: config.idempotencyTtlSeconds,
          inProgressMs: config.requestDeadlineMs + 5_000,
        }),
        waitMs: config.requestDeadlineMs,
        pollMs: 100,
      },
      ...(config.rateLimit
        ? {
            rateLimiter: createRateLimiter(
              new RateLimitStore({
                doc,
                tableName: config.dynamo.tableName,
                clock,
                leaseSize: config.rateLimit.leaseTokens,
                leaseMs: 1_000,
              }),
              config.rateLimit,
              (limit) => metrics.rateLimited(limit),
            ),
          }
        : {}),
      ...(config.operator.loginThrottle
        ? {
            // Every attempt writes the shared bucket (a lease of one): a lease would let each instance
            // grant several guesses of its own.
            loginThrottle: createLoginThrottle(
              new RateLimitStore({
                doc,
                tableName: config.dynamo.tableName,
                clock,
                leaseSize: 1,
                leaseMs: 1_000,
              }),
              config.operator.loginThrottle,
            ),
          }
        : {}),
    },
    logger,
    metrics,
    apiKeys: createApiKeyAuth(config.apiKeys),
    corsOrigin: config.consoleOrigin,
    maxBodyBytes: config.maxBodyBytes,
    publicUrl: `http://localhost:${config.port}`,
    version: VERSION,
  });
  const drain = trackHttpDrain(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  logger.info(
    { url, table: config.dynamo.tableName, services: config.services, lease_owner: lease.owner },
    'orchestrator listening',
  );
  const recoverySchedule = scheduleRecovery({
    recover: (signal) => recovery.recoverExpired({ signal }),
    intervalMs: config.recoveryIntervalMs,
    logger,
  });

  async function shutdown(): Promise<void> {
    // Stop accepting, let in-flight work finish up to the deadline, then release the database. A request
    // cut off at the deadline ends failed (its caller is gone) or, if that cannot be written any more,
    // keeps its lease until it expires and another instance's recovery resumes it.
    const [requestsCut, recovered] = await Promise.all([
      drain.shutdown(config.shutdownGraceMs),
      recoverySchedule.stop(config.shutdownGraceMs),
    ]);
    if (requestsCut > 0 || !recovered) {
      logger.warn(
        { grace_ms: config.shutdownGraceMs, requests_cut: requestsCut, recovery_cut: !recovered },
        'shutdown deadline passed; closed the remaining connections',
      );
    }
    await latencyRecorder.close();
    client.destroy();
    await embedded?.close();
    await tracing.shutdown();
  }
  let closing: Promise<void> | null = null;

  return {
    url,
    port,
    dynamoEndpoint: endpoint,
    close: () => {
      closing ??= shutdown();
      return closing;
    },
  };
}

/** Brand names and product types the catalog knows make the extractor better; failing to learn them is fine. */
async function learnCatalogVocabulary(catalogUrl: string, logger: Logger): Promise<Vocabulary> {
  try {
    const response = await fetch(new URL('/vocabulary', catalogUrl), { signal: AbortSignal.timeout(2000) });
    if (!response.ok) throw new Error(`status ${response.status}`);
    const learned = (await response.json()) as { brands?: string[]; productTypes?: string[] };
    return learnVocabulary(DEFAULT_VOCABULARY, learned);
  } catch (error) {
    logger.warn({ err: String(error) }, 'could not learn the catalog vocabulary; using the built-in one');
    return DEFAULT_VOCABULARY;
  }
}

async function readiness(client: DynamoDBClient, config: Config, clients: Clients): Promise<Readiness> {
  const checks: Readiness['checks'] = {};
  const dynamo = client
    .send(new DescribeTableCommand({ TableName: config.dynamo.tableName }), {
      abortSignal: AbortSignal.timeout(2000),
    })
    .then(
      () => ({ ok: true }),
      (error: unknown) => ({ ok: false, detail: String(error) }),
    );
  const services = SERVICE_NAMES.map(async (name) => {
    const breaker = clients.breakerStates()[name];
    try {
      const response = await fetch(new URL('/health', config.services[name]), {
        signal: AbortSignal.timeout(2000),
      });
      return [
        name,
        response.ok
          ? { ok: true, detail: `breaker ${breaker}` }
          : { ok: false, detail: `status ${response.status}` },
      ] as const;
    } catch (error) {
      return [name, { ok: false, detail: String(error) }] as const;
    }
  });
  checks.dynamodb = await dynamo;
  for (const [name, check] of await Promise.all(services)) checks[name] = check;
  const ready = Object.values(checks).every((check) => check.ok);
  return { status: ready ? 'ready' : 'not_ready', checks };
}
