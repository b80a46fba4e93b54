import type { RequestItem } from '@talknshop/db';
import { describe, expect, it } from 'vitest';
import { buildInputData, type InputData } from '../../src/input-data';
import { AWAITING_SHOPPER_LEASE_EXPIRY, leaseFields } from '../../src/lease';
import {
  countedInSession,
  decideRecovery,
  LEASE_EXPIRED,
  type RecoveryPolicy,
} from '../../src/recovery/decision';
import { createRuleBasedExtractor, DEFAULT_VOCABULARY } from '../../src/requirements';
import { newRecord, type WorkflowRecord } from '../../src/workflow/record';
import { runWorkflow } from '../../src/workflow/run';
import { statusOf, WORKFLOW_STATES } from '../../src/workflow/states';
import { workflowInput } from '../../src/workflow-input';
import { hit, scriptedActivities } from '../workflow/scripted-activities';

const extractor = createRuleBasedExtractor(DEFAULT_VOCABULARY);
const policy = { maxClarificationRounds: 2 };
const START = Date.UTC(2026, 10, 25, 12);
const NOW = START + 60_000;
const recoveryPolicy: RecoveryPolicy = { now: NOW, leaseMs: 30_000, maxAttempts: 3 };
const PNG = Buffer.from('fake png bytes').toString('base64');

function inputOf(overrides: Partial<Parameters<typeof buildInputData>[0]> = {}): InputData {
  return buildInputData({
    kind: 'search',
    text: 'red nike running shoes under $120',
    limit: 5,
    previous: null,
    lastPrices: [],
    lastCursor: null,
    ...overrides,
  });
}

/** The records a real run persists, checkpoint by checkpoint, with scripted downstream answers. */
async function persistedRecords(input: InputData, answers: InputData['answers'] = []) {
  const run = scriptedActivities({
    image: {
      ok: true,
      value: {
        labels: [],
        colors: [],
        detected_text: [],
        product_type: 'shoes',
        width: 10,
        height: 10,
      },
    },
    searches: [
      () => ({ ok: true, value: { products: [hit('p1'), hit('p2')], total: 2, next_cursor: null } }),
    ],
  });
  const result = await runWorkflow(workflowInput(input), newRecord(new Date(START)), answers, {
    activities: run.activities,
    extractor,
    policy,
  });
  return { checkpoints: run.checkpoints, final: result.record };
}

/** A request item as the process that died left it. */
function storedItem(
  record: WorkflowRecord,
  input: InputData,
  overrides: Partial<RequestItem> = {},
): RequestItem {
  const at = new Date(START).toISOString();
  return {
    pk: 'session-1',
    sk: `REQ#${at}#req-1`,
    entity: 'request',
    request_id: 'req-1',
    session_id: 'session-1',
    user_id: 'shopper-1',
    client_id: 'client-1',
    request_type: 'search',
    status: statusOf(record.current),
    state: record.current,
    input_data: input as unknown as RequestItem['input_data'],
    workflow_state: record as unknown as RequestItem['workflow_state'],
    created_at: at,
    updated_at: at,
    version: 3,
    expires_at: Math.floor(START / 1000) + 86_400,
    lease_owner: 'dead-process',
    lease_expires_at: START + 30_000,
    ...overrides,
  };
}

/** As if the record had been persisted on entering RANKING: the search's outcome is recorded, nothing after. */
function rewoundToRanking(completed: WorkflowRecord): WorkflowRecord {
  const record = structuredClone(completed);
  const ranking = record.history.findIndex((h) => h.state === 'RANKING');
  record.history = record.history.slice(0, ranking + 1);
  record.history[ranking] = { ...record.history[ranking]!, left_at: null, duration_ms: null };
  record.current = 'RANKING';
  record.activities = record.activities.filter((a) => a.name === 'search');
  record.steps.ranking = null;
  record.steps.reply = null;
  return record;
}

describe('the request lease', () => {
  it('is held while working, parked while waiting for the shopper, and gone at the end', () => {
    const lease = { owner: 'me', ms: 5_000 };
    const now = new Date(NOW);
    for (const state of WORKFLOW_STATES) {
      const fields = leaseFields(state, lease, now);
      if (state === 'COMPLETED' || state === 'FAILED') {
        expect(fields).toEqual({ lease_owner: null, lease_expires_at: null });
      } else if (state === 'CLARIFICATION') {
        expect(fields).toEqual({ lease_owner: null, lease_expires_at: AWAITING_SHOPPER_LEASE_EXPIRY });
      } else {
        expect(fields).toEqual({ lease_owner: 'me', lease_expires_at: NOW + 5_000 });
      }
    }
    // Parked requests sort after any real lease, so "expired before now" never lists them.
    expect(AWAITING_SHOPPER_LEASE_EXPIRY).toBeGreaterThan(Date.UTC(9999, 0, 1));
  });
});

describe('recovery decisions', () => {
  it('leaves finished requests, questions waiting for the shopper and leases still held', async () => {
    const input = inputOf({ text: 'something nice' });
    const { final: waiting } = await persistedRecords(input);
    expect(waiting.current).toBe('CLARIFICATION');
    expect(decideRecovery(storedItem(waiting, input), recoveryPolicy)).toMatchObject({ action: 'skip' });

    const text = inputOf();
    const { checkpoints, final } = await persistedRecords(text);
    expect(decideRecovery(storedItem(final, text), recoveryPolicy)).toEqual({
      action: 'skip',
      reason: 'finished',
    });
    const searching = storedItem(checkpoints[0]!, text, { lease_expires_at: NOW + 1 });
    expect(decideRecovery(searching, recoveryPolicy)).toEqual({
      action: 'skip',
      reason: 'leased by dead-process',
    });
  });

  it('presumes an unleased request alive while it was written within a lease period', async () => {
    const input = inputOf();
    const { checkpoints } = await persistedRecords(input);
    const unleased = (updatedAt: number) =>
      storedItem(checkpoints[0]!, input, {
        lease_owner: undefined,
        lease_expires_at: undefined,
        updated_at: new Date(updatedAt).toISOString(),
      });
    expect(decideRecovery(unleased(NOW - 1_000), recoveryPolicy).action).toBe('skip');
    expect(decideRecovery(unleased(NOW - 31_000), recoveryPolicy).action).toBe('resume');
  });

  it('resumes a request that died while searching, noting the takeover in its record', async () => {
    const input = inputOf();
    const { checkpoints } = await persistedRecords(input);
    const searching = checkpoints[0]!;
    expect(searching.current).toBe('SEARCHING');
    const decision = decideRecovery(storedItem(searching, input), recoveryPolicy);
    if (decision.action !== 'resume') throw new Error(`expected resume, got ${decision.action}`);
    expect(decision.media).toEqual({});
    expect(decision.record.current).toBe('SEARCHING');
    expect(decision.record.errors).toEqual([
      {
        state: 'SEARCHING',
        code: LEASE_EXPIRED,
        message: expect.stringContaining('lease of dead-process expired'),
        at: new Date(NOW).toISOString(),
      },
    ]);

    const run = scriptedActivities({});
    const resumed = await runWorkflow(
      workflowInput(decision.input),
      decision.record,
      decision.input.answers,
      {
        activities: run.activities,
        extractor,
        policy,
      },
    );
    expect(run.calls).toEqual(['search', 'rank', 'compose']);
    expect(resumed.record.current).toBe('COMPLETED');
    expect(run.checkpoints.at(-1)?.current).toBe('COMPLETED');
  });

  it('resumes RANKING from the recorded search, without searching again', async () => {
    const input = inputOf();
    const { final } = await persistedRecords(input);
    const decision = decideRecovery(storedItem(rewoundToRanking(final), input), recoveryPolicy);
    if (decision.action !== 'resume') throw new Error(`expected resume, got ${decision.action}`);
    const run = scriptedActivities({});
    const resumed = await runWorkflow(
      workflowInput(decision.input),
      decision.record,
      decision.input.answers,
      {
        activities: run.activities,
        extractor,
        policy,
      },
    );
    expect(run.calls).toEqual(['rank', 'compose']);
    expect(resumed.record.current).toBe('COMPLETED');
    expect(resumed.results.map((r) => r.product_id)).toEqual(['p1', 'p2']);
  });

  it('fails a request whose inline media was never processed: raw media is never stored', async () => {
    const input = inputOf({ image: { content_type: 'image/png', data_base64: PNG } });
    const { checkpoints } = await persistedRecords(input);
    expect(checkpoints[0]?.current).toBe('MEDIA_PROCESSING');
    const decision = decideRecovery(storedItem(checkpoints[0]!, input), recoveryPolicy);
    if (decision.action !== 'fail') throw new Error(`expected fail, got ${decision.action}`);
    expect(decision.code).toBe('MEDIA_LOST');
    expect(decision.reason).toContain('inline image');
    expect(decision.record.current).toBe('FAILED');
    expect(decision.record.history.map((h) => h.state)).toEqual(['INITIAL', 'MEDIA_PROCESSING', 'FAILED']);
    expect(decision.record.history.every((h) => h.left_at !== null)).toBe(true);
    expect(decision.record.failure).toMatchObject({ code: 'MEDIA_LOST', retryable: true });

    const initial = decideRecovery(
      storedItem(
        newRecord(new Date(START)),
        inputOf({ audio: { content_type: 'audio/wav', data_base64: PNG } }),
      ),
      recoveryPolicy,
    );
    expect(initial).toMatchObject({ action: 'fail', code: 'MEDIA_LOST' });
  });

  it('resumes media given by URL: the reference is stored and can be fetched again', () => {
    const url = 'https://images.example/shoe.png';
    const input = inputOf({ text: null, image: { content_type: 'image/png', url } });
    const decision = decideRecovery(storedItem(newRecord(new Date(START)), input), recoveryPolicy);
    expect(decision).toMatchObject({
      action: 'resume',
      media: { image: { content_type: 'image/png', url } },
    });
  });

  it('fails a request after too many takeovers, an interrupted replay, and an unreadable record', async () => {
    const input = inputOf();
    const { checkpoints } = await persistedRecords(input);
    const tired = structuredClone(checkpoints[0]!);
    for (let i = 0; i < 3; i += 1) {
      tired.errors.push({
        state: 'SEARCHING',
        code: LEASE_EXPIRED,
        message: 'died',
        at: '2026-11-25T12:00:00Z',
      });
    }
    expect(decideRecovery(storedItem(tired, input), recoveryPolicy)).toMatchObject({
      action: 'fail',
      code: 'RECOVERY_EXHAUSTED',
    });
    expect(
      decideRecovery(storedItem(checkpoints[0]!, input, { request_type: 'replay' }), recoveryPolicy),
    ).toMatchObject({ action: 'fail', code: 'REPLAY_INTERRUPTED' });
    const unreadable = storedItem(checkpoints[0]!, input, { workflow_state: { current: 'nonsense' } });
    const decision = decideRecovery(unreadable, recoveryPolicy);
    expect(decision).toMatchObject({ action: 'fail', code: 'RECORD_UNREADABLE' });
    if (decision.action === 'fail') expect(decision.record.current).toBe('FAILED');
  });

  it('knows a request that asked a question was already counted in its session', async () => {
    const vague = inputOf({ text: 'something nice' });
    const { final: asked } = await persistedRecords(vague);
    expect(countedInSession(asked)).toBe(true);
    const { checkpoints } = await persistedRecords(inputOf());
    expect(countedInSession(checkpoints[0]!)).toBe(false);
  });
});
