/**
 * Server-side rendering of a web component for unit tests (Vitest, Node, no DOM): the component is
 * rendered to HTML with the Chinese texts and a query cache filled beforehand, so a test can assert
 * what a table cell or label shows without a browser. Queries are never fetched (no effects run).
 */
import type { ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { QueryClient, QueryClientProvider, type QueryKey } from '@tanstack/react-query';
import { I18nextProvider } from 'react-i18next';
// the app's own setup: zh-CN texts (no stored language in Node)
import i18n from '../i18n.ts';

const i18nReady = new Promise<void>((resolve) => {
  if (i18n.isInitialized) resolve();
  else i18n.on('initialized', () => resolve());
});

/**
 * The HTML of `node`, rendered with zh-CN texts and the query cache holding `data` (query key →
 * the value its query would return).
 * @param node the element to render
 * @param data cached query results, e.g. `[[['enterprises', 'history', 1], entries]]`
 */
export async function renderHtml(node: ReactNode, data: [QueryKey, unknown][] = []): Promise<string> {
  await i18nReady;
  const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  for (const [key, value] of data) client.setQueryData(key, value);
  return renderToStaticMarkup(
    <I18nextProvider i18n={i18n}>
      <QueryClientProvider client={client}>{node}</QueryClientProvider>
    </I18nextProvider>,
  );
}

/**
 * The text of the element carrying `data-testid="<testId>"` in `html` (tags removed, entities
 * `&amp;` `&lt;` `&gt;` `&quot;` `&#x27;` decoded); throws, naming the test id, when it is absent.
 */
export function textOf(html: string, testId: string): string {
  const at = html.indexOf(`data-testid="${testId}"`);
  if (at < 0) throw new Error(`textOf: no element with data-testid="${testId}" in the rendered HTML`);
  const open = html.lastIndexOf('<', at);
  const tag = /^<([a-zA-Z0-9]+)/.exec(html.slice(open))![1]!;
  // the element's end: the closing tag that balances the opening ones of the same name
  let depth = 0;
  const re = new RegExp(`<(/?)${tag}(?=[\\s>/])[^>]*>`, 'g');
  re.lastIndex = open;
  let end = html.length;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    if (m[0].endsWith('/>')) continue;
    depth += m[1] ? -1 : 1;
    if (depth === 0) {
      end = m.index;
      break;
    }
  }
  return html
    .slice(open, end)
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, '&');
}
