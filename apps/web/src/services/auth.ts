import type { ChangePasswordBody, LoginBody, Me } from '@cpaudit/contracts';
import { api, setCsrfToken } from './api.ts';
import { markSignedIn, markSignedOut } from './error-policy.ts';
import { clearDrafts } from './drafts.ts';

export const meQueryKey = ['auth', 'me'] as const;

export async function fetchMe(signal?: AbortSignal): Promise<Me> {
  const me = await api.get<Me>('/auth/me', { signal });
  setCsrfToken(me.csrfToken);
  markSignedIn();
  return me;
}

export async function login(body: LoginBody): Promise<Me> {
  const me = await api.post<Me>('/auth/login', body);
  setCsrfToken(me.csrfToken);
  markSignedIn();
  return me;
}

export async function logout(): Promise<void> {
  try {
    await api.post<void>('/auth/logout');
  } finally {
    setCsrfToken(null);
    markSignedOut();
    clearDrafts();
  }
}

export function changePassword(body: ChangePasswordBody): Promise<void> {
  return api.post<void>('/auth/password', body);
}
