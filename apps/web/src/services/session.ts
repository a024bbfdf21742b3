import { useQuery } from '@tanstack/react-query';
import type { Me } from '@cpaudit/contracts';
import { fetchMe, meQueryKey } from './auth.ts';

/** The signed-in user (`GET /auth/me`), loaded once per session. */
export function useMe() {
  return useQuery<Me>({
    queryKey: meQueryKey,
    queryFn: ({ signal }) => fetchMe(signal),
    staleTime: Infinity,
    retry: false,
    meta: { errorPolicy: 'inline' },
  });
}

/** For components under `RequireAuth`, where `Me` is always loaded. */
export function useCurrentUser(): Me {
  const { data } = useMe();
  if (!data) throw new Error('useCurrentUser outside RequireAuth');
  return data;
}
