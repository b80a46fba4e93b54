import { type CallContext, type Clients, isDownstreamError } from '@talknshop/clients';
import type { MediaInput } from '@talknshop/contracts';
import type { Activities, CallSink } from './activities';
import type { ActivityError, Outcome, WorkflowRecord } from './record';

export interface LiveActivityOptions {
  clients: Clients;
  /** Raw media lives only in memory for the duration of the request; it is never persisted. */
  media: { audio?: MediaInput | undefined; image?: MediaInput | undefined };
  requestId: string;
  traceparent?: string | undefined;
  /** Epoch ms after which no downstream call may still be running. */
  deadline: number;
  signal?: AbortSignal | undefined;
  checkpoint(record: WorkflowRecord): Promise<void>;
  now(): Date;
}

export function toActivityError(error: unknown): ActivityError {
  if (isDownstreamError(error)) {
    return {
      code: error.code,
      message: error.message,
      service: error.service,
      retryable: error.retryable,
      downstream_code: error.downstreamCode,
    };
  }
  throw error;
}

async function attempt<T>(run: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    return { ok: false, error: toActivityError(error) };
  }
}

/** Activities that call the real downstream services through the resilient clients. */
export function liveActivities(options: LiveActivityOptions): Activities {
  const { clients, media } = options;
  const context = (sink: CallSink): CallContext => ({
    deadline: options.deadline,
    requestId: options.requestId,
    ...(options.traceparent ? { traceparent: options.traceparent } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    sink,
  });
  return {
    transcribe: (sink) =>
      attempt(() => {
        if (!media.audio) throw new Error('transcribe called without audio');
        return clients.media.transcribe({ audio: media.audio }, context(sink));
      }),
    extractImage: (sink) =>
      attempt(() => {
        if (!media.image) throw new Error('extractImage called without an image');
        return clients.media.extractImageAttributes({ image: media.image }, context(sink));
      }),
    search: (request, sink) => attempt(() => clients.catalog.search(request, context(sink))),
    rank: (request, sink) => attempt(() => clients.composer.rank(request, context(sink))),
    compose: (request, sink) => attempt(() => clients.composer.compose(request, context(sink))),
    checkpoint: options.checkpoint,
    now: options.now,
  };
}
