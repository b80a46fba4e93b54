import { createOrchestration, createRuleBasedExtractor, DEFAULT_VOCABULARY } from '@talknshop/api';
import { createClients } from '@talknshop/clients';
import type { OrchestratorRepository } from '@talknshop/db';
import type { ReferenceServices } from '@talknshop/reference-services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DataAndServices, startDataAndServices } from './support/stack';
import { observedRequests, waitFor } from './support/wait';

/**
 * Which writes a request makes, and when, over the real data layer and services: a new request is created
 * by its first checkpoint, while that state's downstream calls run, and a session never names a request
 * that is not stored.
 */
let stack: DataAndServices;
let services: ReferenceServices;
let repo: OrchestratorRepository;

const clock = () => new Date();
const caller = (requestId: string) => ({ clientId: 'client-one', requestId });

beforeAll(async () => {
  stack = await startDataAndServices('request-writes-test-cursor-secret');
  ({ services, repo } = stack);
}, 60_000);

afterAll(async () => {
  await stack?.close();
});

const WRITES = ['appendRequest', 'updateRequest', 'createSession', 'updateSession'] as const;
type Write = (typeof WRITES)[number];

interface Logged {
  event: 'start' | 'end';
  write: Write;
  state?: string;
}

/** The repository, logging when each write is asked for and when it ends; `beforeWrite` may hold one back. */
function loggingRepository(beforeWrite: (write: Write) => Promise<void> = async () => undefined) {
  const log: Logged[] = [];
  const logging = new Proxy(repo, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      if (!WRITES.includes(property as Write)) return value.bind(target);
      const write = property as Write;
      return async (...args: unknown[]) => {
        const request = write === 'appendRequest' ? args[0] : write === 'updateRequest' ? args[2] : null;
        const state = (request as { state?: string } | null)?.state;
        log.push({ event: 'start', write, ...(state ? { state } : {}) });
        await beforeWrite(write);
        const result = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        log.push({ event: 'end', write });
        return result;
      };
    },
  });
  return { repo: logging, log };
}

function orchestrationOver(logging: OrchestratorRepository) {
  return createOrchestration({
    repo: logging,
    clients: createClients({ urls: services.urls }),
    extractor: createRuleBasedExtractor(DEFAULT_VOCABULARY),
    policy: { maxClarificationRounds: 2 },
    clock,
    requestDeadlineMs: 5_000,
  });
}

describe('the writes of a request', () => {
  it('creates a text search entering SEARCHING while the catalog search runs: three writes in all', async () => {
    // The request's first write waits until the catalog has the search, and the new session's write until
    // the composer has the compose request: were either sent before its call, that call would never start
    // and the wait would fail.
    const seen = (service: 'catalog' | 'composer', path: string) =>
      waitFor(
        async () =>
          (await observedRequests(services.urls[service])).some(
            (r) => r.path === path && r.headers['x-request-id'] === 'writes-1',
          ) || undefined,
        { timeoutMs: 5_000, intervalMs: 20 },
      );
    const { repo: logging, log } = loggingRepository(async (write) => {
      if (write === 'appendRequest') await seen('catalog', '/search');
      if (write === 'createSession') await seen('composer', '/compose');
    });
    const answer = await orchestrationOver(logging).search(
      { user_id: 'writes-shopper', query: 'sony headphones', limit: 5 },
      caller('writes-1'),
    );
    expect(answer.status).toBe('completed');
    const starts = log.filter((entry) => entry.event === 'start');
    // The outcome is settled once the products are ranked: the new session is written while compose words
    // the reply, and the request's outcome once it has.
    expect(starts).toEqual([
      { event: 'start', write: 'appendRequest', state: 'SEARCHING' },
      { event: 'start', write: 'createSession' },
      { event: 'start', write: 'updateRequest', state: 'COMPLETED' },
    ]);
    const stored = await repo.findRequest('writes-1');
    expect(stored).toMatchObject({ status: 'completed', state: 'COMPLETED', version: 2 });
    expect(stored?.lease_owner).toBeUndefined();
    expect(await repo.getSession(answer.session_id)).toMatchObject({
      last_request_id: 'writes-1',
      request_count: 1,
    });
  });

  it('writes a request that asks before any downstream call ahead of the new session that names it', async () => {
    const { repo: logging, log } = loggingRepository();
    const answer = await orchestrationOver(logging).search(
      { user_id: 'vague-shopper', query: 'something nice', limit: 5 },
      caller('writes-2'),
    );
    expect(answer.status).toBe('awaiting_clarification');
    expect(log).toEqual([
      { event: 'start', write: 'appendRequest', state: 'CLARIFICATION' },
      { event: 'end', write: 'appendRequest' },
      { event: 'start', write: 'createSession' },
      { event: 'end', write: 'createSession' },
    ]);
    expect(await repo.findRequest('writes-2')).toMatchObject({
      status: 'pending',
      state: 'CLARIFICATION',
      version: 1,
    });
    expect(await repo.getSession(answer.session_id)).toMatchObject({
      pending_clarification: expect.objectContaining({ request_id: 'writes-2' }),
    });
  });

  it('keeps the created_at it arrived with, as the session names it', async () => {
    const { repo: logging } = loggingRepository();
    const answer = await orchestrationOver(logging).search(
      { user_id: 'vague-shopper-2', query: 'something nice', limit: 5 },
      caller('writes-3'),
    );
    const session = await repo.getSession(answer.session_id);
    const pending = session?.pending_clarification as { created_at: string } | null;
    const stored = await repo.findRequest('writes-3');
    expect(pending?.created_at).toBe(stored?.created_at);
  });
});
