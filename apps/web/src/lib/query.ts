import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { isApiError } from '../services/api.ts';
import { handleApiError, type ErrorPolicyMode } from '../services/error-policy.ts';

declare module '@tanstack/react-query' {
  interface Register {
    queryMeta: { errorPolicy?: ErrorPolicyMode };
    mutationMeta: { errorPolicy?: ErrorPolicyMode };
  }
}

export const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError: (e, query) => handleApiError(e, query.meta?.errorPolicy) }),
  mutationCache: new MutationCache({
    onError: (e, _vars, _ctx, mutation) => handleApiError(e, mutation.meta?.errorPolicy),
  }),
  defaultOptions: {
    queries: {
      staleTime: 60_000,
      refetchOnWindowFocus: false,
      // Retry only transient failures, never 4xx.
      retry: (count, e) => count < 2 && !(isApiError(e) && e.status >= 400 && e.status < 500),
    },
    mutations: { retry: false },
  },
});
