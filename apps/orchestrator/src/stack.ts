import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * `npm start`: the whole system on one machine — the three reference services, then the orchestrator
 * (with its embedded DynamoDB persisted under .data/), then the operator console (built, then served).
 * Each runs as its own process and they talk over HTTP, as in production. Ctrl-C (or SIGTERM) stops
 * them all.
 */
const root = fileURLToPath(new URL('../../../', import.meta.url));
const children: ChildProcess[] = [];

function run(name: string, args: string[], cwd: string, env: Record<string, string> = {}): ChildProcess {
  const child = spawn(process.execPath, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  child.on('exit', (code, signal) => {
    if (!shuttingDown) {
      console.error(`[stack] ${name} exited (${signal ?? code}); stopping everything`);
      void shutdown(1);
    }
  });
  children.push(child);
  return child;
}

async function waitForHealth(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (response.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not become healthy within ${timeoutMs} ms`);
}

let shuttingDown = false;
async function shutdown(code: number): Promise<void> {
  shuttingDown = true;
  for (const child of children) child.kill('SIGTERM');
  await Promise.all(
    children.map(
      (child) =>
        new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve))),
    ),
  );
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

/** A step that cannot come up stops the children already started instead of leaving them behind. */
async function ready(url: string, timeoutMs: number): Promise<void> {
  try {
    await waitForHealth(url, timeoutMs);
  } catch (error) {
    console.error(`[stack] ${(error as Error).message}; stopping everything`);
    await shutdown(1);
  }
}

// The services honour MEDIA_PORT, CATALOG_PORT and COMPOSER_PORT; the orchestrator is pointed at the same
// ports unless its service URLs are set explicitly.
const servicePorts = {
  media: process.env.MEDIA_PORT || '8001',
  catalog: process.env.CATALOG_PORT || '8002',
  composer: process.env.COMPOSER_PORT || '8003',
};
const serviceUrl = (port: string) => `http://127.0.0.1:${port}`;

const tsx = ['--import', 'tsx'];
run('reference services', [...tsx, 'src/main.ts', 'all'], `${root}services/reference`);
await Promise.all(Object.values(servicePorts).map((port) => ready(`${serviceUrl(port)}/health`, 60_000)));
run('orchestrator', [...tsx, 'src/main.ts'], `${root}apps/orchestrator`, {
  DYNAMODB_DATA_DIR: process.env.DYNAMODB_DATA_DIR ?? `${root}.data/dynamodb`,
  MEDIA_SERVICE_URL: process.env.MEDIA_SERVICE_URL ?? serviceUrl(servicePorts.media),
  CATALOG_SERVICE_URL: process.env.CATALOG_SERVICE_URL ?? serviceUrl(servicePorts.catalog),
  RESPONSE_COMPOSER_URL: process.env.RESPONSE_COMPOSER_URL ?? serviceUrl(servicePorts.composer),
});
const apiPort = process.env.PORT ?? '8000';
await ready(`http://127.0.0.1:${apiPort}/health`, 60_000);
console.error(`[stack] API ready at http://localhost:${apiPort} (docs at /docs); building the console…`);

const next = ['node_modules/next/dist/bin/next'];
const build = spawnSync(process.execPath, [...next, 'build'], {
  cwd: `${root}apps/console`,
  stdio: 'inherit',
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
});
if (build.status !== 0) {
  console.error('[stack] the console failed to build');
  await shutdown(1);
}
run('console', [...next, 'start', '--port', '3000'], `${root}apps/console`, {
  ORCHESTRATOR_URL: `http://127.0.0.1:${apiPort}`,
  NEXT_TELEMETRY_DISABLED: '1',
});
await ready('http://127.0.0.1:3000/health', 120_000);
console.error(
  `[stack] ready: API http://localhost:${apiPort} (docs /docs, /redoc), console http://localhost:3000 ` +
    `(operator / ${process.env.OPERATOR_PASSWORD ? '$OPERATOR_PASSWORD' : 'operator-dev-password'})`,
);
