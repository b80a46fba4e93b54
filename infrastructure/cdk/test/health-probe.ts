import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TestServer {
  port: number;
  close(): Promise<void>;
}

/** A real HTTP server on an ephemeral loopback port, standing in for a container's server. */
export async function startServer(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<TestServer> {
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

/** Runs a health check or probe command (`node -e …`) as a container would; resolves its exit code. */
export function runHealthCheck(
  command: readonly string[],
  env: Record<string, string> = {},
): Promise<number> {
  const [program, ...args] = command;
  if (program !== 'node') throw new Error(`health checks run node, not ${program}`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      // As in the images: only what the image sets, plus the ports under test.
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', ...env },
      stdio: 'ignore',
    });
    child.on('error', reject);
    child.on('exit', (code) => resolve(code ?? -1));
  });
}

/** A port nothing listens on: bound, then released. */
export async function closedPort(): Promise<number> {
  const server = await startServer(() => {});
  await server.close();
  return server.port;
}
