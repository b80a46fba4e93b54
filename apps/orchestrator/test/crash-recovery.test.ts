import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AWAITING_SHOPPER_LEASE_EXPIRY, StoredWorkflowRecordSchema } from '@talknshop/api';
import { imageFixtures, type ReferenceServices, startReferenceServices } from '@talknshop/reference-services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type OrchestratorProcess,
  processRepository,
  spawnOrchestrator,
} from './support/orchestrator-process';
import { clearFaults, get, post, setFaults } from './support/stack';
import { observedRequests, waitFor } from './support/wait';

/**
 * The orchestrator killed with SIGKILL while requests are mid-workflow, then started again on the same data:
 * every request it had accepted ends completed or failed (none lost, none twice), and SIGTERM drains.
 */
const PROCESS_ENV = {
  REQUEST_DEADLINE_MS: '4500',
  // Longer than the deadline, short enough for a quick test.
  LEASE_MS: '5000',
  RECOVERY_INTERVAL_MS: '250',
  CATALOG_TIMEOUT_MS: '4000',
  MEDIA_TIMEOUT_MS: '4000',
};

let services: ReferenceServices;
let imageServer: Server;
let imageUrl: string;
let dataDir: string;
const processes: OrchestratorProcess[] = [];

beforeAll(async () => {
  services = await startReferenceServices({ logger: false });
  dataDir = await mkdtemp(join(tmpdir(), 'talknshop-crash-'));
  const image = imageFixtures()[0]!;
  imageServer = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': image.contentType });
    res.end(image.bytes);
  });
  await new Promise<void>((resolve) => imageServer.listen(0, '127.0.0.1', resolve));
  imageUrl = `http://127.0.0.1:${(imageServer.address() as AddressInfo).port}/shoe.png`;
}, 60_000);

afterAll(async () => {
  for (const running of processes) {
    if (running.child.exitCode === null && running.child.signalCode === null) running.child.kill('SIGKILL');
    await running.exited;
  }
  await services?.close();
  await new Promise((resolve) => imageServer?.close(resolve));
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function start(directory = dataDir): Promise<OrchestratorProcess> {
  const running = await spawnOrchestrator({ dataDir: directory, services: services.urls, env: PROCESS_ENV });
  processes.push(running);
  return running;
}

const send = (base: string, path: string, id: string, body: Record<string, unknown>) =>
  post(`${base}${path}`, body, { 'x-request-id': id });

/** Resolves with the answer's status, or 'cut' when the connection died with the process. */
const inFlight = (base: string, path: string, id: string, body: Record<string, unknown>) =>
  send(base, path, id, body).then(
    (response) => response.status,
    () => 'cut' as const,
  );

async function seenBy(serviceUrl: string, ids: string[]): Promise<boolean> {
  const seen = new Set((await observedRequests(serviceUrl)).map((r) => r.headers['x-request-id']));
  return ids.every((id) => seen.has(id));
}

describe('crash recovery', () => {
  it('finishes every accepted request after kill -9 and a restart, once each', async () => {
    const first = await start();
    const waiting = await send(first.url, '/api/v1/search', 'crash-wait', {
      user_id: 'crash-shopper-0',
      query: 'I want to buy something nice',
    });
    expect(waiting.body.status).toBe('awaiting_clarification');
    const base = await send(first.url, '/api/v1/search', 'crash-base', {
      user_id: 'crash-shopper-1',
      query: 'nike running shoes',
    });
    expect(base.body.status).toBe('completed');

    await setFaults(services.urls.catalog, { rules: [{ endpoint: '/search', latency: 3000 }] });
    await setFaults(services.urls.media, {
      rules: [{ endpoint: '/extract-image-attributes', latency: 3000 }],
    });
    const image = imageFixtures()[0]!;
    const texts = ['sony headphones', 'red running shoes under $150', 'apple laptop', 'leather handbag'];
    const textIds = texts.map((_, i) => `crash-text-${i}`);
    const inlineIds = ['crash-inline-0', 'crash-inline-1'];
    const answers = [
      ...texts.map((query, i) =>
        inFlight(first.url, '/api/v1/search', textIds[i]!, { user_id: `crash-text-${i}`, query }),
      ),
      inFlight(first.url, '/api/v1/chat', 'crash-chat', {
        user_id: 'crash-shopper-1',
        session_id: base.body.session_id,
        message: 'cheaper',
      }),
      ...inlineIds.map((id) =>
        inFlight(first.url, '/api/v1/search', id, {
          user_id: id,
          image: { content_type: image.contentType, data_base64: image.base64 },
        }),
      ),
      inFlight(first.url, '/api/v1/search', 'crash-url', {
        user_id: 'crash-url',
        image: { content_type: image.contentType, url: imageUrl },
      }),
    ];
    // Mid-workflow: every search is at the slow catalog, every image at the slow media service, and every
    // request is on record. A request is accepted once stored: its first checkpoint goes out alongside its
    // first downstream calls, and one killed before that write lands leaves nothing behind but a cut
    // connection for its client to retry.
    const before = processRepository(first.dynamoEndpoint);
    const allIds = [...textIds, 'crash-chat', ...inlineIds, 'crash-url'];
    try {
      await waitFor(
        async () =>
          (await seenBy(services.urls.catalog, [...textIds, 'crash-chat'])) &&
          (await seenBy(services.urls.media, [...inlineIds, 'crash-url'])) &&
          (await Promise.all(allIds.map((id) => before.repo.findRequest(id)))).every(Boolean)
            ? true
            : undefined,
        { timeoutMs: 15_000 },
      );
    } finally {
      before.close();
    }
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    const statuses = await Promise.all(answers);
    expect(statuses.every((status) => status === 'cut')).toBe(true);
    await Promise.all(Object.values(services.urls).map(clearFaults));

    const second = await start();
    const db = processRepository(second.dynamoEndpoint);
    try {
      const resumedIds = [...textIds, 'crash-chat', 'crash-url'];
      const acceptedIds = [...resumedIds, ...inlineIds];
      const finished = await waitFor(
        async () => {
          const items = await Promise.all(acceptedIds.map((id) => db.repo.findRequest(id)));
          return items.every((item) => item && (item.status === 'completed' || item.status === 'failed'))
            ? new Map(items.map((item) => [item!.request_id, item!]))
            : undefined;
        },
        {
          timeoutMs: 30_000,
          describe: async () =>
            JSON.stringify(
              await Promise.all(
                acceptedIds.map(async (id) => [id, (await db.repo.findRequest(id))?.status ?? 'missing']),
              ),
            ),
        },
      );

      for (const id of resumedIds) {
        const item = finished.get(id)!;
        expect(item.status, id).toBe('completed');
        const record = StoredWorkflowRecordSchema.parse(item.workflow_state);
        expect(record.errors.map((e) => e.code)).toContain('LEASE_EXPIRED');
        expect(item.lease_owner).toBeUndefined();
      }
      for (const id of inlineIds) {
        const item = finished.get(id)!;
        expect(item.status, id).toBe('failed');
        expect(StoredWorkflowRecordSchema.parse(item.workflow_state).failure?.code).toBe('MEDIA_LOST');
      }

      // The sessions say what the requests became, as if nothing had happened.
      for (const id of [...textIds, 'crash-url', ...inlineIds]) {
        const item = finished.get(id)!;
        const session = await get(`${second.url}/api/v1/sessions/${item.session_id}?user_id=${item.user_id}`);
        expect(session.status, id).toBe(200);
        expect(session.body.requests.map((r: { request_id: string }) => r.request_id)).toEqual([id]);
        expect(session.body.requests[0].status).toBe(item.status);
      }
      const continued = await db.repo.getSession(base.body.session_id);
      expect(continued).toMatchObject({
        last_request_id: 'crash-chat',
        request_count: 2,
        status: 'completed',
      });

      // The question waiting for the shopper was left alone, and can still be answered.
      const parked = await db.repo.findRequest('crash-wait');
      expect(parked).toMatchObject({
        status: 'pending',
        state: 'CLARIFICATION',
        lease_expires_at: AWAITING_SHOPPER_LEASE_EXPIRY,
      });
      const answered = await post(`${second.url}/api/v1/sessions/${waiting.body.session_id}/clarify`, {
        user_id: 'crash-shopper-0',
        answer: 'headphones under 200 dollars',
      });
      expect(answered.status).toBe(200);
      expect(answered.body.request_id).toBe('crash-wait');

      // Exactly one item per request, and nothing left in progress.
      const requests = await db.requestItems();
      const perId = new Map<string, number>();
      for (const item of requests) perId.set(item.request_id, (perId.get(item.request_id) ?? 0) + 1);
      for (const id of [...acceptedIds, 'crash-wait', 'crash-base']) expect(perId.get(id), id).toBe(1);
      expect(requests.filter((item) => item.status === 'processing')).toEqual([]);
    } finally {
      db.close();
    }
  }, 120_000);

  it('lets an in-flight request finish on SIGTERM, then exits', async () => {
    const running = await start(join(dataDir, 'sigterm'));
    await setFaults(services.urls.catalog, { rules: [{ endpoint: '/search', latency: 1500 }] });
    try {
      const answer = send(running.url, '/api/v1/search', 'term-1', {
        user_id: 'term-shopper',
        query: 'waterproof jacket',
      });
      await waitFor(async () => ((await seenBy(services.urls.catalog, ['term-1'])) ? true : undefined), {
        timeoutMs: 10_000,
      });
      running.child.kill('SIGTERM');
      const response = await answer;
      expect(response.status).toBe(200);
      expect(response.body.status).toBe('completed');
      expect(await running.exited).toEqual({ code: 0, signal: null });
      await expect(fetch(`${running.url}/health`)).rejects.toThrow();
    } finally {
      await clearFaults(services.urls.catalog);
    }
  }, 60_000);
});
