import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Me } from '@cpaudit/contracts';
import { fetchMe, meQueryKey } from './auth.ts';

/** The query of the signed-in user (`GET /auth/me`): loaded once per session, its errors shown by the guard. */
export const meQuery = queryOptions<Me>({
  queryKey: meQueryKey,
  queryFn: ({ signal }) => fetchMe(signal),
  staleTime: Infinity,
  retry: false,
  meta: { errorPolicy: 'inline' },
});

/** The signed-in user (`GET /auth/me`), loaded once per session. */
export function useMe() {
  return useQuery(meQuery);
}

/** For components under `RequireAuth`, where `Me` is always loaded. */
export function useCurrentUser(): Me {
  const { data } = useMe();
  if (!data) throw new Error('useCurrentUser outside RequireAuth');
  return data;
}
