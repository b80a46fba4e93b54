import { isDeepStrictEqual } from 'node:util';
import type { WorkflowRecord } from '../workflow/record';
import type { ReplayDiff } from './wire';

/**
 * Compares a replay with the run it replays, as the console shows them side by side. Pure: the same two
 * records always give the same diff, so it can be recomputed from the stored items at any time. Timing is
 * shown (`step_latency`) but never makes two runs differ.
 */
export function diffReplay(original: WorkflowRecord, replay: WorkflowRecord): ReplayDiff {
  const statePath = {
    original: original.history.map((step) => step.state),
    replay: replay.history.map((step) => step.state),
    same: false,
  };
  statePath.same = isDeepStrictEqual(statePath.original, statePath.replay);

  const requirements = {
    original: original.steps.requirements,
    replay: replay.steps.requirements,
    changed_fields: changedPaths(original.steps.requirements, replay.steps.requirements),
    same: false,
  };
  requirements.same = requirements.changed_fields.length === 0;

  const results = diffResults(productIds(original), productIds(replay));
  const reply = {
    original: original.steps.reply,
    replay: replay.steps.reply,
    same: original.steps.reply === replay.steps.reply,
  };
  const failure = {
    original: failureOf(original),
    replay: failureOf(replay),
    same: failureOf(original)?.code === failureOf(replay)?.code,
  };

  return {
    identical: statePath.same && requirements.same && results.same && reply.same && failure.same,
    state_path: statePath,
    requirements,
    results,
    reply,
    step_latency: stepLatency(original, replay),
    failure,
  };
}

function productIds(record: WorkflowRecord): string[] {
  return record.steps.ranking?.map((entry) => entry.product_id) ?? [];
}

function failureOf(record: WorkflowRecord): { code: string; message: string } | null {
  return record.failure ? { code: record.failure.code, message: record.failure.message } : null;
}

/** Result lists compared as lists: which products both have, which only one has, which moved. */
export function diffResults(original: string[], replay: string[]): ReplayDiff['results'] {
  const inReplay = new Map(replay.map((id, index) => [id, index]));
  const inOriginal = new Set(original);
  const overlap = original.filter((id) => inReplay.has(id));
  const moved = original.flatMap((id, from) => {
    const to = inReplay.get(id);
    return to !== undefined && to !== from ? [{ product_id: id, from, to }] : [];
  });
  return {
    original,
    replay,
    overlap,
    only_original: original.filter((id) => !inReplay.has(id)),
    only_replay: replay.filter((id) => !inOriginal.has(id)),
    moved,
    same: isDeepStrictEqual(original, replay),
  };
}

/**
 * Dotted paths of the leaves that differ ("price.max", "attributes.color"). Objects are walked key by key;
 * anything else (arrays included) is compared as a whole. A missing requirements object is walked as an
 * empty one, so every field the other side has shows up.
 */
export function changedPaths(a: unknown, b: unknown, prefix = ''): string[] {
  if (prefix === '') {
    a ??= {};
    b ??= {};
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((key) => changedPaths(a[key], b[key], prefix ? `${prefix}.${key}` : key));
  }
  return isDeepStrictEqual(a, b) ? [] : [prefix];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Time spent per state, summed over visits (REQUIREMENT_BUILDING runs again after each answer), in the
 * order the original visited them and then any state only the replay visited. A state one run never
 * entered, or never left, has null.
 */
function stepLatency(original: WorkflowRecord, replay: WorkflowRecord): ReplayDiff['step_latency'] {
  const originalMs = timeInStates(original);
  const replayMs = timeInStates(replay);
  const states = [...new Set([...originalMs.keys(), ...replayMs.keys()])];
  return states.map((state) => ({
    state,
    original_ms: originalMs.get(state) ?? null,
    replay_ms: replayMs.get(state) ?? null,
  }));
}

function timeInStates(record: WorkflowRecord): Map<string, number | null> {
  const totals = new Map<string, number | null>();
  for (const step of record.history) {
    const previous = totals.get(step.state);
    if (step.duration_ms === null) {
      if (previous === undefined) totals.set(step.state, null);
      continue;
    }
    totals.set(step.state, (previous ?? 0) + step.duration_ms);
  }
  return totals;
}
