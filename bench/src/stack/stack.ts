import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { type Child, startChild, waitUntilHealthy } from './child';
import { freePort } from './free-port';
import { BENCH_ROOT, ORCHESTRATOR_DIR, REFERENCE_DIR } from './paths';

export interface ServiceUrls {
  media: string;
  catalog: string;
  composer: string;
}

export interface Stack {
  dynamoEndpoint: string;
  services: ServiceUrls;
  orchestrator: { url: string; child: Child };
  operator: { username: string; password: string };
  /** Stops every process, the orchestrator first (so a CPU profile is written), the engine last. */
  close(): Promise<void>;
}

export interface StackOptions {
  /** Logs and the engine's data live here. */
  workDir: string;
  /** Extra Node flags for the orchestrator process (e.g. `--cpu-prof`). */
  orchestratorFlags?: string[];
}

/** The DynamoDB table the orchestrator creates and the baseline shares. */
export const TABLE_NAME = 'orchestrator-requests';

/**
 * The whole system as separate processes on free loopback ports: the embedded DynamoDB engine, the three
 * reference services (one process) and the orchestrator, configured so nothing throttles the run.
 */
export async function startStack(options: StackOptions): Promise<Stack> {
  const children: Child[] = [];
  try {
    const dynamo = await startDynamo(options.workDir);
    children.push(dynamo.child);
    const services = await startReferenceServices(options.workDir);
    children.push(services.child);
    const operator = { username: 'bench', password: randomBytes(12).toString('hex') };
    const orchestrator = await startOrchestratorProcess({
      workDir: options.workDir,
      dynamoEndpoint: dynamo.endpoint,
      services: services.urls,
      operator,
      flags: options.orchestratorFlags ?? [],
    });
    children.push(orchestrator.child);
    return {
      dynamoEndpoint: dynamo.endpoint,
      services: services.urls,
      orchestrator,
      operator,
      close: () => stopAll(children),
    };
  } catch (error) {
    await stopAll(children);
    throw error;
  }
}

async function stopAll(children: Child[]): Promise<void> {
  for (const child of [...children].reverse()) await child.stop();
}

async function startDynamo(workDir: string): Promise<{ endpoint: string; child: Child }> {
  const port = await freePort();
  const child = startChild({
    name: 'embedded DynamoDB',
    script: join(BENCH_ROOT, 'src/stack/dynamo-main.ts'),
    cwd: BENCH_ROOT,
    env: { BENCH_DYNAMO_PORT: String(port), BENCH_DYNAMO_DATA_DIR: join(workDir, 'dynamodb') },
    logFile: join(workDir, 'dynamodb.log'),
  });
  const endpoint = `http://127.0.0.1:${port}`;
  await waitUntilHealthy(`${endpoint}/`, child);
  return { endpoint, child };
}

async function startReferenceServices(workDir: string): Promise<{ urls: ServiceUrls; child: Child }> {
  const [media, catalog, composer] = [await freePort(), await freePort(), await freePort()];
  const child = startChild({
    name: 'reference services',
    script: 'src/main.ts',
    args: ['all'],
    cwd: REFERENCE_DIR,
    env: {
      MEDIA_PORT: String(media),
      CATALOG_PORT: String(catalog),
      COMPOSER_PORT: String(composer),
      REFERENCE_SERVICES_HOST: '127.0.0.1',
      // One log line per request would cost the shared CPU and tell the bench nothing.
      LOG_LEVEL: 'warn',
    },
    logFile: join(workDir, 'reference-services.log'),
  });
  const urls = {
    media: `http://127.0.0.1:${media}`,
    catalog: `http://127.0.0.1:${catalog}`,
    composer: `http://127.0.0.1:${composer}`,
  };
  for (const url of Object.values(urls)) await waitUntilHealthy(`${url}/health`, child);
  return { urls, child };
}

async function startOrchestratorProcess(options: {
  workDir: string;
  dynamoEndpoint: string;
  services: ServiceUrls;
  operator: { username: string; password: string };
  flags: string[];
}): Promise<{ url: string; child: Child }> {
  const port = await freePort();
  const child = startChild({
    name: 'orchestrator',
    script: 'src/main.ts',
    cwd: ORCHESTRATOR_DIR,
    nodeFlags: options.flags,
    env: {
      NODE_ENV: 'development',
      HOST: '127.0.0.1',
      PORT: String(port),
      // As deployed: one JSON line per request (into a file here).
      LOG_LEVEL: 'info',
      AWS_ENDPOINT_URL_DYNAMODB: options.dynamoEndpoint,
      DYNAMODB_TABLE_NAME: TABLE_NAME,
      MEDIA_SERVICE_URL: options.services.media,
      CATALOG_SERVICE_URL: options.services.catalog,
      RESPONSE_COMPOSER_URL: options.services.composer,
      // Nothing may throttle the run: no rate limits; the downstream latency figures (background writes,
      // a few per endpoint and minute whatever the load) are not flushed mid-run.
      RATE_LIMIT_ENABLED: 'false',
      METRICS_FLUSH_MS: '600000',
      OPERATOR_USERNAME: options.operator.username,
      OPERATOR_PASSWORD: options.operator.password,
      OTEL_TRACES_EXPORTER: 'none',
    },
    logFile: join(options.workDir, 'orchestrator.log'),
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntilHealthy(`${url}/health`, child);
  return { url, child };
}
