/**
 * A safe Markdown subset for the public portal's policy and news bodies (issue 8 §4): parsed into
 * plain data that the web renders as React elements, so no HTML from the text ever reaches the page
 * (no `dangerouslySetInnerHTML`; `<script>` stays literal text).
 *
 * Supported: paragraphs (blank-line separated; single newlines join), headings `#`–`####`, bullet
 * lists (`-`, `*`), numbered lists (`1.`), `**bold**`, and links `[text](url)` whose url is
 * `http(s)://…` or a site path `/…`. Any other link (e.g. `javascript:`) stays as its literal text.
 */

/** Inline content. */
export type MdInline = { kind: 'text'; text: string } | { kind: 'strong'; text: string } | { kind: 'link'; text: string; href: string };

/** Block content. */
export type MdBlock =
  | { kind: 'heading'; level: 1 | 2 | 3 | 4; content: MdInline[] }
  | { kind: 'paragraph'; content: MdInline[] }
  | { kind: 'list'; ordered: boolean; items: MdInline[][] };

/** True for `http://…`, `https://…` and `/path` (not `//host`). */
export function isSafeHref(href: string): boolean {
  return /^https?:\/\/[^\s<>"]+$/i.test(href) || /^\/(?!\/)[^\s<>"]*$/.test(href);
}

const INLINE = /\[([^\]\n]+)\]\(([^)\s]+)\)|\*\*([^*\n]+)\*\*/g;

/** Splits one line of text into text, bold and link pieces. Example: `见[法](https://a.cn)` → text `见`, link `法`. */
export function parseInline(s: string): MdInline[] {
  const out: MdInline[] = [];
  let last = 0;
  const push = (text: string) => {
    if (!text) return;
    const prev = out[out.length - 1];
    if (prev?.kind === 'text') prev.text += text;
    else out.push({ kind: 'text', text });
  };
  for (const m of s.matchAll(INLINE)) {
    push(s.slice(last, m.index));
    if (m[1] !== undefined) {
      if (isSafeHref(m[2]!)) out.push({ kind: 'link', text: m[1], href: m[2]! });
      else push(m[0]);
    } else out.push({ kind: 'strong', text: m[3]! });
    last = m.index + m[0].length;
  }
  push(s.slice(last));
  return out;
}

/** Parses Markdown text into blocks (see the module comment for the subset). */
export function parseMarkdown(src: string): MdBlock[] {
  const blocks: MdBlock[] = [];
  let para: string[] = [];
  let list: { ordered: boolean; items: MdInline[][] } | null = null;
  const flushPara = () => {
    if (para.length) blocks.push({ kind: 'paragraph', content: parseInline(para.join(' ')) });
    para = [];
  };
  const flushList = () => {
    if (list) blocks.push({ kind: 'list', ...list });
    list = null;
  };
  for (const raw of src.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trim();
    if (!line) {
      flushPara();
      flushList();
      continue;
    }
    const h = /^(#{1,4})\s+(.*)$/.exec(line);
    const bullet = /^[-*]\s+(.*)$/.exec(line);
    const numbered = /^\d{1,3}[.)]\s+(.*)$/.exec(line);
    if (h) {
      flushPara();
      flushList();
      blocks.push({ kind: 'heading', level: h[1]!.length as 1 | 2 | 3 | 4, content: parseInline(h[2]!) });
    } else if (bullet || numbered) {
      flushPara();
      const ordered = !!numbered;
      const current = list as { ordered: boolean; items: MdInline[][] } | null;
      if (current && current.ordered !== ordered) flushList();
      list ??= { ordered, items: [] };
      list.items.push(parseInline((bullet ?? numbered)![1]!));
    } else {
      flushList();
      para.push(line);
    }
  }
  flushPara();
  flushList();
  return blocks;
}

/** The plain text of parsed blocks (for snippets and tests). */
export function markdownToText(src: string): string {
  return parseMarkdown(src)
    .map((b) => (b.kind === 'list' ? b.items.map((i) => i.map((x) => x.text).join('')).join('\n') : b.content.map((x) => x.text).join('')))
    .join('\n');
}
