import { describe, expect, it } from 'vitest';
import { createRuleBasedExtractor, DEFAULT_VOCABULARY } from '../../src/requirements';
import { ReplayDivergenceError, recordedActivities } from '../../src/workflow/activities';
import { newRecord } from '../../src/workflow/record';
import { runWorkflow } from '../../src/workflow/run';
import { canTransition, statusOf, WORKFLOW_STATES } from '../../src/workflow/states';
import { failure, hit, scriptedActivities, workflowInput } from './scripted-activities';

const extractor = createRuleBasedExtractor(DEFAULT_VOCABULARY);
const policy = { maxClarificationRounds: 2 };
const start = new Date(Date.UTC(2026, 10, 25, 12));

const statesOf = (record: { history: { state: string }[] }) => record.history.map((h) => h.state);

describe('the workflow', () => {
  it('takes a text search straight from requirements to completion', async () => {
    const { activities, calls, searches } = scriptedActivities({});
    const { record, results } = await runWorkflow(workflowInput(), newRecord(start), [], {
      activities,
      extractor,
      policy,
    });
    expect(statesOf(record)).toEqual([
      'INITIAL',
      'REQUIREMENT_BUILDING',
      'SEARCHING',
      'RANKING',
      'COMPLETED',
    ]);
    expect(calls).toEqual(['search', 'rank', 'compose']);
    expect(searches[0]).toMatchObject({
      product_type: 'shoes',
      filters: { price_max: 120, colors: ['red'] },
    });
    expect(results.map((r) => r.product_id)).toEqual(['p1']);
    expect(record.steps.reply).toBe('found 1');
    expect(record.history.every((h) => h.left_at !== null && h.duration_ms !== null)).toBe(true);
  });

  it('runs transcription and image analysis concurrently in MEDIA_PROCESSING', async () => {
    const order: string[] = [];
    let releaseTranscript!: () => void;
    const transcriptGate = new Promise<void>((resolve) => {
      releaseTranscript = resolve;
    });
    const { activities } = scriptedActivities({});
    activities.transcribe = async () => {
      order.push('transcribe started');
      await transcriptGate;
      order.push('transcribe finished');
      return {
        ok: true,
        value: { transcript: 'blue backpack', confidence: 0.9, language: 'en', duration_seconds: 1 },
      };
    };
    activities.extractImage = async () => {
      order.push('image started');
      releaseTranscript();
      return {
        ok: true,
        value: { labels: [], colors: [], detected_text: [], product_type: null, width: 10, height: 10 },
      };
    };
    const { record } = await runWorkflow(
      workflowInput({ text: null, has_audio: true, has_image: true }),
      newRecord(start),
      [],
      { activities, extractor, policy },
    );
    expect(order.indexOf('image started')).toBeLessThan(order.indexOf('transcribe finished'));
    // The image finished first, yet the record keeps call order, so a recorded replay serves it back right.
    expect(record.activities.slice(0, 2).map((a) => a.name)).toEqual(['transcribe', 'extractImage']);
    expect(statesOf(record).slice(0, 3)).toEqual(['INITIAL', 'MEDIA_PROCESSING', 'REQUIREMENT_BUILDING']);
    expect(record.steps.requirements?.product_type).toBe('backpacks');
  });

  it('persists entering SEARCHING while the search runs, and keeps the state as it was entered', async () => {
    const order: string[] = [];
    let releaseCheckpoint!: () => void;
    const checkpointGate = new Promise<void>((resolve) => {
      releaseCheckpoint = resolve;
    });
    const { activities, checkpoints } = scriptedActivities({});
    const save = activities.checkpoint;
    activities.checkpoint = async (state) => {
      order.push(`checkpoint ${state.current} started`);
      if (state.current === 'SEARCHING') await checkpointGate;
      await save(state);
      order.push(`checkpoint ${state.current} done`);
    };
    const search = activities.search;
    activities.search = async (request, sink) => {
      order.push('search started');
      // As a client does: its request reaches the socket a few continuations and a tick later.
      await Promise.resolve();
      await Promise.resolve();
      process.nextTick(() => order.push('search on the wire'));
      const outcome = await search(request, sink);
      releaseCheckpoint();
      return outcome;
    };
    await runWorkflow(workflowInput(), newRecord(start), [], { activities, extractor, policy });
    // The search is sent first; the checkpoint write is prepared and sent while it is out.
    expect(order.slice(0, 4)).toEqual([
      'search started',
      'search on the wire',
      'checkpoint SEARCHING started',
      'checkpoint SEARCHING done',
    ]);
    // The write made during the search holds the record as of entering SEARCHING, not what the search added.
    expect(checkpoints[0]?.activities).toEqual([]);
    expect(checkpoints.at(-1)?.current).toBe('COMPLETED');
  });

  it('starts its companion (the session) once the outcome is settled: while compose words the reply', async () => {
    const order: string[] = [];
    let companionStarted!: () => void;
    const started = new Promise<void>((resolve) => {
      companionStarted = resolve;
    });
    const { activities } = scriptedActivities({});
    const compose = activities.compose;
    activities.compose = async (request, sink) => {
      order.push('compose started');
      // Compose answers only once the companion has started (or after a second, to fail the order below).
      await Promise.race([started, new Promise((resolve) => setTimeout(resolve, 1_000))]);
      order.push('compose answers');
      return compose(request, sink);
    };
    const save = activities.checkpoint;
    activities.checkpoint = async (state) => {
      if (state.current === 'COMPLETED') order.push('last checkpoint started');
      await save(state);
    };
    let companion: { state: string; results: number; reply: string | null } | null = null;
    await runWorkflow(workflowInput(), newRecord(start), [], {
      activities,
      extractor,
      policy,
      outcomeSettled: async (record, results) => {
        order.push('companion started');
        companion = { state: record.current, results: results.length, reply: record.steps.reply };
        companionStarted();
      },
    });
    // Compose goes out first: the companion's write is prepared once the call is on its way.
    expect(order).toEqual([
      'compose started',
      'companion started',
      'compose answers',
      'last checkpoint started',
    ]);
    expect(companion).toEqual({ state: 'COMPLETED', results: 1, reply: null });
  });

  it('ends only once its companion has, and fails with it', async () => {
    const { activities } = scriptedActivities({});
    let releaseCompanion!: () => void;
    const companionGate = new Promise<void>((resolve) => {
      releaseCompanion = resolve;
    });
    let ended = false;
    const run = runWorkflow(workflowInput(), newRecord(start), [], {
      activities,
      extractor,
      policy,
      outcomeSettled: () => companionGate,
    }).then(() => {
      ended = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(ended).toBe(false);
    releaseCompanion();
    await run;
    expect(ended).toBe(true);

    const failing = scriptedActivities({});
    const compose = failing.activities.compose;
    failing.activities.compose = async (request, sink) => {
      // The companion has failed by now, while compose is still out: the run reports it when it ends.
      await new Promise((resolve) => setTimeout(resolve, 20));
      return compose(request, sink);
    };
    await expect(
      runWorkflow(workflowInput(), newRecord(start), [], {
        activities: failing.activities,
        extractor,
        policy,
        outcomeSettled: async () => {
          throw new Error('session write failed');
        },
      }),
    ).rejects.toThrow('session write failed');
  });

  it('saves the pending question and writes its companion alongside that last checkpoint', async () => {
    const order: string[] = [];
    let releaseCheckpoint!: () => void;
    const checkpointGate = new Promise<void>((resolve) => {
      releaseCheckpoint = resolve;
    });
    const { activities, checkpoints } = scriptedActivities({});
    const save = activities.checkpoint;
    activities.checkpoint = async (state) => {
      order.push('last checkpoint started');
      await checkpointGate;
      await save(state);
      order.push('last checkpoint done');
    };
    const companions: string[] = [];
    const { record } = await runWorkflow(workflowInput({ text: 'something nice' }), newRecord(start), [], {
      activities,
      extractor,
      policy,
      outcomeSettled: async (last, _results, stored) => {
        order.push('companion started');
        companions.push(last.current);
        releaseCheckpoint();
        await stored;
        order.push('stored');
      },
    });
    expect(record.current).toBe('CLARIFICATION');
    expect(checkpoints.at(-1)?.current).toBe('CLARIFICATION');
    expect(order).toEqual(['last checkpoint started', 'companion started', 'last checkpoint done', 'stored']);
    expect(companions).toEqual(['CLARIFICATION']);
  });

  it('stops in CLARIFICATION for a vague request and resumes with the answer', async () => {
    const { activities, calls } = scriptedActivities({});
    const first = await runWorkflow(workflowInput({ text: 'something nice' }), newRecord(start), [], {
      activities,
      extractor,
      policy,
    });
    expect(first.record.current).toBe('CLARIFICATION');
    expect(statusOf(first.record.current)).toBe('pending');
    expect(first.record.clarifications[0]?.field).toBe('product_type');
    expect(calls).toEqual([]);
    const second = await runWorkflow(
      workflowInput({ text: 'something nice' }),
      first.record,
      [{ text: 'shoes under 100' }],
      {
        activities,
        extractor,
        policy,
      },
    );
    expect(second.record.current).toBe('COMPLETED');
    expect(second.record.steps.requirements?.product_type).toBe('shoes');
    expect(second.record.steps.requirements?.price?.max).toBe(100);
  });

  it('searches with what it knows after the maximum number of rounds', async () => {
    const { activities } = scriptedActivities({});
    const { record } = await runWorkflow(
      workflowInput({ text: 'hmm' }),
      newRecord(start),
      [{ text: 'skip' }, { text: 'skip' }],
      { activities, extractor, policy: { maxClarificationRounds: 2 } },
    );
    expect(record.clarifications).toHaveLength(2);
    expect(record.current).toBe('COMPLETED');
  });

  it('fails with a retryable error when the catalog is down', async () => {
    const { activities, calls } = scriptedActivities({ searches: [() => failure('UNAVAILABLE', 'catalog')] });
    const { record } = await runWorkflow(workflowInput(), newRecord(start), [], {
      activities,
      extractor,
      policy,
    });
    expect(record.current).toBe('FAILED');
    expect(record.failure).toMatchObject({ code: 'UNAVAILABLE', service: 'catalog', retryable: true });
    expect(calls).toEqual(['search']);
  });

  it('ranks and composes with the fallback when the composer fails, and says so', async () => {
    const { activities } = scriptedActivities({
      rank: () => failure('UNAVAILABLE', 'composer'),
      composeFails: true,
      searches: [
        () => ({
          ok: true,
          value: {
            products: [hit('cheap', { price: 50 }), hit('pricey', { price: 500 })],
            total: 2,
            next_cursor: null,
          },
        }),
      ],
    });
    const { record, results } = await runWorkflow(workflowInput(), newRecord(start), [], {
      activities,
      extractor,
      policy,
    });
    expect(record.current).toBe('COMPLETED');
    expect(record.degraded).toEqual(['composer']);
    expect(results[0]?.product_id).toBe('cheap');
    expect(record.steps.reply).toContain('options');
  });

  it('relaxes the least essential constraint first when nothing matches', async () => {
    const empty = () => ({ ok: true as const, value: { products: [], total: 0, next_cursor: null } });
    const { activities, searches } = scriptedActivities({
      searches: [empty, () => ({ ok: true, value: { products: [hit('p9')], total: 1, next_cursor: null } })],
    });
    const { record } = await runWorkflow(
      workflowInput({ text: 'red nike running shoes size 10 under $120' }),
      newRecord(start),
      [],
      {
        activities,
        extractor,
        policy,
      },
    );
    expect(searches).toHaveLength(2);
    expect(searches[0]?.filters?.sizes).toEqual(['10']);
    expect(searches[1]?.filters?.sizes).toBeUndefined();
    expect(record.steps.search?.relaxed).toEqual(['size']);
  });

  it('continues the previous result list when a chat asks to show more', async () => {
    const { activities, searches } = scriptedActivities({});
    const previous = extractor.extract({ text: 'red running shoes' });
    await runWorkflow(
      workflowInput({ kind: 'chat', text: 'show more', previous, last_cursor: 'cursor-2' }),
      newRecord(start),
      [],
      { activities, extractor, policy },
    );
    expect(searches[0]?.cursor).toBe('cursor-2');
    expect(searches[0]?.product_type).toBe('shoes');
  });

  it('drops products the shopper ruled out, which the catalog cannot filter', async () => {
    const { activities } = scriptedActivities({
      searches: [
        () => ({
          ok: true,
          value: {
            products: [hit('nike', { brand: 'Nike' }), hit('asics', { brand: 'ASICS' })],
            total: 2,
            next_cursor: null,
          },
        }),
      ],
    });
    const { results } = await runWorkflow(
      workflowInput({ text: 'running shoes under $150, not Nike' }),
      newRecord(start),
      [],
      {
        activities,
        extractor,
        policy,
      },
    );
    expect(results.map((r) => r.product_id)).toEqual(['asics']);
  });

  it('takes the same path when replayed over its recorded outcomes', async () => {
    const live = scriptedActivities({});
    const original = await runWorkflow(workflowInput(), newRecord(start), [], {
      activities: live.activities,
      extractor,
      policy,
    });
    const replay = scriptedActivities({});
    const activities = recordedActivities(original.record.activities, replay.activities);
    const replayed = await runWorkflow(workflowInput(), newRecord(start), [], {
      activities,
      extractor,
      policy,
    });
    expect(statesOf(replayed.record)).toEqual(statesOf(original.record));
    expect(replayed.record.steps).toEqual(original.record.steps);
    expect(replay.calls).toEqual([]);
  });

  it('reports a divergence when today’s decisions ask for a call the original did not make', async () => {
    const live = scriptedActivities({});
    const original = await runWorkflow(workflowInput(), newRecord(start), [], {
      activities: live.activities,
      extractor,
      policy,
    });
    const activities = recordedActivities(original.record.activities, scriptedActivities({}).activities);
    await expect(
      runWorkflow(workflowInput({ has_image: true }), newRecord(start), [], {
        activities,
        extractor,
        policy,
      }),
    ).rejects.toBeInstanceOf(ReplayDivergenceError);
  });
});

describe('transition rules', () => {
  it('allows exactly the documented moves', () => {
    expect(canTransition('INITIAL', 'MEDIA_PROCESSING')).toBe(true);
    expect(canTransition('INITIAL', 'SEARCHING')).toBe(false);
    expect(canTransition('CLARIFICATION', 'REQUIREMENT_BUILDING')).toBe(true);
    expect(canTransition('SEARCHING', 'COMPLETED')).toBe(false);
    for (const state of WORKFLOW_STATES) {
      expect(canTransition('COMPLETED', state)).toBe(false);
      expect(canTransition('FAILED', state)).toBe(false);
    }
  });

  it('maps states to request statuses', () => {
    expect(statusOf('INITIAL')).toBe('pending');
    expect(statusOf('CLARIFICATION')).toBe('pending');
    expect(statusOf('SEARCHING')).toBe('processing');
    expect(statusOf('COMPLETED')).toBe('completed');
    expect(statusOf('FAILED')).toBe('failed');
  });
});
