'use client';

import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { httpBatchLink } from '@trpc/client';
import { type ReactNode, useState } from 'react';
import superjson from 'superjson';
import { isUnauthorized, shouldRetry } from '../src/lib/api-error';
import { loginPath } from '../src/lib/next-path';
import { trpc } from '../src/trpc';

/** An expired or forged cookie gets past the proxy; the orchestrator's first 401 sends the operator to log in. */
function sendToLoginOn401(error: unknown): void {
  if (!isUnauthorized(error) || window.location.pathname === '/login') return;
  window.location.assign(loginPath(window.location.pathname + window.location.search));
}

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

export function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(createQueryClient);
  const [trpcClient] = useState(() =>
    trpc.createClient({ links: [httpBatchLink({ url: '/trpc', transformer: superjson })] }),
  );
  return (
    <trpc.Provider client={trpcClient} queryClient={queryClient}>
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    </trpc.Provider>
  );
}
