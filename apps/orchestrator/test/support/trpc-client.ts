import type { AppRouter } from '@talknshop/api';
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } from '@trpc/client';
import { EventSource } from 'eventsource';
import superjson from 'superjson';

/**
 * A real tRPC client for the server at `base`, every request of which carries `headers`: queries and
 * mutations over batched HTTP, subscriptions over server-sent events (whose event source sends the headers
 * too, which a browser's could not).
 */
export function trpcClient(base: string, headers: Record<string, string>) {
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: httpSubscriptionLink({
          url: `${base}/trpc`,
          transformer: superjson,
          EventSource,
          eventSourceOptions: () => ({
            fetch: (input: string | URL | Request, init?: RequestInit) =>
              fetch(input, {
                ...init,
                headers: { ...(init?.headers as Record<string, string>), ...headers },
              }),
          }),
        }),
        false: httpBatchLink({ url: `${base}/trpc`, transformer: superjson, headers }),
      }),
    ],
  });
}
