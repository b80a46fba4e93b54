import { trace } from '@opentelemetry/api';
import type { RankedProduct, SearchHit } from '@talknshop/contracts';
import type { RequirementExtractor } from '../requirements';
import type { Activities, CallSink } from './activities';
import {
  buildRequirements,
  continuationCursor,
  decideClarification,
  firstState,
  MAX_SEARCHES,
  needsTypedInput,
  nextRelaxation,
  type PolicyConfig,
  type Relaxation,
  searchRequest,
  TYPE_IT_QUESTION,
  type WorkflowInput,
  withoutExcluded,
} from './decisions';
import { fallbackCompose, fallbackRank } from './fallback';
import type { ActivityError, ActivityRecord, Answer, Outcome, WorkflowRecord } from './record';
import { canTransition, isTerminal, type WorkflowStateName } from './states';

const tracer = trace.getTracer('@talknshop/api');

export interface WorkflowDeps {
  activities: Activities;
  extractor: RequirementExtractor;
  policy: PolicyConfig;
  /**
   * A write that depends only on the run's outcome (a new session's first outcome), started as soon as that
   * outcome is settled, so the request waits for as few round trips as possible: while compose words the
   * reply of a completed run (compose cannot change the outcome: a failed compose falls back to a template
   * reply), otherwise alongside the last checkpoint. `record` is the record as the run ends, apart from what
   * compose adds (the reply, the ranking); it keeps changing, so read it at once. `stored` settles when the
   * request's checkpoints so far have landed, the last one included when it is also the first.
   */
  outcomeSettled?: (record: WorkflowRecord, results: RankedProduct[], stored: Promise<void>) => Promise<void>;
}

/** What a run produced besides the record: the full ranked products the response needs. */
export interface RunResult {
  record: WorkflowRecord;
  results: RankedProduct[];
}

/**
 * Runs the workflow from the record's current state until it completes, fails or waits for the shopper.
 * `answers` are the shopper's answers to clarification questions, in order; an unanswered question stops
 * the run in CLARIFICATION. The record is copied, never mutated in place.
 */
export async function runWorkflow(
  input: WorkflowInput,
  startRecord: WorkflowRecord,
  answers: readonly Answer[],
  deps: WorkflowDeps,
): Promise<RunResult> {
  const record: WorkflowRecord = structuredClone(startRecord);
  const { activities } = deps;
  let results: RankedProduct[] = [];

  const enter = (state: WorkflowStateName) => {
    if (!canTransition(record.current, state)) {
      throw new Error(`illegal workflow transition ${record.current} → ${state}`);
    }
    const now = activities.now();
    const open = record.history.at(-1);
    if (open && open.left_at === null) {
      open.left_at = now.toISOString();
      open.duration_ms = now.getTime() - Date.parse(open.entered_at);
    }
    const terminal = isTerminal(state);
    record.history.push({
      state,
      entered_at: now.toISOString(),
      left_at: terminal ? now.toISOString() : null,
      duration_ms: terminal ? 0 : null,
    });
    record.current = state;
  };

  // The state entered last, when its entry is still to be persisted: it is written while the state's first
  // downstream calls run, so the write's round trip is off the request's critical path. A crash before the
  // write lands resumes from the previous checkpoint and redoes the state's idempotent calls; before a new
  // request's first checkpoint there is nothing stored to resume, and its caller saw the connection drop.
  let unsaved = false;
  let stored: Promise<void> = Promise.resolve();
  const persistedDuring = async <T>(work: () => Promise<T>): Promise<T> => {
    if (!unsaved) return work();
    unsaved = false;
    // A copy, taken first: the record changes while the write is on its way.
    const entered = structuredClone(record);
    const working = work();
    stored = afterCallsSent().then(() => activities.checkpoint(entered));
    const [, result] = await Promise.all([stored, working]);
    return result;
  };

  let settledWrite: Promise<void> | undefined;
  const settle = (ending: WorkflowRecord, landed: Promise<void>, after?: Promise<void>) => {
    const write = deps.outcomeSettled;
    if (!write) return;
    settledWrite = after ? after.then(() => write(ending, results, landed)) : write(ending, results, landed);
    // Awaited when the run ends; until then a failure must not count as an unhandled rejection.
    settledWrite.catch(() => undefined);
  };

  const sink: CallSink = (entry) => {
    record.calls.push(entry);
  };

  /** Records an outcome; the order of the records is the order a recorded replay serves them in. */
  const remember = <T>(name: ActivityRecord['name'], outcome: Outcome<T>): Outcome<T> => {
    record.activities.push({ name, outcome } as ActivityRecord);
    if (!outcome.ok) {
      record.errors.push({
        state: record.current,
        code: outcome.error.code,
        message: outcome.error.message,
        at: activities.now().toISOString(),
      });
    }
    return outcome;
  };

  const call = async <T>(
    name: ActivityRecord['name'],
    run: (sink: CallSink) => Promise<Outcome<T>>,
  ): Promise<Outcome<T>> => remember(name, await run(sink));

  const degrade = (service: string) => {
    if (!record.degraded.includes(service)) record.degraded.push(service);
  };

  const fail = (error: ActivityError) => {
    record.failure = error;
    enter('FAILED');
  };

  /** One state's work; 'waiting' when the run must stop for the shopper. */
  const advance = async (): Promise<'waiting' | 'next'> => {
    switch (record.current) {
      case 'INITIAL': {
        const next = firstState(input);
        enter(next);
        unsaved = next === 'MEDIA_PROCESSING';
        break;
      }
      case 'MEDIA_PROCESSING': {
        // Concurrent, but recorded in call order (transcript first), whichever finishes first.
        const [transcribed, analysed] = await persistedDuring(() =>
          Promise.all([
            input.has_audio ? activities.transcribe(sink) : null,
            input.has_image ? activities.extractImage(sink) : null,
          ]),
        );
        const transcript = transcribed && remember('transcribe', transcribed);
        const image = analysed && remember('extractImage', analysed);
        if (transcript?.ok) record.steps.transcript = transcript.value;
        if (image?.ok) record.steps.image_attributes = image.value;
        if ((transcript && !transcript.ok) || (image && !image.ok)) degrade('media');
        if (needsTypedInput(input, record)) {
          record.clarifications.push({
            ...TYPE_IT_QUESTION,
            asked_at: activities.now().toISOString(),
            answer: null,
            answered_at: null,
          });
          enter('CLARIFICATION');
        } else {
          enter('REQUIREMENT_BUILDING');
        }
        break;
      }
      case 'REQUIREMENT_BUILDING': {
        const requirements = buildRequirements(input, record, deps.extractor);
        record.steps.requirements = requirements;
        const question = decideClarification(requirements, record, deps.policy);
        if (question) {
          record.clarifications.push({
            field: question.field,
            question: question.question,
            suggestions: question.suggestions,
            asked_at: activities.now().toISOString(),
            answer: null,
            answered_at: null,
          });
          enter('CLARIFICATION');
        } else {
          enter('SEARCHING');
          unsaved = true;
        }
        break;
      }
      case 'CLARIFICATION': {
        const index = record.clarifications.length - 1;
        const round = record.clarifications[index];
        const answer = answers[index];
        if (!round || !answer) return 'waiting';
        round.answer = answer;
        round.answered_at = activities.now().toISOString();
        enter('REQUIREMENT_BUILDING');
        break;
      }
      case 'SEARCHING': {
        const requirements = record.steps.requirements!;
        const relaxed: Relaxation[] = [];
        let found: SearchHit[] = [];
        let total = 0;
        let nextCursor: string | null = null;
        let failed = false;
        const cursor = continuationCursor(input, record, deps.extractor);
        for (let attempt = 0; attempt < MAX_SEARCHES; attempt += 1) {
          const request = searchRequest(requirements, input, relaxed, relaxed.length ? null : cursor);
          const outcome = await persistedDuring(() => call('search', (s) => activities.search(request, s)));
          if (!outcome.ok) {
            fail(outcome.error);
            failed = true;
            break;
          }
          found = withoutExcluded(outcome.value.products, requirements);
          total = outcome.value.total;
          nextCursor = outcome.value.next_cursor;
          if (found.length > 0) break;
          const relaxation = nextRelaxation(requirements, input, relaxed);
          if (!relaxation) break;
          relaxed.push(relaxation);
        }
        if (failed) break;
        record.steps.search = {
          product_ids: found.map((p) => p.product_id),
          total,
          relaxed: found.length ? relaxed : [],
          next_cursor: nextCursor,
        };
        // Not checkpointed: ranking is cheap to redo, and a resumed request searches again. This keeps a text
        // search at three writes (the request entering SEARCHING, its outcome, the session).
        enter('RANKING');
        break;
      }
      case 'RANKING': {
        const requirements = record.steps.requirements!;
        const relaxed = record.steps.search?.relaxed ?? [];
        const hits = withoutExcluded(lastSearchHits(record), requirements);
        let ranked: RankedProduct[];
        if (hits.length === 0) {
          ranked = [];
        } else {
          const rank = await call('rank', (s) => activities.rank({ requirements, products: hits }, s));
          if (rank.ok) ranked = rank.value.products;
          else {
            degrade('composer');
            ranked = fallbackRank(requirements, hits);
          }
        }
        results = ranked.slice(0, input.limit);
        const composing = call('compose', (s) =>
          activities.compose(
            { requirements, products: results, relaxed, max_cards: Math.min(results.length || 1, 5) },
            s,
          ),
        );
        // Compose cannot change the outcome (a failed one falls back to a template reply): it is settled now.
        settle({ ...record, current: 'COMPLETED' }, stored, afterCallsSent());
        const compose = await composing;
        const reply = compose.ok ? compose.value : fallbackCompose(results, 5, relaxed);
        if (!compose.ok) degrade('composer');
        record.steps.ranking = results.map((p) => ({
          product_id: p.product_id,
          score: p.score,
          why_ranked: p.why_ranked,
        }));
        record.steps.reply = reply.reply;
        enter('COMPLETED');
        break;
      }
      default:
        throw new Error(`unhandled workflow state ${record.current}`);
    }
    return 'next';
  };

  while (!isTerminal(record.current)) {
    const state = record.current;
    const outcome = await tracer.startActiveSpan(`workflow ${state}`, async (span) => {
      try {
        return await advance();
      } finally {
        span.setAttribute('talknshop.workflow.next_state', record.current);
        span.end();
      }
    });
    if (outcome === 'waiting') break;
  }
  const lastCheckpoint = activities.checkpoint(record);
  if (!settledWrite) settle(record, lastCheckpoint);
  await Promise.all([lastCheckpoint, settledWrite]);
  return { record, results };
}

/** The products of the run's last successful search: RANKING can resume from the record alone. */
function lastSearchHits(record: WorkflowRecord): SearchHit[] {
  for (let i = record.activities.length - 1; i >= 0; i -= 1) {
    const entry = record.activities[i];
    if (entry?.name === 'search' && entry.outcome.ok) return entry.outcome.value.products;
  }
  return [];
}

/**
 * Resolves once the calls just made are on the wire. A write started alongside them is prepared (serialised,
 * compressed, signed) in promise continuations and ticks, which would otherwise run before the calls' own
 * sockets are written: the check phase comes after both.
 */
function afterCallsSent(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
