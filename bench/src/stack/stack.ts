import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { SERVICE_NAMES, type ServiceName } from '@talknshop/contracts';
import { type Child, startChild, waitUntilHealthy } from './child';
import { freePort, freePorts } from './free-port';
import { BENCH_ROOT, ORCHESTRATOR_DIR, REFERENCE_DIR } from './paths';

export type ServiceUrls = Record<ServiceName, string>;

export interface OrchestratorProcess {
  url: string;
  child: Child;
  tableName: string;
}

export interface Stack {
  dynamoEndpoint: string;
  services: ServiceUrls;
  /** The orchestrator every section but growth measures, on TABLE_NAME. */
  orchestrator: OrchestratorProcess;
  operator: { username: string; password: string };
  /** Another orchestrator on the same engine and services, with a table of its own. */
  startOrchestrator(name: string, tableName: string): Promise<OrchestratorProcess>;
  /** Stops every process, the orchestrators first (so a CPU profile is written), the engine last. */
  close(): Promise<void>;
}

export interface StackOptions {
  /** Logs and the engine's data live here. */
  workDir: string;
  /** Extra Node flags for the main orchestrator process (e.g. `--cpu-prof`). */
  orchestratorFlags?: string[];
  /**
   * Run the orchestrator's TypeScript sources through tsx instead of the deployed bundle: a CPU profile
   * then names each function's own package and file.
   */
  orchestratorFromSources?: boolean;
}

/**
 * The orchestrator's Node options as its image sets them (apps/orchestrator/Dockerfile) and as the CDK stack
 * sets them for the development task (old and young generations within 75% of 512 MiB): part of how it is
 * deployed, so part of what is measured.
 */
export const DEPLOYED_NODE_OPTIONS = '--max-old-space-size=320 --max-semi-space-size=32';

/** The table the main orchestrator creates and the baseline shares. */
const TABLE_NAME = 'orchestrator-requests';

/**
 * The whole system as separate processes on free loopback ports, as in production: the embedded DynamoDB
 * engine, each reference service, and the orchestrator, configured so nothing throttles the run.
 */
export async function startStack(options: StackOptions): Promise<Stack> {
  const orchestratorEntry = options.orchestratorFromSources ? 'src/main.ts' : bundleOrchestrator();
  const children: Child[] = [];
  try {
    const dynamo = await startDynamo(options.workDir);
    children.push(dynamo.child);
    const ports = await freePorts(SERVICE_NAMES.length);
    const services = await Promise.all(
      SERVICE_NAMES.map((name, index) => startReferenceService(name, ports[index]!, options.workDir)),
    );
    children.push(...services.map((service) => service.child));
    const urls = Object.fromEntries(services.map((service) => [service.name, service.url])) as ServiceUrls;
    const operator = { username: 'bench', password: randomBytes(12).toString('hex') };
    const start = async (name: string, tableName: string, flags: string[]) => {
      const started = await startOrchestratorProcess({
        name,
        workDir: options.workDir,
        dynamoEndpoint: dynamo.endpoint,
        services: urls,
        operator,
        tableName,
        flags,
        entry: orchestratorEntry,
      });
      children.push(started.child);
      return started;
    };
    const orchestrator = await start('orchestrator', TABLE_NAME, options.orchestratorFlags ?? []);
    return {
      dynamoEndpoint: dynamo.endpoint,
      services: urls,
      orchestrator,
      operator,
      startOrchestrator: (name, tableName) => start(name, tableName, []),
      close: () => stopAll(children),
    };
  } catch (error) {
    await stopAll(children);
    throw error;
  }
}

/**
 * The orchestrator is measured as deployed: the bundle its container image runs (apps/orchestrator
 * scripts/bundle.mjs), built afresh from the sources under test, not TypeScript through the tsx loader.
 */
function bundleOrchestrator(): string {
  const result = spawnSync(process.execPath, ['scripts/bundle.mjs'], {
    cwd: ORCHESTRATOR_DIR,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0)
    throw new Error('could not bundle the orchestrator (apps/orchestrator/scripts/bundle.mjs)');
  return 'dist/main.mjs';
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

/** One process per service, so one service's work never delays another's injected latency. */
async function startReferenceService(
  name: ServiceName,
  port: number,
  workDir: string,
): Promise<{ name: ServiceName; url: string; child: Child }> {
  const child = startChild({
    name: `reference ${name} service`,
    script: 'src/main.ts',
    args: [name],
    cwd: REFERENCE_DIR,
    env: {
      [`${name.toUpperCase()}_PORT`]: String(port),
      REFERENCE_SERVICES_HOST: '127.0.0.1',
      // One log line per request would cost the shared CPU and tell the bench nothing.
      LOG_LEVEL: 'warn',
    },
    logFile: join(workDir, `reference-${name}.log`),
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntilHealthy(`${url}/health`, child);
  return { name, url, child };
}

async function startOrchestratorProcess(options: {
  name: string;
  workDir: string;
  dynamoEndpoint: string;
  services: ServiceUrls;
  operator: { username: string; password: string };
  tableName: string;
  flags: string[];
  /** Relative to the orchestrator's folder. */
  entry: string;
}): Promise<OrchestratorProcess> {
  const port = await freePort();
  const child = startChild({
    name: options.name,
    script: options.entry,
    cwd: ORCHESTRATOR_DIR,
    nodeFlags: options.flags,
    env: {
      NODE_ENV: 'development',
      NODE_OPTIONS: DEPLOYED_NODE_OPTIONS,
      HOST: '127.0.0.1',
      PORT: String(port),
      // As deployed: one JSON line per request (into a file here).
      LOG_LEVEL: 'info',
      AWS_ENDPOINT_URL_DYNAMODB: options.dynamoEndpoint,
      DYNAMODB_TABLE_NAME: options.tableName,
      MEDIA_SERVICE_URL: options.services.media,
      CATALOG_SERVICE_URL: options.services.catalog,
      RESPONSE_COMPOSER_URL: options.services.composer,
      // Nothing may throttle the run: no rate limits. Background work whose DynamoDB calls do not depend
      // on the load (the downstream latency figures' flush, the crash-recovery sweep of the open-requests
      // shards) is pushed out of the run, so per-request counts hold per-request calls only.
      RATE_LIMIT_ENABLED: 'false',
      METRICS_FLUSH_MS: '600000',
      RECOVERY_INTERVAL_MS: '3600000',
      OPERATOR_USERNAME: options.operator.username,
      OPERATOR_PASSWORD: options.operator.password,
      OTEL_TRACES_EXPORTER: 'none',
    },
    logFile: join(options.workDir, `${options.name}.log`),
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntilHealthy(`${url}/health`, child);
  return { url, child, tableName: options.tableName };
}
