/**
 * The public information service API (issue 8 §4): public reads (no login) and the region staff's
 * content editing. Open data links are plain URLs the browser downloads.
 */
import type { Article, Case, PortalCollection, PortalFile, PublicStats, SearchHit, Technology } from '@cpaudit/contracts';
import { api, uploadWithProgress } from './api.ts';
import type { Page } from './registry.ts';

export interface ItemOf {
  articles: Article;
  technologies: Technology;
  cases: Case;
}

export interface PortalListFilters {
  current?: number;
  pageSize?: number;
  kind?: 'policy' | 'news' | undefined;
  category?: string | undefined;
  industry?: string | undefined;
  q?: string | undefined;
}

/** Published items of a collection (public). */
export const fetchPublicList = <C extends PortalCollection>(c: C, f: PortalListFilters, signal?: AbortSignal) =>
  api.get<Page<ItemOf[C]>>(`/public/content/${c}`, { query: { ...f }, signal });

/** One published item (public; 404 when a draft). */
export const fetchPublicItem = <C extends PortalCollection>(c: C, id: number, signal?: AbortSignal) =>
  api.get<ItemOf[C]>(`/public/content/${c}/${id}`, { signal });

/** Search over published content. */
export const searchPublic = (q: string, current: number, pageSize: number, signal?: AbortSignal) =>
  api.get<Page<SearchHit>>('/public/search', { query: { q, current, pageSize }, signal });

/** Public statistics (aggregates of published lists; empty until lists are published). */
export const fetchPublicStats = (signal?: AbortSignal) => api.get<PublicStats>('/public/stats', { signal });

/** The URL of a collection's CSV download and of its JSON open-data API. */
export const openDataUrls = (c: PortalCollection) => ({ csv: `/api/v1/open-data/${c}/csv`, json: `/api/v1/open-data/${c}?pageSize=100` });

/** Console: all items including drafts. */
export const fetchAdminList = <C extends PortalCollection>(c: C, f: PortalListFilters, signal?: AbortSignal) =>
  api.get<Page<ItemOf[C]>>(`/portal/${c}`, { query: { ...f }, signal });

export const createPortalItem = <C extends PortalCollection>(c: C, body: Record<string, unknown>) => api.post<ItemOf[C]>(`/portal/${c}`, body);

export const updatePortalItem = <C extends PortalCollection>(c: C, id: number, body: Record<string, unknown> & { version: number }) =>
  api.put<ItemOf[C]>(`/portal/${c}/${id}`, body);

export const setPortalItemStatus = <C extends PortalCollection>(c: C, id: number, action: 'publish' | 'unpublish', version: number) =>
  api.post<ItemOf[C]>(`/portal/${c}/${id}/${action}`, { version });

/**
 * Console: uploads `file` as an attachment of article `articleId` (multipart field `file`), reporting
 * the percentage sent; resolves to the stored file (type read from the content by the server).
 */
export function uploadArticleFile(articleId: number, file: File, onProgress: (percent: number) => void): Promise<PortalFile> {
  const form = new FormData();
  form.append('file', file, file.name);
  return uploadWithProgress<PortalFile>(`/portal/articles/${articleId}/files`, form, onProgress);
}

/** Console: removes an attachment file of an article. */
export const deleteArticleFile = (articleId: number, fileId: number) => api.delete<void>(`/portal/articles/${articleId}/files/${fileId}`);

/** Console download of an article's file (drafts too; the public uses `PortalFile.url`, published articles only). */
export const consoleFileUrl = (fileId: number) => `/api/v1/documents/${fileId}`;

/** A size in bytes for people: `512 B`, `12.3 KB`, `4.5 MB` (1 KB = 1024 B). */
export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Where a search hit opens in the portal. */
export function hitPath(hit: Pick<SearchHit, 'type' | 'id' | 'title'>): string {
  switch (hit.type) {
    case 'policy':
    case 'news':
      return `/public/articles/${hit.id}`;
    case 'technology':
      return `/public/technologies/${hit.id}`;
    case 'case':
      return `/public/cases/${hit.id}`;
    case 'listedEnterprise':
      // The published lists, searched for the enterprise (its disclosure and audit progress show there).
      return `/public/lists?q=${encodeURIComponent(hit.title)}`;
  }
}

/** The collections in display order (a local copy: importing values from the contracts index would pull zod into the public pages). */
export const portalCollectionList = ['articles', 'technologies', 'cases'] as const satisfies readonly PortalCollection[];
