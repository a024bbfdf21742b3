import { describe, expect, it } from 'vitest';
import { isSafeHref, parseInline, parseMarkdown } from './markdown.ts';

describe('safe Markdown subset', () => {
  it('when a body has a heading, a paragraph over two lines and a list, then three blocks', () => {
    expect(parseMarkdown('## 要点\n\n第一行\n第二行\n\n- 甲\n- **乙**')).toEqual([
      { kind: 'heading', level: 2, content: [{ kind: 'text', text: '要点' }] },
      { kind: 'paragraph', content: [{ kind: 'text', text: '第一行 第二行' }] },
      { kind: 'list', ordered: false, items: [[{ kind: 'text', text: '甲' }], [{ kind: 'strong', text: '乙' }]] },
    ]);
  });

  it('when a numbered list follows a bullet list, then they are two lists', () => {
    const blocks = parseMarkdown('- a\n1. b\n2. c');
    expect(blocks.map((b) => (b.kind === 'list' ? [b.ordered, b.items.length] : b.kind))).toEqual([
      [false, 1],
      [true, 2],
    ]);
  });

  it.each([
    ['https://flk.npc.gov.cn/', true],
    ['http://a.cn/x?y=1', true],
    ['/public/policies', true],
    ['//evil.example', false],
    ['javascript:alert(1)', false],
    ['data:text/html,<b>', false],
    ['JAVASCRIPT:alert(1)', false],
  ])('when a link points to %s, then safe is %s', (href, ok) => {
    expect(isSafeHref(href)).toBe(ok);
  });

  it('when a link is javascript:, then it stays literal text; an https link becomes a link', () => {
    expect(parseInline('[点](javascript:alert(1)) 和 [法](https://a.cn)')).toEqual([
      { kind: 'text', text: '[点](javascript:alert(1)) 和 ' },
      { kind: 'link', text: '法', href: 'https://a.cn' },
    ]);
  });

  it('when the text contains HTML, then it is kept as text (rendering escapes it)', () => {
    expect(parseMarkdown('<script>alert(1)</script>')).toEqual([{ kind: 'paragraph', content: [{ kind: 'text', text: '<script>alert(1)</script>' }] }]);
  });
});
