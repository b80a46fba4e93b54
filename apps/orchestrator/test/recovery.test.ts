import {
  createOrchestration,
  createRecovery,
  createRuleBasedExtractor,
  DEFAULT_VOCABULARY,
  StoredWorkflowRecordSchema,
} from '@talknshop/api';
import { createClients } from '@talknshop/clients';
import type { OrchestratorRepository } from '@talknshop/db';
import type { ReferenceServices } from '@talknshop/reference-services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DataAndServices, startDataAndServices } from './support/stack';
import { observedRequests } from './support/wait';

/**
 * Crash recovery over the real data layer and services: a request whose process died right after a
 * checkpoint is claimed by exactly one of two racing instances and finished once.
 */
let stack: DataAndServices;
let services: ReferenceServices;
let repo: OrchestratorRepository;

const clock = () => new Date();
const extractor = createRuleBasedExtractor(DEFAULT_VOCABULARY);
const policy = { maxClarificationRounds: 2 };
const caller = (requestId: string) => ({ clientId: 'client-one', requestId });

beforeAll(async () => {
  stack = await startDataAndServices('recovery-test-cursor-secret');
  ({ services, repo } = stack);
}, 60_000);

afterAll(async () => {
  await stack?.close();
});

const clients = () => createClients({ urls: services.urls });

/**
 * An instance that dies right after its first checkpoint (the one that creates the request): the item stays
 * `processing` under its lease.
 */
function doomedOrchestration() {
  const dying = new Proxy(repo, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (property !== 'updateRequest') return typeof value === 'function' ? value.bind(target) : value;
      return async () => {
        throw new Error('the process died');
      };
    },
  });
  return createOrchestration({
    repo: dying,
    clients: clients(),
    extractor,
    policy,
    clock,
    requestDeadlineMs: 5_000,
    lease: { owner: 'doomed-instance', ms: 1 },
  });
}

const recoveryAs = (owner: string) =>
  createRecovery({
    repo,
    clients: clients(),
    extractor,
    policy,
    clock,
    lease: { owner, ms: 30_000 },
    requestDeadlineMs: 5_000,
  });

describe('crash recovery', () => {
  it('lets exactly one of two racing instances resume an expired request, and finishes it once', async () => {
    const doomed = doomedOrchestration();
    await expect(
      doomed.search({ user_id: 'crashed-shopper', query: 'sony headphones', limit: 5 }, caller('died-1')),
    ).rejects.toThrow('the process died');
    const stuck = await repo.findRequest('died-1');
    expect(stuck).toMatchObject({ status: 'processing', state: 'SEARCHING', lease_owner: 'doomed-instance' });
    await new Promise((resolve) => setTimeout(resolve, 5));

    const [one, two] = await Promise.all([
      recoveryAs('instance-one').recoverExpired(),
      recoveryAs('instance-two').recoverExpired(),
    ]);
    expect([...one.resumed, ...two.resumed].filter((id) => id === 'died-1')).toEqual(['died-1']);
    expect([...one.errors, ...two.errors]).toEqual([]);

    const finished = await repo.findRequest('died-1');
    expect(finished).toMatchObject({ status: 'completed', state: 'COMPLETED' });
    expect(finished?.lease_owner).toBeUndefined();
    const record = StoredWorkflowRecordSchema.parse(finished?.workflow_state);
    expect(record.errors.filter((e) => e.code === 'LEASE_EXPIRED')).toHaveLength(1);
    expect(record.steps.ranking?.length).toBeGreaterThan(0);
    const searches = (await observedRequests(services.urls.catalog)).filter(
      (r) => r.path === '/search' && r.headers['x-request-id'] === 'died-1',
    );
    // One search by the run that died (its outcome was never persisted), one by the single instance that
    // resumed it: the instance that lost the claim never called the catalog.
    expect(searches).toHaveLength(2);

    // The dying run had written the new session while compose worded its reply (its outcome was settled);
    // recovery, finding the session naming the request, writes the recovered outcome without counting the
    // request again.
    const session = await repo.getSession(finished!.session_id);
    expect(session).toMatchObject({
      version: 2,
      user_id: 'crashed-shopper',
      client_id: 'client-one',
      last_request_id: 'died-1',
      request_count: 1,
      status: 'completed',
      requirements: expect.objectContaining({ product_type: 'headphones' }),
    });

    const again = await recoveryAs('instance-three').recoverExpired();
    expect(again.resumed).not.toContain('died-1');
  });

  it('never even reads a request that waits for the shopper', async () => {
    const live = createOrchestration({
      repo,
      clients: clients(),
      extractor,
      policy,
      clock,
      requestDeadlineMs: 5_000,
      lease: { owner: 'live-instance', ms: 1 },
    });
    const asked = await live.search(
      { user_id: 'thinking-shopper', query: 'something nice', limit: 5 },
      caller('q-1'),
    );
    expect(asked.status).toBe('awaiting_clarification');
    await new Promise((resolve) => setTimeout(resolve, 5));

    const open = await repo.listUnfinishedRequests({ limit: 100 });
    expect(open.items.map((item) => item.request_id)).toContain('q-1');
    const expired = await repo.listUnfinishedRequests({ leaseExpiredBefore: Date.now(), limit: 100 });
    expect(expired.items.map((item) => item.request_id)).not.toContain('q-1');
    const report = await recoveryAs('instance-four').recoverExpired();
    expect(report.resumed).not.toContain('q-1');
    expect(await repo.findRequest('q-1')).toMatchObject({ status: 'pending', state: 'CLARIFICATION' });
  });
});
