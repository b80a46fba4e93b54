import { createClients } from '@talknshop/clients';
import { type JsonObject, OrchestratorRepository, type RequestItem } from '@talknshop/db';
import { startTestDynamo, type TestDynamo } from '@talknshop/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReplayer, inCallOrder } from '../../src/admin/replay';
import { ApiError } from '../../src/errors';
import { buildInputData, type InputData } from '../../src/input-data';
import { createRuleBasedExtractor, DEFAULT_VOCABULARY } from '../../src/requirements';
import { type Answer, newRecord, type WorkflowRecord } from '../../src/workflow/record';
import { runWorkflow } from '../../src/workflow/run';
import { statusOf } from '../../src/workflow/states';
import { workflowInput } from '../../src/workflow-input';
import { type Script, scriptedActivities } from '../workflow/scripted-activities';

const extractor = createRuleBasedExtractor(DEFAULT_VOCABULARY);
const policy = { maxClarificationRounds: 2 };
const clock = () => new Date();

let db: TestDynamo;
let repo: OrchestratorRepository;
let replayer: ReturnType<typeof createReplayer>;

beforeAll(async () => {
  db = await startTestDynamo();
  repo = new OrchestratorRepository({
    doc: db.doc,
    tableName: db.tableName,
    clock,
    cursorSecret: 'replay-test-cursor-secret',
    ttlDays: 1,
  });
  replayer = createReplayer({
    repo,
    // Nothing listens here: a recorded replay that tried the network would fail, and show it.
    clients: createClients({
      urls: { media: 'http://127.0.0.1:9', catalog: 'http://127.0.0.1:9', composer: 'http://127.0.0.1:9' },
      retry: { maxAttempts: 1 },
    }),
    extractor,
    policy,
    clock,
    requestDeadlineMs: 2_000,
  });
});
afterAll(async () => {
  await db?.close();
});

const asJson = (value: object) => value as unknown as JsonObject;

/** Runs a request through the workflow over scripted activities and stores it as a live run would. */
async function storedRequest(
  text: string | null,
  options: {
    script?: Script;
    answers?: Answer[];
    media?: boolean;
    edit?: (record: WorkflowRecord) => void;
  } = {},
): Promise<RequestItem> {
  const media = { content_type: 'image/png', data_base64: Buffer.from('x').toString('base64') };
  const inputData: InputData = {
    ...buildInputData({
      kind: 'search',
      text,
      limit: 5,
      previous: null,
      lastPrices: [],
      lastCursor: null,
      ...(options.media ? { audio: media, image: media } : {}),
    }),
    answers: options.answers ?? [],
  };
  const { activities } = scriptedActivities(options.script ?? {});
  const { record } = await runWorkflow(workflowInput(inputData), newRecord(clock()), inputData.answers, {
    activities,
    extractor,
    policy,
  });
  options.edit?.(record);
  const session = await repo.createSession({
    session_id: `s-${crypto.randomUUID()}`,
    user_id: 'u-1',
    client_id: 'web',
    request_type: 'search',
  });
  const request = await repo.appendRequest({
    session_id: session.session_id,
    request_id: `r-${crypto.randomUUID()}`,
    user_id: 'u-1',
    client_id: 'web',
    request_type: 'search',
    input_data: asJson(inputData),
  });
  return repo.updateRequest(request, request.version, {
    status: statusOf(record.current),
    state: record.current,
    workflow_state: asJson(record),
  });
}

describe('recorded replay', () => {
  it('takes the same path over the recorded outcomes, as a new item beside the untouched original', async () => {
    const original = await storedRequest('red nike running shoes under $120');
    const { replay, diff } = await replayer.replay({ request_id: original.request_id, mode: 'recorded' }, {});
    expect(diff.identical).toBe(true);
    expect(diff.state_path.replay).toEqual([
      'INITIAL',
      'REQUIREMENT_BUILDING',
      'SEARCHING',
      'RANKING',
      'COMPLETED',
    ]);
    expect(replay).toMatchObject({
      session_id: original.session_id,
      request_type: 'replay',
      replay_of: original.request_id,
      status: 'completed',
      state: 'COMPLETED',
    });
    expect(replay.input_data).toMatchObject({ text: original.input_data.text, replay: { mode: 'recorded' } });
    expect(await repo.findRequest(original.request_id)).toEqual(original);
    const session = await repo.getSession(original.session_id);
    expect(session?.version).toBe(1);

    const again = await replayer.get(replay.request_id);
    expect(again.diff).toEqual(diff);
    expect(again.original.request_id).toBe(original.request_id);
  });

  it('replays a request that went through clarification, answers included', async () => {
    const original = await storedRequest('something nice', { answers: [{ text: 'headphones under 200' }] });
    expect(original.state).toBe('COMPLETED');
    const { diff } = await replayer.replay({ request_id: original.request_id, mode: 'recorded' }, {});
    expect(diff.state_path.original).toContain('CLARIFICATION');
    expect(diff.identical).toBe(true);
  });

  it('finishes a replay that stops at a question: it never waits for a shopper', async () => {
    const original = await storedRequest('something nice');
    expect(original.status).toBe('pending');
    const { replay, diff } = await replayer.replay({ request_id: original.request_id, mode: 'recorded' }, {});
    expect(diff.identical).toBe(true);
    expect(replay).toMatchObject({ state: 'CLARIFICATION', status: 'completed' });
    const open = await repo.listUnfinishedRequests({ limit: 100 });
    expect(open.items.map((r) => r.request_id)).not.toContain(replay.request_id);
  });

  it('serves media outcomes in the order the workflow asks for them, whatever order they finished in', async () => {
    const original = await storedRequest(null, {
      media: true,
      script: {
        transcript: {
          ok: true,
          value: { transcript: 'blue backpack', confidence: 0.9, language: 'en', duration_seconds: 1 },
        },
        image: {
          ok: true,
          value: {
            labels: [],
            colors: [],
            detected_text: [],
            product_type: 'backpacks',
            width: 4,
            height: 4,
          },
        },
      },
      // As recorded when the image analysis finished first.
      edit: (record) => {
        const [first, second] = record.activities;
        record.activities.splice(0, 2, second!, first!);
      },
    });
    expect((original.workflow_state.activities as { name: string }[])[0]?.name).toBe('extractImage');
    const { diff } = await replayer.replay({ request_id: original.request_id, mode: 'recorded' }, {});
    expect(diff.state_path.replay[1]).toBe('MEDIA_PROCESSING');
    expect(diff.identical).toBe(true);
  });

  it('ends FAILED with REPLAY_DIVERGED when the decisions ask for a call the original did not make', async () => {
    const original = await storedRequest('red nike running shoes under $120', {
      edit: (record) => {
        record.activities = record.activities.filter((a) => a.name !== 'rank');
      },
    });
    const { replay, diff } = await replayer.replay({ request_id: original.request_id, mode: 'recorded' }, {});
    expect(replay).toMatchObject({ status: 'failed', state: 'FAILED' });
    expect(diff.identical).toBe(false);
    expect(diff.failure?.replay?.code).toBe('REPLAY_DIVERGED');
    expect(diff.failure?.replay?.message).toMatch(/asked for rank/);
    expect(diff.state_path.replay.at(-1)).toBe('FAILED');
    expect((await replayer.get(replay.request_id)).diff).toEqual(diff);
  });
});

describe('lookups', () => {
  it('answers NOT_FOUND for an unknown request, and for a request that is not a replay', async () => {
    const missing = await replayer
      .replay({ request_id: 'no-such-request', mode: 'recorded' }, {})
      .catch((e) => e);
    expect(missing).toBeInstanceOf(ApiError);
    expect((missing as ApiError).code).toBe('NOT_FOUND');
    const original = await storedRequest('red running shoes');
    const notReplay = await replayer.get(original.request_id).catch((e) => e);
    expect((notReplay as ApiError).code).toBe('NOT_FOUND');
  });

  it('puts only a concurrently recorded media pair back in call order', () => {
    const outcome = {
      ok: false as const,
      error: { code: 'X', message: 'x', service: null, retryable: false, downstream_code: null },
    };
    const image = { name: 'extractImage' as const, outcome };
    const transcript = { name: 'transcribe' as const, outcome };
    const search = { name: 'search' as const, outcome };
    expect(inCallOrder([image, transcript, search]).map((a) => a.name)).toEqual([
      'transcribe',
      'extractImage',
      'search',
    ]);
    expect(inCallOrder([image, search]).map((a) => a.name)).toEqual(['extractImage', 'search']);
    expect(inCallOrder([search, image, transcript]).map((a) => a.name)).toEqual([
      'search',
      'extractImage',
      'transcribe',
    ]);
  });
});
