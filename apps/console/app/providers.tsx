'use client';

import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { httpBatchLink, httpSubscriptionLink, splitLink } from '@trpc/client';
import { type ReactNode, useState } from 'react';
import superjson from 'superjson';
import { shouldRetry } from '../src/lib/api-error';
import { sendToLoginOn401 } from '../src/lib/login-redirect';
import { trpc } from '../src/trpc';

function createQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({ onError: sendToLoginOn401 }),
    mutationCache: new MutationCache({ onError: sendToLoginOn401 }),
    defaultOptions: {
      queries: { retry: shouldRetry, staleTime: 2_000, refetchOnWindowFocus: false },
      mutations: { retry: false },
    },
  });
}

/**
 * Everything goes to the console's own `/trpc` relay, so the httpOnly operator cookie is sent as a
 * first-party cookie: subscriptions as server-sent events (an EventSource, which reconnects by itself
 * and resumes from the last tracked event id), queries and mutations batched.
 */
function createTrpcClient() {
  return trpc.createClient({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: httpSubscriptionLink({ url: '/trpc', transformer: superjson }),
        false: httpBatchLink({ url: '/trpc', transformer: superjson }),
      }),
    ],
  });
}

export function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(createQueryClient);
  const [trpcClient] = useState(createTrpcClient);
  return (
    <trpc.Provider client={trpcClient} queryClient={queryClient}>
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    </trpc.Provider>
  );
}
