import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import { adminRouter } from './routers/admin';
import { healthRouter, shoppingProcedures } from './routers/public';
import { router } from './trpc';

export const appRouter = router({
  health: healthRouter,
  search: shoppingProcedures.search,
  chat: shoppingProcedures.chat,
  clarify: shoppingProcedures.clarify,
  session: router({ get: shoppingProcedures.sessionGet, events: shoppingProcedures.sessionEvents }),
  admin: adminRouter,
});

export type AppRouter = typeof appRouter;
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
