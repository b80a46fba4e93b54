import type {
  CatalogSearchRequest,
  CatalogSearchResponse,
  ComposeRequest,
  ComposeResponse,
  ImageAttributes,
  RankRequest,
  RankResponse,
  TranscribeResponse,
} from '@talknshop/contracts';
import type { ActivityName, ActivityRecord, CallRecordEntry, Outcome, WorkflowRecord } from './record';

/** Receives every downstream attempt an activity makes, for the workflow record. */
export type CallSink = (record: CallRecordEntry) => void;

/**
 * Every side effect the workflow has, behind one interface: downstream calls return outcomes (never throw
 * for a downstream failure), `checkpoint` persists the record. A live implementation calls the services;
 * a recorded one feeds back what a previous run saw. Each call gets a sink for its downstream attempts.
 */
export interface Activities {
  transcribe(sink: CallSink): Promise<Outcome<TranscribeResponse>>;
  extractImage(sink: CallSink): Promise<Outcome<ImageAttributes>>;
  search(request: CatalogSearchRequest, sink: CallSink): Promise<Outcome<CatalogSearchResponse>>;
  rank(request: RankRequest, sink: CallSink): Promise<Outcome<RankResponse>>;
  compose(request: ComposeRequest, sink: CallSink): Promise<Outcome<ComposeResponse>>;
  checkpoint(record: WorkflowRecord): Promise<void>;
  now(): Date;
}

export class ReplayDivergenceError extends Error {
  readonly code = 'REPLAY_DIVERGED';
  constructor(expected: ActivityName, position: number, found: ActivityName | undefined) {
    super(
      found
        ? `replay asked for ${expected} at step ${position + 1} but the original run called ${found} there`
        : `replay asked for ${expected} at step ${position + 1} but the original run made no such call`,
    );
    this.name = 'ReplayDivergenceError';
  }
}

type LiveActivities = Omit<Activities, 'checkpoint' | 'now'>;

/**
 * Serves the recorded outcomes of a previous run, in order, per activity name; when `live` is given, calls
 * beyond the recording go live (used to resume a workflow whose media was already processed).
 */
export function recordedActivities(
  recorded: readonly ActivityRecord[],
  rest: Pick<Activities, 'checkpoint' | 'now'>,
  live: Partial<LiveActivities> = {},
): Activities {
  let position = 0;
  function next(name: ActivityName): ActivityRecord['outcome'] | null {
    const entry = recorded[position];
    if (!entry) return null;
    if (entry.name !== name) throw new ReplayDivergenceError(name, position, entry.name);
    position += 1;
    return entry.outcome;
  }
  function serve<A extends unknown[], T>(
    name: ActivityName,
    fallback: ((...args: A) => Promise<Outcome<T>>) | undefined,
  ) {
    return async (...args: A): Promise<Outcome<T>> => {
      const outcome = next(name);
      if (outcome) return outcome as Outcome<T>;
      if (!fallback) throw new ReplayDivergenceError(name, position, undefined);
      return fallback(...args);
    };
  }
  return {
    transcribe: serve('transcribe', live.transcribe),
    extractImage: serve('extractImage', live.extractImage),
    search: serve('search', live.search),
    rank: serve('rank', live.rank),
    compose: serve('compose', live.compose),
    checkpoint: rest.checkpoint,
    now: rest.now,
  };
}
