import { Typography } from 'antd';
// The subpath keeps zod (the rest of the contracts) out of the public pages' bundle.
import { parseMarkdown, type MdInline } from '@cpaudit/contracts/markdown';

function Inline({ items }: { items: MdInline[] }) {
  return (
    <>
      {items.map((x, i) =>
        x.kind === 'text' ? (
          <span key={i}>{x.text}</span>
        ) : x.kind === 'strong' ? (
          <strong key={i}>{x.text}</strong>
        ) : (
          <a key={i} href={x.href} target={x.href.startsWith('/') ? undefined : '_blank'} rel="noopener noreferrer nofollow">
            {x.text}
          </a>
        ),
      )}
    </>
  );
}

/**
 * Renders the safe Markdown subset of `@cpaudit/contracts` (markdown.ts) as React elements: all text
 * goes through React's escaping; only http(s) and site-path links become anchors.
 */
export default function Markdown({ source, testId }: { source: string; testId?: string }) {
  return (
    <Typography data-testid={testId}>
      {parseMarkdown(source).map((b, i) => {
        if (b.kind === 'heading') {
          const level = Math.min(5, b.level + 1) as 2 | 3 | 4 | 5;
          return (
            <Typography.Title key={i} level={level}>
              <Inline items={b.content} />
            </Typography.Title>
          );
        }
        if (b.kind === 'paragraph')
          return (
            <Typography.Paragraph key={i}>
              <Inline items={b.content} />
            </Typography.Paragraph>
          );
        const items = b.items.map((it, j) => (
          <li key={j}>
            <Inline items={it} />
          </li>
        ));
        return b.ordered ? <ol key={i}>{items}</ol> : <ul key={i}>{items}</ul>;
      })}
    </Typography>
  );
}
