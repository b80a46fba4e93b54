import type { Requirements } from '@talknshop/contracts';
import { describe, expect, it } from 'vitest';
import { changedPaths, diffReplay, diffResults } from '../../src/admin/replay-diff';
import { ReplayDiffSchema } from '../../src/admin/wire';
import { newRecord, type WorkflowRecord } from '../../src/workflow/record';
import type { WorkflowStateName } from '../../src/workflow/states';

const requirements: Requirements = {
  product_type: 'shoes',
  keywords: ['running'],
  attributes: { color: ['red'] },
  price: { min: null, max: 120, currency: 'USD' },
  brands: ['Nike'],
  rating_min: null,
  condition: null,
};

/** A finished record that went through `path`, each state taking the given milliseconds. */
function record(
  path: [WorkflowStateName, number][],
  overrides: Partial<WorkflowRecord['steps']> = {},
): WorkflowRecord {
  const base = newRecord(new Date('2026-01-01T00:00:00.000Z'));
  let at = Date.parse('2026-01-01T00:00:00.000Z');
  base.history = path.map(([state, ms]) => {
    const entered = new Date(at).toISOString();
    at += ms;
    return { state, entered_at: entered, left_at: new Date(at).toISOString(), duration_ms: ms };
  });
  base.current = path.at(-1)![0];
  base.steps = {
    ...base.steps,
    requirements,
    ranking: ['p1', 'p2', 'p3'].map((id) => ({ product_id: id, score: 1, why_ranked: [] })),
    reply: 'Here are three pairs of red running shoes.',
    ...overrides,
  };
  return base;
}

const PATH: [WorkflowStateName, number][] = [
  ['INITIAL', 1],
  ['REQUIREMENT_BUILDING', 2],
  ['SEARCHING', 30],
  ['RANKING', 12],
  ['COMPLETED', 0],
];

describe('diffReplay', () => {
  it('finds two runs with the same decisions identical, whatever their timing', () => {
    const original = record(PATH);
    const replay = record(PATH.map(([state, ms]) => [state, ms * 3] as [WorkflowStateName, number]));
    const diff = diffReplay(original, replay);
    expect(ReplayDiffSchema.parse(diff)).toEqual(diff);
    expect(diff.identical).toBe(true);
    expect(diff.state_path).toEqual({
      original: PATH.map(([s]) => s),
      replay: PATH.map(([s]) => s),
      same: true,
    });
    expect(diff.requirements).toMatchObject({ same: true, changed_fields: [] });
    expect(diff.results).toMatchObject({ same: true, overlap: ['p1', 'p2', 'p3'], moved: [] });
    expect(diff.reply.same).toBe(true);
    expect(diff.failure).toEqual({ original: null, replay: null, same: true });
    expect(diff.step_latency).toEqual([
      { state: 'INITIAL', original_ms: 1, replay_ms: 3 },
      { state: 'REQUIREMENT_BUILDING', original_ms: 2, replay_ms: 6 },
      { state: 'SEARCHING', original_ms: 30, replay_ms: 90 },
      { state: 'RANKING', original_ms: 12, replay_ms: 36 },
      { state: 'COMPLETED', original_ms: 0, replay_ms: 0 },
    ]);
  });

  it('shows a different state path, with per-state time summed over visits', () => {
    const original = record(PATH);
    const replay = record([
      ['INITIAL', 1],
      ['REQUIREMENT_BUILDING', 2],
      ['CLARIFICATION', 50],
      ['REQUIREMENT_BUILDING', 3],
      ['SEARCHING', 30],
      ['RANKING', 12],
      ['COMPLETED', 0],
    ]);
    const diff = diffReplay(original, replay);
    expect(diff.identical).toBe(false);
    expect(diff.state_path.same).toBe(false);
    expect(diff.state_path.replay).toContain('CLARIFICATION');
    expect(diff.step_latency).toContainEqual({ state: 'REQUIREMENT_BUILDING', original_ms: 2, replay_ms: 5 });
    expect(diff.step_latency).toContainEqual({ state: 'CLARIFICATION', original_ms: null, replay_ms: 50 });
  });

  it('names the requirement fields that changed by dotted path', () => {
    const replay = record(PATH, {
      requirements: {
        ...requirements,
        attributes: { color: ['blue'], size: ['10'] },
        price: { min: null, max: 100, currency: 'USD' },
      },
    });
    const diff = diffReplay(record(PATH), replay);
    expect(diff.identical).toBe(false);
    expect(diff.requirements.same).toBe(false);
    expect(diff.requirements.changed_fields).toEqual(['attributes.color', 'attributes.size', 'price.max']);
    expect(diff.requirements.replay?.price?.max).toBe(100);
  });

  it('compares results by overlap, what only one run found, and what moved', () => {
    const replay = record(PATH, {
      ranking: ['p3', 'p1', 'p9'].map((id) => ({ product_id: id, score: 1, why_ranked: [] })),
    });
    const diff = diffReplay(record(PATH), replay);
    expect(diff.identical).toBe(false);
    expect(diff.results).toEqual({
      original: ['p1', 'p2', 'p3'],
      replay: ['p3', 'p1', 'p9'],
      overlap: ['p1', 'p3'],
      only_original: ['p2'],
      only_replay: ['p9'],
      moved: [
        { product_id: 'p1', from: 0, to: 1 },
        { product_id: 'p3', from: 2, to: 0 },
      ],
      same: false,
    });
  });

  it('compares the reply text', () => {
    const diff = diffReplay(record(PATH), record(PATH, { reply: 'Something else.' }));
    expect(diff.identical).toBe(false);
    expect(diff.reply).toEqual({
      original: 'Here are three pairs of red running shoes.',
      replay: 'Something else.',
      same: false,
    });
  });

  it('shows a replay that failed where the original did not', () => {
    const replay = record([...PATH.slice(0, 3), ['FAILED', 0]], { ranking: null, reply: null });
    replay.failure = {
      code: 'REPLAY_DIVERGED',
      message: 'replay asked for rank at step 2 but the original run called compose there',
      service: null,
      retryable: false,
      downstream_code: null,
    };
    const diff = diffReplay(record(PATH), replay);
    expect(diff.identical).toBe(false);
    expect(diff.failure?.replay?.code).toBe('REPLAY_DIVERGED');
    expect(diff.failure?.same).toBe(false);
    expect(diff.step_latency).toContainEqual({ state: 'RANKING', original_ms: 12, replay_ms: null });
  });
});

describe('pieces of the diff', () => {
  it('walks a missing requirements object as an empty one', () => {
    expect(changedPaths(null, null)).toEqual([]);
    expect(changedPaths(null, { product_type: 'shoes', price: null })).toEqual(['price', 'product_type']);
    expect(changedPaths({ price: null }, { price: { max: 5 } })).toEqual(['price']);
  });

  it('treats two empty result lists as the same', () => {
    expect(diffResults([], [])).toMatchObject({ same: true, overlap: [], moved: [] });
  });
});
