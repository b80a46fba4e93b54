import { tracked } from '@trpc/server';
import { z } from 'zod';
import { runIdempotently } from '../auth/idempotency';
import { ApiError } from '../errors';
import type { Context } from '../trpc';
import { openSubscription, publicProcedure, router, shopperProcedure } from '../trpc';
import {
  ChatInputSchema,
  ClarifyInputSchema,
  HealthSchema,
  ReadinessSchema,
  SearchInputSchema,
  SessionGetInputSchema,
  SessionViewSchema,
  WorkflowResponseSchema,
} from '../wire';

const caller = (ctx: {
  clientId: string;
  requestId: string;
  traceparent?: string | undefined;
  signal?: AbortSignal | undefined;
}) => ({
  clientId: ctx.clientId,
  requestId: ctx.requestId,
  traceparent: ctx.traceparent,
  signal: ctx.signal,
});

type ShopperContext = Context & { clientId: string };

/** POST endpoints honour `Idempotency-Key`, per API client. */
function idempotent<T>(
  ctx: ShopperContext,
  operation: string,
  input: unknown,
  work: () => Promise<T>,
): Promise<T> {
  return runIdempotently(
    ctx.services.idempotency,
    {
      scope: ctx.clientId,
      key: ctx.idempotencyKey,
      operation,
      input,
      onReplay: () => ctx.setHeader('Idempotent-Replayed', 'true'),
    },
    work,
  );
}

export const healthRouter = router({
  live: publicProcedure
    .meta({
      openapi: { method: 'GET', path: '/health', tags: ['health'], summary: 'Liveness', protect: false },
    })
    .input(z.void())
    .output(HealthSchema)
    .query(() => ({ status: 'ok' as const })),

  ready: publicProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/health/ready',
        protect: false,
        tags: ['health'],
        summary: 'Readiness: DynamoDB and downstream services reachable (503 when not)',
      },
    })
    .input(z.void())
    .output(ReadinessSchema)
    .query(async ({ ctx }) => {
      const readiness = await ctx.services.readiness();
      if (readiness.status !== 'ready') {
        const failing = Object.entries(readiness.checks)
          .filter(([, check]) => !check.ok)
          .map(([name, check]) => `${name}: ${check.detail ?? 'failing'}`);
        throw new ApiError('NOT_READY', `not ready: ${failing.join('; ')}`, {
          retryable: true,
          retryAfterSeconds: 5,
        });
      }
      return readiness;
    }),
});

export const shoppingProcedures = {
  /** Live workflow events of a session (server-sent events); resumes from the last event id it was given. */
  sessionEvents: shopperProcedure
    .input(SessionGetInputSchema.extend({ lastEventId: z.string().max(4000).nullish() }))
    .subscription(async function* ({ input, ctx, signal }) {
      const stream = await openSubscription(
        ctx.services.orchestration.openEventStream(
          { session_id: input.session_id, user_id: input.user_id },
          caller(ctx),
          { lastEventId: input.lastEventId, signal: signal ?? new AbortController().signal },
        ),
      );
      for await (const { id, event } of stream) yield tracked(id, event);
    }),

  search: shopperProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/api/v1/search',
        tags: ['shopping'],
        summary: 'Search from text, a voice note and/or a photo',
        description:
          'Runs the workflow: media processing, requirement building, clarification (when too vague), search, ranking.',
      },
    })
    .input(SearchInputSchema)
    .output(WorkflowResponseSchema)
    .mutation(({ input, ctx, path }) =>
      idempotent(ctx as ShopperContext, path, input, () =>
        ctx.services.orchestration.search(input, caller(ctx)),
      ),
    ),

  chat: shopperProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/api/v1/chat',
        tags: ['shopping'],
        summary: 'Continue a conversation: refine ("cheaper", "in blue"), or answer a pending question',
      },
    })
    .input(ChatInputSchema)
    .output(WorkflowResponseSchema)
    .mutation(({ input, ctx, path }) =>
      idempotent(ctx as ShopperContext, path, input, () =>
        ctx.services.orchestration.chat(input, caller(ctx)),
      ),
    ),

  sessionGet: shopperProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/api/v1/sessions/{session_id}',
        tags: ['sessions'],
        summary: 'A session with its requirements, pending clarification and requests',
      },
    })
    .input(SessionGetInputSchema)
    .output(SessionViewSchema)
    .query(({ input, ctx }) => ctx.services.orchestration.getSession(input, caller(ctx))),

  clarify: shopperProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/api/v1/sessions/{session_id}/clarify',
        tags: ['sessions'],
        summary: 'Answer the pending clarification question (free text or structured fields)',
      },
    })
    .input(ClarifyInputSchema)
    .output(WorkflowResponseSchema)
    .mutation(({ input, ctx, path }) =>
      idempotent(ctx as ShopperContext, path, input, () =>
        ctx.services.orchestration.clarify(input, caller(ctx)),
      ),
    ),
};
