// Referenced explicitly so packages that compile this source (not just this one) see the declaration.
/// <reference path="./dynalite.d.ts" />
import { mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { DbError } from './errors';

export interface EmbeddedDynamoOptions {
  /** 0 picks an ephemeral port; default 8004. */
  port?: number;
  /** Default 127.0.0.1: the engine has no authentication, so it stays on loopback. */
  host?: string;
  /** On-disk LevelDB under this directory (created if missing); in memory when null or omitted. */
  dataDir?: string | null;
}

export interface EmbeddedDynamo {
  endpoint: string;
  port: number;
  close(): Promise<void>;
}

const OWNER_FILE = 'owner.pid';

/**
 * Runs dynalite (DynamoDB API over LevelDB) in this process. One process per data directory: LevelDB
 * cannot be shared, so a directory already owned by a live process is refused up front.
 */
export async function startEmbeddedDynamo(options: EmbeddedDynamoOptions = {}): Promise<EmbeddedDynamo> {
  const host = options.host ?? '127.0.0.1';
  const requestedPort = options.port ?? 8004;
  // Probing first means a taken port fails before a store is opened that could not then be closed.
  if (requestedPort !== 0) await assertPortFree(host, requestedPort);
  const dataDir = options.dataDir ?? null;
  if (dataDir !== null) await claimDataDir(dataDir);

  // Loaded on demand: a process pointed at another endpoint (production, the benchmark) never carries the
  // engine and its LevelDB binding.
  const { default: dynalite } = await import('dynalite');
  const server = dynalite({
    ...(dataDir === null ? {} : { path: join(dataDir, 'leveldb') }),
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  try {
    await listen(server, host, requestedPort);
  } catch (error) {
    if (dataDir !== null) await releaseDataDir(dataDir);
    throw error;
  }
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : requestedPort;
  return {
    endpoint: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    close: async () => {
      await closeServer(server);
      if (dataDir !== null) await releaseDataDir(dataDir);
    },
  };
}

function listen(server: Server | ReturnType<typeof createServer>, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new DbError('PORT_IN_USE', `cannot start embedded DynamoDB: ${host}:${port} is already in use`, {
              cause: error,
            })
          : error,
      );
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

async function assertPortFree(host: string, port: number): Promise<void> {
  const probe = createServer();
  await listen(probe, host, port);
  await new Promise((resolve) => probe.close(resolve));
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    // Clients keep connections alive; without this, close waits for them to time out.
    server.closeAllConnections();
  });
}

async function claimDataDir(dataDir: string): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  const ownerFile = join(dataDir, OWNER_FILE);
  try {
    await writeFile(ownerFile, String(process.pid), { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const owner = Number.parseInt(await readFile(ownerFile, 'utf8'), 10);
    if (isAlive(owner)) {
      throw new DbError(
        'DATA_DIR_IN_USE',
        `cannot start embedded DynamoDB: ${dataDir} is in use by process ${owner} (one process per data directory)`,
      );
    }
    // The previous owner died without cleaning up.
    await writeFile(ownerFile, String(process.pid));
  }
}

async function releaseDataDir(dataDir: string): Promise<void> {
  await unlink(join(dataDir, OWNER_FILE)).catch(() => undefined);
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
