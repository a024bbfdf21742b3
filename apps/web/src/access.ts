import type { Me, Permission } from '@cpaudit/contracts';

/** Whether the user holds a permission. The server checks again on every request; this only shapes the UI. */
export function hasPermission(me: Pick<Me, 'permissions'> | null | undefined, permission: Permission | null): boolean {
  if (permission === null) return true;
  return !!me && (me.permissions as readonly string[]).includes(permission);
}
