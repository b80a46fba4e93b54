import type { AppendRequestInput, OrchestratorRepository, RequestItem, RequestPatch } from '@talknshop/db';
import { describe, expect, it } from 'vitest';
import { buildInputData } from '../src/input-data';
import { requestCheckpoints } from '../src/request-checkpoints';
import { newRecord, type WorkflowRecord } from '../src/workflow/record';

const now = new Date(Date.UTC(2026, 11, 6, 12));
const lease = { owner: 'test-instance', ms: 30_000 };
const inputData = buildInputData({
  kind: 'search',
  text: 'red shoes',
  limit: 10,
  previous: null,
  lastPrices: [],
  lastCursor: null,
});

/** Remembers what each write was asked to store; the repository itself is tested in @talknshop/db. */
function recordingRepo() {
  const writes: { op: 'append' | 'update'; fields: AppendRequestInput | RequestPatch }[] = [];
  let version = 0;
  const stored = (fields: object) => ({ ...fields, version: ++version }) as unknown as RequestItem;
  const repo = {
    async appendRequest(input: AppendRequestInput) {
      writes.push({ op: 'append', fields: input });
      return stored(input);
    },
    async updateRequest(current: RequestItem, _version: number, patch: RequestPatch) {
      writes.push({ op: 'update', fields: patch });
      return stored({ ...current, ...patch });
    },
  } as unknown as OrchestratorRepository;
  return { repo, writes };
}

const entered = (state: WorkflowRecord['current']): WorkflowRecord => ({ ...newRecord(now), current: state });

describe('request checkpoints', () => {
  it('create a new request with its input, then write only the workflow', async () => {
    const { repo, writes } = recordingRepo();
    const draft = {
      session_id: 's1',
      request_id: 'r1',
      user_id: 'u1',
      client_id: 'c1',
      request_type: 'search' as const,
      input_data: inputData as unknown as AppendRequestInput['input_data'],
      created_at: now.toISOString(),
    };
    const checkpoints = requestCheckpoints({ repo, lease, clock: () => now, item: draft, inputData });
    expect(checkpoints.latest()).toBeNull();
    await checkpoints.checkpoint(entered('SEARCHING'));
    await checkpoints.checkpoint(entered('COMPLETED'));
    expect(writes.map((w) => [w.op, 'input_data' in w.fields, w.fields.state])).toEqual([
      ['append', true, 'SEARCHING'],
      ['update', false, 'COMPLETED'],
    ]);
    expect(checkpoints.latest()?.state).toBe('COMPLETED');
  });

  it('write a stored request’s new input (a clarify answer) with the run’s first checkpoint only', async () => {
    const { repo, writes } = recordingRepo();
    const item = { session_id: 's1', request_id: 'r1', version: 1, state: 'CLARIFICATION' } as RequestItem;
    const answered = { ...inputData, answers: [{ text: 'shoes' }] };
    const checkpoints = requestCheckpoints({ repo, lease, clock: () => now, item, inputData: answered });
    await checkpoints.checkpoint(entered('SEARCHING'));
    await checkpoints.checkpoint(entered('COMPLETED'));
    expect(writes.map((w) => ('input_data' in w.fields ? w.fields.input_data : null))).toEqual([
      answered,
      null,
    ]);
  });

  it('keep the input for the next checkpoint when the first write fails', async () => {
    const { repo, writes } = recordingRepo();
    const item = { session_id: 's1', request_id: 'r1', version: 1, state: 'CLARIFICATION' } as RequestItem;
    let failures = 1;
    const flaky = {
      appendRequest: repo.appendRequest,
      updateRequest: (...args: Parameters<OrchestratorRepository['updateRequest']>) => {
        if (failures-- > 0) return Promise.reject(new Error('engine down'));
        return repo.updateRequest(...args);
      },
    } as unknown as OrchestratorRepository;
    const checkpoints = requestCheckpoints({ repo: flaky, lease, clock: () => now, item, inputData });
    await expect(checkpoints.checkpoint(entered('SEARCHING'))).rejects.toThrow('engine down');
    await checkpoints.checkpoint(entered('SEARCHING'));
    await checkpoints.checkpoint(entered('COMPLETED'));
    expect(writes.map((w) => 'input_data' in w.fields)).toEqual([true, false]);
  });
});
