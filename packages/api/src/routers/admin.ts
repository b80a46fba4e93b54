import { tracked } from '@trpc/server';
import { z } from 'zod';
import { clearedOperatorCookie, operatorSessionCookie } from '../admin/operator-cookie';
import { openAdminEventStream, SessionEventsInputSchema } from '../admin/session-events';
import {
  LatencyInputSchema,
  LatencyOutputSchema,
  LoginInputSchema,
  LookupInputSchema,
  LookupOutputSchema,
  OperatorSchema,
  ReplayGetInputSchema,
  ReplayInputSchema,
  ReplayOutputSchema,
  SessionDetailInputSchema,
  SessionDetailSchema,
  SessionListInputSchema,
  SessionListOutputSchema,
  StatusCountsInputSchema,
  StatusCountsOutputSchema,
} from '../admin/wire';
import { ApiError } from '../errors';
import { openSubscription, operatorProcedure, publicProcedure, router } from '../trpc';

/**
 * The operator console's API, tRPC only (no REST route, no OpenAPI entry). Everything but login, logout
 * and me requires the operator session cookie, checked here on the server (the subscription included).
 */
export const adminRouter = router({
  login: publicProcedure
    .input(LoginInputSchema)
    .output(OperatorSchema)
    .mutation(async ({ input, ctx }) => {
      await ctx.services.loginThrottle?.(input.username);
      const token = ctx.services.operatorAuth.login(input.username, input.password);
      if (!token) throw new ApiError('UNAUTHORIZED', 'wrong username or password');
      const { sessionTtlSeconds, secureCookie } = ctx.services.operatorAuth;
      ctx.setCookie(operatorSessionCookie(token, sessionTtlSeconds, secureCookie));
      return { username: input.username };
    }),

  logout: publicProcedure
    .input(z.void())
    .output(z.object({ ok: z.literal(true) }))
    .mutation(({ ctx }) => {
      ctx.setCookie(clearedOperatorCookie());
      return { ok: true as const };
    }),

  me: publicProcedure
    .input(z.void())
    .output(OperatorSchema.nullable())
    .query(({ ctx }) => ctx.operator),

  sessions: router({
    list: operatorProcedure
      .input(SessionListInputSchema)
      .output(SessionListOutputSchema)
      .query(({ input, ctx }) => ctx.services.admin.listSessions(input)),

    counts: operatorProcedure
      .input(StatusCountsInputSchema)
      .output(StatusCountsOutputSchema)
      .query(({ input, ctx }) => ctx.services.admin.countStatuses(input)),

    lookup: operatorProcedure
      .input(LookupInputSchema)
      .output(LookupOutputSchema)
      .query(({ input, ctx }) => ctx.services.admin.lookup(input.id)),

    get: operatorProcedure
      .input(SessionDetailInputSchema)
      .output(SessionDetailSchema)
      .query(({ input, ctx }) => ctx.services.admin.getSession(input.session_id)),

    /**
     * The session's workflow events over server-sent events, as `session.events` streams them to the
     * shopper: tracked ids, so a reconnect resumes after the last event it saw.
     */
    events: operatorProcedure.input(SessionEventsInputSchema).subscription(async function* ({
      input,
      ctx,
      signal,
    }) {
      const stream = await openSubscription(
        openAdminEventStream(ctx.services.admin, input, { signal: signal ?? new AbortController().signal }),
      );
      for await (const { id, event } of stream) yield tracked(id, event);
    }),
  }),

  replay: operatorProcedure
    .input(ReplayInputSchema)
    .output(ReplayOutputSchema)
    .mutation(({ input, ctx }) => ctx.services.admin.replay(input, { traceparent: ctx.traceparent })),

  replays: router({
    get: operatorProcedure
      .input(ReplayGetInputSchema)
      .output(ReplayOutputSchema)
      .query(({ input, ctx }) => ctx.services.admin.getReplay(input.request_id)),
  }),

  latency: operatorProcedure
    .input(LatencyInputSchema)
    .output(LatencyOutputSchema)
    .query(({ input, ctx }) => ctx.services.admin.latency(input.window)),
});
