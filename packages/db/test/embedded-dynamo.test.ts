import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDocumentClient,
  type EmbeddedDynamo,
  ensureTable,
  OrchestratorRepository,
  startEmbeddedDynamo,
} from '../src/index';
import { CURSOR_SECRET, newSession } from './support';

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'embedded-dynamo-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

async function withEngine<T>(
  engine: EmbeddedDynamo,
  use: (repo: OrchestratorRepository) => Promise<T>,
): Promise<T> {
  const { client, doc } = createDocumentClient({ endpoint: engine.endpoint, region: 'us-east-1' });
  try {
    await ensureTable(client, 'orchestrator-requests', { create: true });
    const clock = () => new Date('2100-01-01T00:00:00.000Z');
    return await use(
      new OrchestratorRepository({
        doc,
        tableName: 'orchestrator-requests',
        clock,
        cursorSecret: CURSOR_SECRET,
        ttlDays: 30,
      }),
    );
  } finally {
    client.destroy();
  }
}

describe('startEmbeddedDynamo', () => {
  it('serves the DynamoDB API in memory on an ephemeral loopback port', async () => {
    const engine = await startEmbeddedDynamo({ port: 0 });
    try {
      expect(engine.port).toBeGreaterThan(0);
      expect(engine.endpoint).toBe(`http://127.0.0.1:${engine.port}`);
      const session = await withEngine(engine, (repo) => repo.createSession(newSession()));
      expect(session.version).toBe(1);
    } finally {
      await engine.close();
    }
  });

  it('persists to a data directory across restarts', async () => {
    const dataDir = join(scratch, 'persist', 'nested');
    const input = newSession();
    const first = await startEmbeddedDynamo({ port: 0, dataDir });
    const created = await withEngine(first, (repo) => repo.createSession(input)).finally(() => first.close());

    const second = await startEmbeddedDynamo({ port: 0, dataDir });
    try {
      expect(await withEngine(second, (repo) => repo.getSession(input.session_id))).toEqual(created);
    } finally {
      await second.close();
    }
  });

  it('refuses a data directory that a running instance owns, and frees it on close', async () => {
    const dataDir = join(scratch, 'owned');
    const owner = await startEmbeddedDynamo({ port: 0, dataDir });
    try {
      await expect(startEmbeddedDynamo({ port: 0, dataDir })).rejects.toMatchObject({
        code: 'DATA_DIR_IN_USE',
      });
    } finally {
      await owner.close();
    }
    const next = await startEmbeddedDynamo({ port: 0, dataDir });
    await next.close();
  });

  it('takes over a data directory whose owner died', async () => {
    const dataDir = join(scratch, 'orphaned');
    const first = await startEmbeddedDynamo({ port: 0, dataDir });
    await first.close();
    const deadPid = spawnSync(process.execPath, ['-e', '']).pid;
    await writeFile(join(dataDir, 'owner.pid'), String(deadPid));
    const engine = await startEmbeddedDynamo({ port: 0, dataDir });
    await engine.close();
  });

  it('fails clearly when the port is taken', async () => {
    const first = await startEmbeddedDynamo({ port: 0 });
    try {
      const attempt = startEmbeddedDynamo({ port: first.port });
      await expect(attempt).rejects.toMatchObject({
        code: 'PORT_IN_USE',
        message: expect.stringContaining(`127.0.0.1:${first.port} is already in use`),
      });
    } finally {
      await first.close();
    }
  });
});
