/** The import engine's console API (issue 3 §3): templates, upload, job polling, error report, history. */
import type { ImportJob, ImportKind } from '@cpaudit/contracts';
import { api, download, upload } from './api.ts';

/** The five kinds in the order of issue 3 §4 (literals type-checked against the contracts). */
export const importKindList = ['enterprises', 'exceedances', 'quotas', 'hazardous', 'energy'] as const satisfies readonly ImportKind[];

/** Largest file the console accepts (the server checks again). */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

export const downloadTemplate = (kind: ImportKind) => download(`/imports/templates/${kind}`, undefined, `${kind}-template.xlsx`);

export function startImport(kind: ImportKind, file: File, opts: { dryRun: boolean; skipInvalid: boolean }): Promise<ImportJob> {
  const form = new FormData();
  form.append('file', file, file.name);
  return upload<ImportJob>(`/imports/${kind}`, form, { dryRun: opts.dryRun, skipInvalid: opts.skipInvalid });
}

export const fetchImportJob = (id: number, signal?: AbortSignal) => api.get<ImportJob>(`/imports/${id}`, { signal });
export const fetchImportJobs = (signal?: AbortSignal) => api.get<ImportJob[]>('/imports', { signal });
export const downloadErrorReport = (id: number) => download(`/imports/${id}/errors.xlsx`, undefined, `import-${id}-errors.xlsx`);
