/** The indicator-system API (issue 7 item 5): catalogue, definition versions, import, publish, try scoring. */
import type { DefinitionIssue, IndicatorCatalogueEntry, IndicatorDefinition, IndicatorScoreResponse } from '@cpaudit/contracts';
import { api } from './api.ts';

export type IndicatorValue = number | 'I' | 'II' | 'III' | 'none' | null;
export interface ImportResult {
  id: number;
  version: number;
  created: boolean;
  complete: boolean;
  issues: DefinitionIssue[];
}

export const fetchCatalogue = (signal?: AbortSignal) => api.get<IndicatorCatalogueEntry[]>('/indicator-systems', { signal });
export const fetchDefinition = (systemId: number, definitionId: number, signal?: AbortSignal) =>
  api.get<IndicatorDefinition>(`/indicator-systems/${systemId}/definitions/${definitionId}`, { signal });
export const importDefinition = (systemId: number, definition: unknown, source?: string) =>
  api.post<ImportResult>(`/indicator-systems/${systemId}/definitions`, { definition, ...(source ? { source } : {}) });
export const publishDefinition = (systemId: number, definitionId: number, rowVersion: number) =>
  api.post<{ published: boolean }>(`/indicator-systems/${systemId}/definitions/${definitionId}/publish`, { rowVersion });
export const tryScore = (systemId: number, definitionId: number, values: Record<string, IndicatorValue>) =>
  api.post<IndicatorScoreResponse>(`/indicator-systems/${systemId}/definitions/${definitionId}/score`, { values });

/**
 * Parses the editor's JSON text. Returns the value, or the parser's message with the line and
 * column of the error (computed from the character position the engine reports, when it does).
 */
export function parseJsonText(text: string): { value: unknown; error: null } | { value: null; error: string } {
  try {
    return { value: JSON.parse(text), error: null };
  } catch (e) {
    const msg = (e as Error).message;
    const pos = /position (\d+)/.exec(msg);
    if (pos) {
      const before = text.slice(0, Number(pos[1]));
      const line = before.split('\n').length;
      const col = before.length - before.lastIndexOf('\n');
      return { value: null, error: `${msg} (line ${line}, column ${col})` };
    }
    return { value: null, error: msg };
  }
}
