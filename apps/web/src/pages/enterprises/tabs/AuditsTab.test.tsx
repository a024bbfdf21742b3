import { describe, expect, it } from 'vitest';
import { MemoryRouter } from 'react-router';
import type { EnterpriseAudit } from '@cpaudit/contracts';
import AuditsTab from './AuditsTab.tsx';
import { renderHtml, textOf } from '../../../testing/render.tsx';

describe('enterprise page: the 审核记录 tab', () => {
  it('shows each audit with its type, mode, state and dates in Chinese, a dash for a missing date, and a link to /audits/:id', async () => {
    const audits: EnterpriseAudit[] = [
      { id: 12, listYear: 2025, auditType: 'mandatory', mode: 'standard', state: 'disclosed', publishedAt: '2025-03-10', disclosureDue: '2025-04-09', reportDue: '2026-03-10', acceptedOn: null },
      { id: 7, listYear: 2023, auditType: 'voluntary', mode: 'simplified', state: 'accepted', publishedAt: '2023-02-01', disclosureDue: null, reportDue: '2024-02-01', acceptedOn: '2024-06-18' },
    ];
    const html = await renderHtml(
      <MemoryRouter>
        <AuditsTab enterpriseId={5} />
      </MemoryRouter>,
      [[['enterprises', 'audits', 5], audits]],
    );
    expect(textOf(html, 'enterprise-audit-12')).toBe('2025强制性标准流程已公开信息2025-03-102025-04-092026-03-10—查看审核');
    expect(textOf(html, 'enterprise-audit-7')).toBe('2023自愿性简易流程验收通过2023-02-01—2024-02-012024-06-18查看审核');
    expect(html).toContain('href="/audits/12"');
    expect(html).toContain('href="/audits/7"');
  });

  it('with no audits, says so', async () => {
    const html = await renderHtml(
      <MemoryRouter>
        <AuditsTab enterpriseId={5} />
      </MemoryRouter>,
      [[['enterprises', 'audits', 5], []]],
    );
    expect(html).toContain('该企业暂无清洁生产审核记录');
  });
});
