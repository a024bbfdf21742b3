/** Expert panels, scoring sheets and the expert's assignments (issue 6 items 7–8; issue 8 item 2). */
import type { Assignment, Panel, PanelStage, ScoreSheet, ScoreSheetInput } from '@cpaudit/contracts';
import { api, download } from './api.ts';

export type { Assignment, Panel, PanelStage, ScoreSheet };

export const fetchPanels = (auditId: number, signal?: AbortSignal) => api.get<Panel[]>(`/audits/${auditId}/panels`, { signal });
export const drawPanel = (auditId: number, body: { stage: PanelStage; size?: number; seed?: number }) => api.post<Panel>(`/audits/${auditId}/panels`, body);
export const redrawPanel = (panelId: number, body: { version: number; reason: string; seed?: number }) => api.post<Panel>(`/panels/${panelId}/redraw`, body);
export const replaceMember = (panelId: number, memberId: number, body: { version: number; reason: string; seed?: number }) =>
  api.post<Panel>(`/panels/${panelId}/members/${memberId}/replace`, body);
export const decidePanel = (panelId: number, version: number) => api.post<{ panel: Panel; auditState: string }>(`/panels/${panelId}/decide`, { version });
export const downloadOpinion = (panel: Panel) => download(`/panels/${panel.id}/opinion.docx`, undefined, `opinion-${panel.id}.docx`);

export const fetchAssignments = (signal?: AbortSignal) => api.get<Assignment[]>('/my/assignments', { signal });
export const saveSheet = (panelId: number, body: ScoreSheetInput) => api.put<ScoreSheet>(`/panels/${panelId}/sheets/mine`, body);
export const submitSheet = (panelId: number, version: number) => api.post<ScoreSheet>(`/panels/${panelId}/sheets/mine/submit`, { version });
