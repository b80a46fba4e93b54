import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startReferenceServices } from '@talknshop/reference-services';
import { freePort, NEXT_BIN, runNode, type Spawned, spawnNode, waitForHttp } from './stack';

/**
 * Brings up the real system on free ports: the three reference services (in this process), the
 * orchestrator with its embedded DynamoDB in a temporary folder, and a production build of the console
 * pointed at it. Tests find the addresses in E2E_* environment variables.
 */

const consoleDir = fileURLToPath(new URL('../', import.meta.url));
const orchestratorDir = fileURLToPath(new URL('../../orchestrator/', import.meta.url));
const STARTUP_MS = 180_000;
export const OPERATOR_PASSWORD = 'e2e-operator-password';
/** The shopper-facing API wants a client key; the orchestrator is told only its SHA-256. */
const API_KEY = 'tns_e2e_console_key';
/** The console is built into its own folder so a running `next dev` (in .next) is left alone. */
const DIST_DIR = '.next-e2e';

/** The embedded DynamoDB must be used, whatever the developer's shell points at; Next sets its own NODE_ENV. */
const DROPPED_ENV = new Set(['AWS_ENDPOINT_URL_DYNAMODB', 'NODE_ENV']);

function baseEnv(): NodeJS.ProcessEnv {
  const inherited = Object.entries(process.env).filter(([name]) => !DROPPED_ENV.has(name));
  return { ...Object.fromEntries(inherited), NEXT_TELEMETRY_DISABLED: '1' };
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  const work = await mkdtemp(join(tmpdir(), 'talknshop-console-e2e-'));
  const running: Spawned[] = [];
  const references = await startReferenceServices({ env: {} });
  const teardown = async () => {
    for (const service of running.reverse()) await service.stop();
    await references.close();
    await rm(work, { recursive: true, force: true });
  };
  try {
    const [orchestratorPort, dynamoPort, consolePort] = [
      await freePort(),
      await freePort(),
      await freePort(),
    ];
    const orchestratorUrl = `http://127.0.0.1:${orchestratorPort}`;
    const consoleUrl = `http://127.0.0.1:${consolePort}`;
    console.log(`[e2e] logs and data in ${work}`);

    const orchestrator = spawnNode(['--import', 'tsx', 'src/main.ts'], {
      cwd: orchestratorDir,
      log: join(work, 'orchestrator.log'),
      env: {
        ...baseEnv(),
        NODE_ENV: 'test',
        HOST: '127.0.0.1',
        PORT: String(orchestratorPort),
        LOG_LEVEL: 'warn',
        DYNAMODB_EMBEDDED_PORT: String(dynamoPort),
        DYNAMODB_DATA_DIR: join(work, 'dynamodb'),
        MEDIA_SERVICE_URL: references.urls.media,
        CATALOG_SERVICE_URL: references.urls.catalog,
        RESPONSE_COMPOSER_URL: references.urls.composer,
        METRICS_FLUSH_MS: '1000',
        OPERATOR_PASSWORD,
        API_KEYS: `e2e:${createHash('sha256').update(API_KEY).digest('hex')}`,
        CONSOLE_ORIGIN: consoleUrl,
      },
    });
    running.push(orchestrator);

    const consoleEnv = { ...baseEnv(), NEXT_DIST_DIR: DIST_DIR, ORCHESTRATOR_URL: orchestratorUrl };
    if (process.env.E2E_SKIP_BUILD !== '1') {
      await runNode([NEXT_BIN, 'build'], { cwd: consoleDir, env: consoleEnv, log: join(work, 'build.log') });
    }
    const web = spawnNode([NEXT_BIN, 'start', '--port', String(consolePort), '--hostname', '127.0.0.1'], {
      cwd: consoleDir,
      log: join(work, 'console.log'),
      env: consoleEnv,
    });
    running.push(web);

    await waitForHttp(`${orchestratorUrl}/health`, STARTUP_MS, orchestrator.child);
    await waitForHttp(`${consoleUrl}/login`, STARTUP_MS, web.child);

    process.env.E2E_CONSOLE_URL = consoleUrl;
    process.env.E2E_ORCHESTRATOR_URL = orchestratorUrl;
    process.env.E2E_CATALOG_URL = references.urls.catalog;
    process.env.E2E_OPERATOR_PASSWORD = OPERATOR_PASSWORD;
    process.env.E2E_API_KEY = API_KEY;
    return teardown;
  } catch (error) {
    await teardown();
    throw error;
  }
}
