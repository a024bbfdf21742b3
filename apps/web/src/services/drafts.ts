/**
 * Form drafts kept for the browser session (`sessionStorage`, keys under {@link DRAFT_PREFIX}), e.g.
 * the narrative of the region's yearly summary. They are the signed-in user's unreleased text, so
 * signing out (or a session the server ended) removes them: the next person at a shared browser
 * cannot read them.
 */
export const DRAFT_PREFIX = 'cpaudit.draft.';

/** A draft; `undefined` when none or unreadable. */
export function loadDraft<T>(key: string): Partial<T> | undefined {
  try {
    const raw = sessionStorage.getItem(key);
    return raw === null ? undefined : (JSON.parse(raw) as Partial<T>);
  } catch {
    return undefined;
  }
}

/** Keeps a draft; storage full or disabled: the form still works, the text is just not kept. */
export function saveDraft(key: string, value: unknown): void {
  try {
    sessionStorage.setItem(key, JSON.stringify(value));
  } catch {
    // not kept
  }
}

/** Removes every draft (sign-out, session ended). */
export function clearDrafts(): void {
  try {
    for (const key of Object.keys(sessionStorage)) if (key.startsWith(DRAFT_PREFIX)) sessionStorage.removeItem(key);
  } catch {
    // storage disabled: nothing kept
  }
}
