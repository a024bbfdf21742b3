/**
 * The authorisation matrix: every API route x every demo role x own / other area.
 * A route missing from ROUTES fails the coverage test, so no endpoint ships untested.
 */
import { sql } from 'drizzle-orm';
import { usccCheckChar } from '@cpaudit/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedPortalDemoFiles } from '../src/db/portal-demo.ts';
import { backends, createTestApp, putAuditsInState, qyDemoAudit, type Agent, type TestApp } from './support.ts';
import scoringSystem from '../../../packages/domain/test/fixtures/scoring/system.json' with { type: 'json' };
import scoringCases from '../../../packages/domain/test/fixtures/scoring/cases.json' with { type: 'json' };

/** Paths of the indicator-system routes, filled in beforeAll (a complete definition stored for the matrix). */
const indicator = { systemId: 0, definitionId: 0 };
/** The account the account-management routes act on, and the public organisation a new account joins (filled in beforeAll). */
const account = { id: 0, publicOrgId: 0 };
const ALL_READ = 200;
/** Every demo user refused (403); spread and override the users who get further. */
const NONE = { admin: 403, auditor: 403, gx_dee: 403, gx_drc: 403, nn_eeb: 403, nn_drc: 403, nn_xn: 403, qy_demo: 403, jg_demo: 403, zj_demo: 403, gz_demo: 403 } as const;
/** Every demo user refused (403) but `users`, who get `status`. */
function only(status: Expect, ...users: readonly User[]): Record<User, Expect> {
  return { ...NONE, ...Object.fromEntries(users.map((u) => [u, status])) };
}
/** The region's DEE and DRC officers get `ok`, everyone else 403. */
const REGION_MANAGE = (ok: number) => only(ok, 'gx_dee', 'gx_drc');
/** The officials of the demo: region DEE and DRC, 南宁's EEB and DRC, 兴宁区's bureau. */
const OFFICIALS = ['gx_dee', 'gx_drc', 'nn_eeb', 'nn_drc', 'nn_xn'] as const;
/** Holders of dashboard.view: the officials, the enterprise, the agency and the expert. */
const DASHBOARD_VIEWERS = [...OFFICIALS, 'qy_demo', 'jg_demo', 'zj_demo'] as const;
/**
 * Officials on an area-scoped record: the region answers `status` for both records, 南宁's EEB,
 * DRC and 兴宁区's bureau `status` inside their area and 403 outside it. Spread over {@link NONE}.
 */
const inArea = (status: number) => ({
  gx_dee: { own: status, other: status },
  gx_drc: { own: status, other: status },
  nn_eeb: { own: status, other: 403 },
  nn_drc: { own: status, other: 403 },
  nn_xn: { own: status, other: 403 },
});

type Expect = number | { own: number; other: number };
// The matrix's own audit (qy_demo's) is registered in 兴宁区 (450102) by the panel fixture, so nn_xn is its county.
const NN_XN_OWN_READ = 200;
const NN_XN_OWN_ACT = 409;
/**
 * Who reads the matrix's two audits (own: qy_demo's, other: the 柳州 audit that jg_demo's agency
 * consults on) and their documents: officials of the audit's area, the enterprise, its consulting
 * agency and the experts of its panel (zj_demo sits on the own audit's evaluation panel).
 */
const AUDIT_READERS = {
  ...NONE,
  ...inArea(200),
  nn_xn: { own: NN_XN_OWN_READ, other: 403 },
  qy_demo: { own: 200, other: 403 },
  jg_demo: { own: 403, other: 200 },
  zj_demo: { own: 200, other: 403 },
} satisfies Record<User, Expect>;

let optionCodes = 0;
/** Bodies of the options-register routes of the matrix. */
function optionMatrixBody(method: string, url: string, _id: number): unknown {
  const benefits = { energy: { electricity: 1000 }, waterM3: 0, rawMaterials: [], reductions: {}, economicBenefitWan: 1 };
  const option = { code: `M${++optionCodes}`, name: '矩阵测试方案', costClass: 'low', direction: 'management', investmentWan: 1, dataYear: 2022, expected: benefits };
  if (url.endsWith('/preview')) return { dataYear: 2022, benefits };
  if (url.endsWith('/feasibility')) return { investment: 100, annualBenefit: 30, life: 10, taxRate: 0.25, discountRate: 0.1 };
  if (url.endsWith('/stated-totals')) return { version: 999, stated: {}, focuses: [] };
  if (url.endsWith('/levels')) return { stage: 'before', definitionId: indicator.definitionId, values: {} };
  if (method === 'PUT') return { ...option, version: 999 };
  return option;
}

/** Demo accounts by role (see src/db/demo.ts). */
const USERS = ['admin', 'auditor', 'gx_dee', 'gx_drc', 'nn_eeb', 'nn_drc', 'nn_xn', 'qy_demo', 'jg_demo', 'zj_demo', 'gz_demo'] as const;
type User = (typeof USERS)[number];

/**
 * For each route: the expected status per user. `own`/`other` routes are called twice, with a
 * record inside the user's area and one outside it (see `targets`).
 */
type IdKind = 'enterprise' | 'run' | 'candidate' | 'list' | 'agency' | 'plan' | 'doc' | 'auditDoc' | 'city' | 'audit' | 'option' | 'panel' | 'application' | 'portalArticle' | 'account';
const ROUTES: { method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'; url: string; path?: string; suffix?: string; ids?: IdKind; body?: (id: number) => unknown; expect: Record<User, Expect> | Expect }[] = [
  // Options register (issue 7): audits/options of qy_demo's 南宁 audit (own) and of a 柳州 audit (other).
  ...(
    [
      ['GET', '/api/v1/audits/:id/options', 'audit', 200, undefined],
      ['POST', '/api/v1/audits/:id/options', 'audit', 201, undefined],
      ['POST', '/api/v1/audits/:id/options/preview', 'audit', 200, undefined],
      ['GET', '/api/v1/options/:id', 'option', 200, undefined],
      // Stale version: 409 once the permission and area checks pass.
      ['PUT', '/api/v1/options/:id', 'option', 409, undefined],
      ['DELETE', '/api/v1/options/:id', 'option', 409, '?version=999'],
      ['POST', '/api/v1/options/:id/feasibility', 'option', 200, undefined],
      ['GET', '/api/v1/audits/:id/performance', 'audit', 200, undefined],
      ['GET', '/api/v1/audits/:id/completeness', 'audit', 200, undefined],
      ['PUT', '/api/v1/audits/:id/stated-totals', 'audit', 409, undefined],
      ['GET', '/api/v1/audits/:id/levels', 'audit', 200, undefined],
      // The matrix's indicator definition is a draft: 422 RULE_VIOLATION once access passes.
      ['PUT', '/api/v1/audits/:id/levels', 'audit', 422, undefined],
    ] as const
  ).map(([method, url, ids, ok, suffix]) => {
    const write = method !== 'GET' && !url.endsWith('/preview');
    const read = { own: ok, other: 200 };
    const city = { own: ok, other: 403 };
    return {
      method,
      url,
      ids,
      suffix,
      body: (id: number) => optionMatrixBody(method, url, id),
      expect: {
        ...NONE,
        gx_dee: write ? 403 : read,
        gx_drc: write ? 403 : read,
        nn_eeb: write ? 403 : city,
        nn_drc: write ? 403 : city,
        // The panel fixture registers qy_demo's audit in 兴宁区 (450102): nn_xn's county reads it.
        nn_xn: write ? 403 : { own: ok, other: 403 },
        qy_demo: { own: ok, other: 403 },
        // Agencies: the audits they consult on (audits.consulting_agency_id): the 柳州 audit is
        // started with jg_demo's agency in the demo, qy_demo's is not.
        jg_demo: { own: 403, other: ok },
        // Experts read the options of the audits whose panel they sit on (zj_demo: the own audit).
        zj_demo: write ? 403 : { own: ok, other: 403 },
      } satisfies Record<User, Expect>,
    };
  }),
  ...(['/api/v1/stats/reductions', '/api/v1/stats/reductions.xlsx'] as const).map((url) => ({
    method: 'GET' as const,
    url,
    path: `${url}?groupBy=industry`,
    expect: only(200, ...OFFICIALS) satisfies Record<User, Expect>,
  })),
  // Working-day calendar (issue 6 item 3): officials and the system administrator read it; the region DEE and the
  // system administrator add a year (an empty body: 400 once the permission passes, nothing stored).
  ...(['/api/v1/work-calendar', '/api/v1/work-calendar/deadlines'] as const).map((url) => ({
    method: 'GET' as const,
    url,
    path: url.endsWith('/deadlines') ? `${url}?published=2025-03-10` : url,
    expect: only(200, 'admin', ...OFFICIALS) satisfies Record<User, Expect>,
  })),
  { method: 'POST', url: '/api/v1/work-calendar', expect: { ...NONE, admin: 400, gx_dee: 400 } },
  // Voluntary-audit applications (issue 5 item 1): officials read those of their area, the enterprise applies and reads
  // its own, the city (EEB or DRC) accepts or declines those of its city (a stale version: 409 once access passes).
  {
    method: 'GET',
    url: '/api/v1/voluntary-applications',
    expect: only(200, ...OFFICIALS),
  },
  { method: 'GET', url: '/api/v1/my/voluntary-applications', expect: { ...NONE, qy_demo: 200 } },
  { method: 'POST', url: '/api/v1/my/voluntary-applications', body: () => ({ listYear: 2028, reason: '矩阵测试申请' }), expect: { ...NONE, qy_demo: 201 } },
  ...(['accept', 'decline'] as const).map((step) => ({
    method: 'POST' as const,
    url: `/api/v1/voluntary-applications/:id/${step}`,
    ids: 'application' as const,
    body: () => ({ version: 999, reason: '矩阵测试' }),
    expect: { ...NONE, nn_eeb: { own: 409, other: 403 }, nn_drc: { own: 409, other: 403 } } satisfies Record<User, Expect>,
  })),
  // Park/cluster grouping (issue 6 item 1): the city EEB of the audit's area only. A stale version: 409 once access
  // passes; removing the audit itself as a member of itself is already true (no member), so answered as it stands (200).
  ...(
    [
      ['PUT', '/api/v1/audits/:id/mode', 409],
      ['POST', '/api/v1/audits/:id/members', 409],
      ['POST', '/api/v1/audits/:id/remove-member', 200],
    ] as const
  ).map(([method, url, ok]) => ({
    method,
    url,
    ids: 'audit' as const,
    body: (id: number) => ({ version: 999, mode: 'cluster', memberAuditId: id }),
    expect: { ...NONE, nn_eeb: { own: ok, other: 403 } } satisfies Record<User, Expect>,
  })),
  // Expert pool and consulting agencies (issue 6 items 6–7).
  {
    method: 'GET',
    url: '/api/v1/experts',
    expect: only(200, 'gx_dee', 'gx_drc', 'nn_eeb', 'nn_drc'),
  },
  {
    method: 'POST',
    url: '/api/v1/experts',
    body: () => ({ name: '矩阵测试专家', employerName: '广西大学', employerUscc: null, specialities: ['chemical'], cityCode: '450100' }),
    expect: only(201, 'gx_dee'),
  },
  {
    method: 'PATCH',
    url: '/api/v1/experts/:id',
    path: '/api/v1/experts/1',
    // A stale version: 409 once the permission and area checks pass.
    body: () => ({ version: 999, title: '教授' }),
    expect: only(409, 'gx_dee'),
  },
  {
    method: 'GET',
    url: '/api/v1/experts/import-template.xlsx',
    expect: only(200, 'gx_dee'),
  },
  {
    method: 'POST',
    url: '/api/v1/experts/import',
    // An empty JSON body instead of a file.
    expect: only(400, 'gx_dee'),
  },
  {
    method: 'GET',
    url: '/api/v1/agencies',
    expect: only(200, 'gx_dee', 'gx_drc', 'nn_eeb', 'nn_drc', 'nn_xn', 'qy_demo', 'jg_demo'),
  },
  {
    method: 'GET',
    url: '/api/v1/agencies/:id',
    ids: 'agency',
    expect: { ...only({ own: 200, other: 200 }, ...OFFICIALS, 'qy_demo'), jg_demo: { own: 200, other: 403 } },
  },
  {
    method: 'POST',
    url: '/api/v1/agencies',
    body: () => {
      const first17 = '91450100MA5K77777';
      return { name: '矩阵测试咨询机构', uscc: first17 + usccCheckChar(first17), divisionCode: '450100' };
    },
    expect: only(201, 'gx_dee'),
  },
  {
    method: 'PATCH',
    url: '/api/v1/agencies/:id',
    ids: 'agency',
    body: () => ({ version: 999, contactPhone: '0771-0000000' }),
    expect: { ...NONE, gx_dee: { own: 409, other: 409 }, jg_demo: { own: 409, other: 403 } },
  },
  // Expert panels and scoring (issue 6 items 7–8). Own: the audit of qy_demo's enterprise (兴宁区, 南宁) with a
  // drawn evaluation panel on which zj_demo's expert sits; other: a 柳州 audit with its panel (see beforeAll).
  {
    method: 'POST',
    url: '/api/v1/audits/:id/panels',
    ids: 'audit',
    // Both audits are in evaluation already: an acceptance draw is refused once the access checks pass.
    body: () => ({ stage: 'acceptance' }),
    expect: { ...NONE, nn_eeb: { own: 409, other: 403 } },
  },
  {
    method: 'GET',
    url: '/api/v1/audits/:id/panels',
    ids: 'audit',
    expect: { ...NONE, ...inArea(200), qy_demo: { own: 200, other: 403 } },
  },
  ...(
    [
      ['POST', '/api/v1/panels/:id/redraw', () => ({ version: 999, reason: '矩阵测试' })],
      ['POST', '/api/v1/panels/:id/members/:memberId/replace', () => ({ version: 999, reason: '矩阵测试' })],
      ['POST', '/api/v1/panels/:id/decide', () => ({ version: 999 })],
    ] as const
  ).map(([method, url, body]) => ({ method, url, ids: 'panel' as const, body, expect: { ...NONE, nn_eeb: { own: 409, other: 403 } } satisfies Record<User, Expect> })),
  {
    method: 'GET',
    url: '/api/v1/panels/:id/opinion.docx',
    ids: 'panel',
    // Not decided yet: 422 once the access checks pass.
    expect: { ...NONE, ...inArea(422), qy_demo: { own: 422, other: 403 } },
  },
  { method: 'GET', url: '/api/v1/my/assignments', expect: { ...NONE, zj_demo: 200 } },
  // zj_demo sits on the own panel only; a stale version → 409, no saved sheet to submit → 404.
  { method: 'PUT', url: '/api/v1/panels/:id/sheets/mine', ids: 'panel', body: () => ({ version: 999, items: {}, vetoes: [], comment: '' }), expect: { ...NONE, zj_demo: { own: 409, other: 403 } } },
  { method: 'POST', url: '/api/v1/panels/:id/sheets/mine/submit', ids: 'panel', body: () => ({ version: 1 }), expect: { ...NONE, zj_demo: { own: 404, other: 403 } } },
  { method: 'GET', url: '/api/health', expect: 200 },
  { method: 'GET', url: '/api/ready', expect: 200 },
  { method: 'GET', url: '/api/openapi.json', expect: 200 },
  { method: 'GET', url: '/api/v1/divisions', expect: 200 },
  { method: 'GET', url: '/api/v1/key-industries', expect: 200 },
  { method: 'GET', url: '/api/v1/auth/me', expect: 200 },
  { method: 'POST', url: '/api/v1/auth/login', expect: 400 /* empty body */ },
  { method: 'POST', url: '/api/v1/auth/logout', expect: 204 },
  { method: 'POST', url: '/api/v1/auth/password', expect: 400 /* empty body */ },
  {
    method: 'GET',
    url: '/api/v1/stats/overview',
    expect: only(200, ...DASHBOARD_VIEWERS),
  },
  // Dashboard (issue 8): figures are filtered by the caller's own area, so every holder of dashboard.view gets 200.
  {
    method: 'GET',
    url: '/api/v1/dashboard/summary',
    expect: only(200, ...DASHBOARD_VIEWERS),
  },
  {
    method: 'GET',
    url: '/api/v1/dashboard/summary.xlsx',
    expect: only(200, ...DASHBOARD_VIEWERS),
  },
  {
    method: 'GET',
    url: '/api/v1/dashboard/my-audits',
    expect: only(200, ...DASHBOARD_VIEWERS),
  },
  // Agency home: only the caller agency's own audits (others get an empty home), so dashboard.view gives 200.
  {
    method: 'GET',
    url: '/api/v1/dashboard/agency-audits',
    expect: only(200, ...DASHBOARD_VIEWERS),
  },
  // Official documents of the region (issue 8 item 5): region officials only.
  {
    method: 'POST',
    url: '/api/v1/documents/region-summary.docx',
    body: () => ({ listYear: 2025, overview: '矩阵', problems: '', nextSteps: '' }),
    expect: only(200, 'gx_dee', 'gx_drc'),
  },
  {
    method: 'POST',
    url: '/api/v1/documents/summary-stage.docx',
    body: () => ({ fromYear: 2021, toYear: 2023, narrative: '' }),
    expect: only(200, 'gx_dee', 'gx_drc'),
  },
  {
    method: 'GET',
    url: '/api/v1/enterprises',
    expect: only(200, 'gx_dee', 'gx_drc', 'nn_eeb', 'nn_drc', 'nn_xn', 'qy_demo', 'jg_demo'),
  },
  {
    method: 'GET',
    url: '/api/v1/enterprises/:id',
    expect: { ...NONE, ...inArea(200), qy_demo: { own: 200, other: 403 }, jg_demo: { own: 403, other: 403 } },
  },
  // The enterprise's audits tab (审核记录) authorises like the other detail tabs, with audit.read.
  ...(['/api/v1/enterprises/:id/detail', '/api/v1/enterprises/:id/environmental', '/api/v1/enterprises/:id/history', '/api/v1/enterprises/:id/audits'] as const).map((url) => ({
    method: 'GET' as const,
    url,
    expect: { ...NONE, ...inArea(200), qy_demo: { own: 200, other: 403 }, jg_demo: { own: 403, other: 403 } } satisfies Record<User, Expect>,
  })),
  {
    method: 'GET',
    url: '/api/v1/enterprises/:id/screening',
    expect: { ...NONE, ...inArea(200) },
  },
  {
    method: 'GET',
    url: '/api/v1/enterprises/export.xlsx',
    expect: only(200, ...OFFICIALS),
  },
  {
    method: 'POST',
    url: '/api/v1/enterprises',
    body: () => newEnterpriseBody('450102'),
    expect: only(201, 'gx_dee', 'nn_eeb', 'nn_xn'),
  },
  {
    method: 'PATCH',
    url: '/api/v1/enterprises/:id',
    body: () => ({ contactPhone: '0771-5550000' }),
    expect: {
      ...NONE,
      gx_dee: { own: 200, other: 200 },
      nn_eeb: { own: 200, other: 403 },
      nn_xn: { own: 200, other: 403 },
      qy_demo: { own: 200, other: 403 },
    },
  },
  {
    method: 'GET',
    url: '/api/v1/imports/templates/:kind',
    path: '/api/v1/imports/templates/energy',
    expect: only(200, 'gx_dee', 'nn_eeb'),
  },
  {
    method: 'POST',
    url: '/api/v1/imports/:kind',
    path: '/api/v1/imports/energy',
    // An empty JSON body instead of a file: refused before or after the permission check.
    expect: only(400, 'gx_dee', 'nn_eeb'),
  },
  {
    method: 'GET',
    url: '/api/v1/imports',
    expect: only(200, 'gx_dee', 'nn_eeb'),
  },
  ...(['/api/v1/imports/:id', '/api/v1/imports/:id/errors.xlsx'] as const).map((url) => ({
    method: 'GET' as const,
    url,
    path: url.replace(':id', '999999'),
    expect: only(404, 'gx_dee', 'nn_eeb') satisfies Record<User, Expect>,
  })),
  {
    method: 'POST',
    url: '/api/v1/key-industries',
    body: () => ({ key: `local_${Math.random().toString(36).slice(2, 10)}`, nameZh: '本地测试行业', codes: ['2110'] }),
    expect: only(201, 'gx_dee', 'nn_eeb'),
  },
  {
    method: 'PUT',
    url: '/api/v1/key-industries/:key/codes',
    path: '/api/v1/key-industries/packaging_printing/codes',
    body: () => ({ codes: ['2311', '2312', '2319'] }),
    expect: only(200, 'gx_dee'),
  },
  {
    method: 'GET',
    url: '/api/v1/audit-log',
    expect: only(200, 'auditor'),
  },
  {
    method: 'GET',
    url: '/api/v1/users',
    expect: only(200, 'admin', 'auditor'),
  },
  // Account management (system administrator only; the security auditor reads the list above). The :id routes act on an
  // account made for the matrix (not a demo user, whose shared session disabling would end); creation gives a new one.
  { method: 'GET', url: '/api/v1/users/choices', expect: { ...NONE, admin: 200 } },
  {
    method: 'POST',
    url: '/api/v1/users',
    body: () => ({ username: 'matrix_new', displayName: '矩阵新账号', role: 'publicUser', orgId: account.publicOrgId }),
    expect: { ...NONE, admin: 201 },
  },
  { method: 'PATCH', url: '/api/v1/users/:id', ids: 'account', body: () => ({ displayName: '矩阵测试账号（改）' }), expect: { ...NONE, admin: 200 } },
  ...(['disable', 'enable', 'unlock', 'reset-password'] as const).map((step) => ({
    method: 'POST' as const,
    url: `/api/v1/users/:id/${step}`,
    ids: 'account' as const,
    expect: { ...NONE, admin: 200 } satisfies Record<User, Expect>,
  })),
  {
    method: 'POST',
    url: '/api/v1/screening/runs',
    body: () => ({ dataYear: 2025 }),
    expect: only(201, 'gx_dee', 'nn_eeb'),
  },
  {
    method: 'GET',
    url: '/api/v1/screening/runs',
    expect: only(200, ...OFFICIALS),
  },
  ...(['/api/v1/screening/runs/:id', '/api/v1/screening/runs/:id/results', '/api/v1/screening/runs/:id/results.xlsx'] as const).map((url) => ({
    method: 'GET' as const,
    url,
    ids: 'run' as const,
    expect: { ...NONE, ...inArea(200) } satisfies Record<User, Expect>,
  })),
  {
    method: 'GET',
    url: '/api/v1/screening/rule-sets',
    expect: only(200, ...OFFICIALS),
  },
  {
    method: 'POST',
    url: '/api/v1/screening/rule-sets',
    body: () => ({ version: `matrix-${Math.random().toString(36).slice(2, 10)}` }),
    expect: only(201, 'gx_dee'),
  },
  {
    method: 'POST',
    url: '/api/v1/screening/rule-sets/:version/publish',
    path: '/api/v1/screening/rule-sets/order38-art8-art12.v1/publish',
    expect: only(204, 'gx_dee'),
  },
  {
    method: 'POST',
    url: '/api/v1/screening/compare',
    body: () => ({ dataYear: 2025, baseVersion: 'order38-art8-art12.v1', candidateVersion: 'order38-art8-art12.v1' }),
    expect: only(200, 'gx_dee'),
  },
  {
    method: 'POST',
    url: '/api/v1/screening/reviews',
    ids: 'candidate',
    body: (id: number) => ({ dataYear: 2025, enterpriseId: id, decision: 'confirm' }),
    expect: { ...NONE, nn_eeb: { own: 201, other: 403 } },
  },
  {
    method: 'POST',
    url: '/api/v1/screening/reviews/confirm-batch',
    ids: 'candidate',
    body: (id: number) => ({ dataYear: 2025, enterpriseIds: [id] }),
    expect: {
      admin: 403,
      auditor: 403,
      gx_dee: 403,
      gx_drc: 403,
      nn_eeb: { own: 200, other: 403 },
      nn_drc: 403,
      nn_xn: 403,
      qy_demo: 403,
      jg_demo: 403,
      zj_demo: 403,
      gz_demo: 403,
    },
  },
  // ---------------------------------------------------------------- audit lists (issue 5)
  {
    method: 'GET',
    url: '/api/v1/lists',
    expect: only(200, ...OFFICIALS),
  },
  {
    method: 'POST',
    url: '/api/v1/lists',
    body: () => ({ listYear: 2026 }),
    expect: only(200, 'nn_eeb', 'nn_drc'),
  },
  {
    method: 'GET',
    url: '/api/v1/lists/:id',
    ids: 'list',
    expect: { ...NONE, ...inArea(200) },
  },
  {
    method: 'POST',
    url: '/api/v1/lists/:id/entries',
    ids: 'list',
    // An unknown enterprise: 404 once the list is authorised.
    body: () => ({ version: 999999, enterpriseId: 999999999, auditType: 'voluntary' }),
    expect: { ...NONE, nn_eeb: { own: 404, other: 403 }, nn_drc: { own: 404, other: 403 }, nn_xn: { own: 404, other: 403 } },
  },
  {
    method: 'POST',
    url: '/api/v1/lists/:id/remove-entry',
    ids: 'list',
    // A stale version: 409 once the list is authorised.
    body: () => ({ version: 999999, entryId: 999999 }),
    expect: { ...NONE, nn_eeb: { own: 409, other: 403 }, nn_drc: { own: 409, other: 403 }, nn_xn: { own: 409, other: 403 } },
  },
  {
    method: 'POST',
    url: '/api/v1/lists/:id/submit',
    ids: 'list',
    body: () => ({ version: 999999 }),
    expect: { ...NONE, nn_eeb: { own: 409, other: 403 }, nn_drc: { own: 409, other: 403 } },
  },
  ...(['approve', 'return'] as const).map((step) => ({
    method: 'POST' as const,
    url: `/api/v1/lists/:id/${step}`,
    ids: 'list' as const,
    body: () => ({ version: 999999, comment: '矩阵测试意见' }),
    expect: { ...NONE, gx_dee: { own: 409, other: 409 }, gx_drc: { own: 409, other: 409 } } satisfies Record<User, Expect>,
  })),
  {
    method: 'POST',
    url: '/api/v1/lists/publish',
    // No approved list of 2031: 422 for the one who may publish.
    body: () => ({ listYear: 2031, documentNo: '桂环函〔2031〕1号', publishedOn: '2031-03-03' }),
    expect: only(422, 'gx_dee'),
  },
  ...(['/api/v1/lists/publications', '/api/v1/lists/export.xlsx', '/api/v1/lists/export.docx'] as const).map((url) => ({
    method: 'GET' as const,
    url,
    path: `${url}?listYear=2026`,
    expect: only(200, ...OFFICIALS) satisfies Record<User, Expect>,
  })),
  { method: 'GET', url: '/api/v1/public/lists', expect: 200 },
  { method: 'GET', url: '/api/v1/public/lists/publications', expect: 200 },
  { method: 'GET', url: '/api/v1/public/lists.csv', path: '/api/v1/public/lists.csv?listYear=2025', expect: 200 },
  { method: 'GET', url: '/api/v1/public/lists.xlsx', path: '/api/v1/public/lists.xlsx?listYear=2025', expect: 200 },
  ...(['/api/v1/exchange/audit-lists', '/api/v1/exchange/audit-lists.csv'] as const).map((url) => ({
    method: 'GET' as const,
    url,
    expect: only(200, 'gx_dee', 'gx_drc') satisfies Record<User, Expect>,
  })),
  // The audit workflow (issue 6 items 1, 2, 4, 5, 11, 12). own: qy_demo's 南宁 audit; other: a 柳州 audit,
  // which the demo has started with jg_demo's agency (so jg_demo, its consultant, reaches it).
  { method: 'GET', url: '/api/v1/audits', expect: only(200, ...DASHBOARD_VIEWERS) },
  { method: 'GET', url: '/api/v1/audits/overdue-summary', expect: only(200, ...DASHBOARD_VIEWERS) },
  ...(['/api/v1/audits/:id', '/api/v1/audits/:id/disclosure-form'] as const).map((url) => ({
    method: 'GET' as const,
    url,
    ids: 'audit' as const,
    expect: AUDIT_READERS,
  })),
  {
    method: 'POST',
    url: '/api/v1/audits/:id/actions/:action',
    ids: 'audit',
    // A stale version: 409 once the permission and area (or party) checks pass.
    body: () => ({ version: 999999 }),
    expect: {
      ...NONE,
      gx_dee: { own: 409, other: 409 },
      nn_eeb: { own: 409, other: 403 },
      nn_xn: { own: NN_XN_OWN_ACT, other: 403 },
      qy_demo: { own: 409, other: 403 },
      jg_demo: { own: 403, other: 409 },
    },
  },
  {
    method: 'POST',
    url: '/api/v1/audits/:id/documents',
    ids: 'audit',
    // No ?kind= and no file: 400 once the permission check passes.
    expect: only({ own: 400, other: 400 }, 'gx_dee', 'nn_eeb', 'nn_xn', 'qy_demo', 'jg_demo'),
  },
  { method: 'GET', url: '/api/v1/public/audits/:id/disclosure', path: '/api/v1/public/audits/999999/disclosure', expect: 404 },
  { method: 'POST', url: '/api/v1/public/enterprise-registrations', body: () => ({}), expect: 400 },
  {
    method: 'GET',
    url: '/api/v1/enterprise-registrations',
    expect: only(200, 'nn_eeb', 'nn_xn'),
  },
  ...(['approve', 'reject'] as const).map((d) => ({
    method: 'POST' as const,
    url: `/api/v1/enterprise-registrations/:id/${d}`,
    path: `/api/v1/enterprise-registrations/999999/${d}`,
    expect: only(404, 'nn_eeb', 'nn_xn') satisfies Record<User, Expect>,
  })),
  { method: 'GET', url: '/api/v1/notifications', expect: 200 },
  { method: 'POST', url: '/api/v1/notifications/:id/read', path: '/api/v1/notifications/999999/read', expect: 404 },
  { method: 'GET', url: '/api/v1/indicator-systems', expect: ALL_READ },
  {
    method: 'GET',
    url: '/api/v1/indicator-systems/:id/definitions/:definitionId',
    get path() {
      return `/api/v1/indicator-systems/${indicator.systemId}/definitions/${indicator.definitionId}`;
    },
    expect: ALL_READ,
  },
  {
    method: 'POST',
    url: '/api/v1/indicator-systems/:id/definitions',
    get path() {
      return `/api/v1/indicator-systems/${indicator.systemId}/definitions`;
    },
    body: () => ({ definition: scoringSystem }),
    expect: REGION_MANAGE(201),
  },
  {
    method: 'POST',
    url: '/api/v1/indicator-systems/:id/definitions/:definitionId/publish',
    get path() {
      return `/api/v1/indicator-systems/${indicator.systemId}/definitions/${indicator.definitionId}/publish`;
    },
    body: () => ({ rowVersion: 1 }),
    // the first region officer publishes; the second finds it published (200, published: false)
    expect: REGION_MANAGE(200),
  },
  {
    method: 'POST',
    url: '/api/v1/indicator-systems/:id/definitions/:definitionId/score',
    get path() {
      return `/api/v1/indicator-systems/${indicator.systemId}/definitions/${indicator.definitionId}/score`;
    },
    body: () => ({ values: scoringCases[0]!.values }),
    expect: ALL_READ,
  },
  // ---- action plans, yearly reports, documents (issue 5 items 5–6)
  {
    method: 'POST',
    url: '/api/v1/action-plans',
    // The city's draft exists already (beforeAll): 200 with it.
    expect: only(200, 'nn_eeb', 'nn_drc'),
  },
  ...(
    [
      ['GET', '/api/v1/action-plans/:id', undefined, 200],
      ['PUT', '/api/v1/action-plans/:id', () => ({ version: 999_999, targets: [], narrative: '' }), 409 /* stale version */],
      ['POST', '/api/v1/action-plans/:id/submit', () => ({ version: 999_999 }), 422 /* no targets */],
      ['POST', '/api/v1/action-plans/:id/documents', undefined, 400 /* not multipart */],
    ] as const
  ).map(([method, url, body, cityOwn]) => ({
    method,
    url,
    ids: 'plan' as const,
    ...(body ? { body } : {}),
    expect: {
      ...NONE,
      // The region reads plans everywhere but drafts none.
      gx_dee: method === 'GET' ? { own: 200, other: 200 } : 403,
      gx_drc: method === 'GET' ? { own: 200, other: 200 } : 403,
      nn_eeb: { own: cityOwn, other: 403 },
      nn_drc: { own: cityOwn, other: 403 },
    } satisfies Record<User, Expect>,
  })),
  {
    method: 'POST',
    url: '/api/v1/action-plans/:id/review',
    ids: 'plan',
    body: () => ({ version: 999_999, decision: 'approve' }),
    expect: { ...NONE, gx_dee: { own: 409, other: 409 }, gx_drc: { own: 409, other: 409 } },
  },
  {
    method: 'GET',
    url: '/api/v1/documents/:id',
    ids: 'doc',
    expect: {
      ...NONE,
      gx_dee: { own: 200, other: 200 },
      gx_drc: { own: 200, other: 200 },
      nn_eeb: { own: 200, other: 403 },
      nn_drc: { own: 200, other: 403 },
    },
  },
  {
    // Audit documents: one on qy_demo's audit (own) and one on the 柳州 audit of jg_demo's agency
    // (other). Parties read them as they read the audit: the enterprise, the consulting agency, the
    // experts of its panel (zj_demo sits on the own audit's panel), officials of its area.
    method: 'GET',
    url: '/api/v1/documents/:id',
    ids: 'auditDoc',
    expect: AUDIT_READERS,
  },
  {
    method: 'GET',
    url: '/api/v1/reporting/status',
    path: '/api/v1/reporting/status?year=2025',
    expect: only(200, 'gx_dee', 'gx_drc', 'nn_eeb', 'nn_drc'),
  },
  ...(
    [
      ['GET', '/api/v1/annual-reports/:cityCode/:year', undefined, 200, 200],
      ['GET', '/api/v1/annual-reports/:cityCode/:year/export.docx', undefined, 200, 200],
      ['PUT', '/api/v1/annual-reports/:cityCode/:year', () => ({ version: 999_999, narrative: 'x' }), 409 /* stale version */, 403],
      ['POST', '/api/v1/annual-reports/:cityCode/:year/submit', () => ({ version: 999_999 }), 422 /* no narrative */, 403],
    ] as const
  ).map(([method, url, body, cityOwn, region]) => ({
    method,
    url,
    ids: 'city' as const,
    ...(body ? { body } : {}),
    expect: {
      ...NONE,
      gx_dee: region === 200 ? { own: 200, other: 200 } : 403,
      gx_drc: region === 200 ? { own: 200, other: 200 } : 403,
      nn_eeb: { own: cityOwn, other: 403 },
      nn_drc: { own: cityOwn, other: 403 },
    } satisfies Record<User, Expect>,
  })),
  {
    method: 'PUT',
    url: '/api/v1/annual-report-settings/:year',
    path: '/api/v1/annual-report-settings/2030',
    body: () => ({ dueDate: '2031-02-28', reminderDays: 7 }),
    expect: only(200, 'gx_dee'),
  },
  // Public portal (issue 8 §4): public reads for everyone, editing for region DEE officers only.
  ...(
    [
      ['/api/v1/public/content/:collection', '/api/v1/public/content/articles'],
      ['/api/v1/public/content/:collection/:id', '/api/v1/public/content/articles/1'],
      ['/api/v1/public/search', '/api/v1/public/search?q=%E6%B8%85%E6%B4%81'],
      ['/api/v1/public/stats', '/api/v1/public/stats'],
      ['/api/v1/open-data/:collection', '/api/v1/open-data/technologies?updatedSince=2020-01-01'],
      ['/api/v1/open-data/:collection/csv', '/api/v1/open-data/cases/csv'],
    ] as const
  ).map(([url, path]) => ({ method: 'GET' as const, url, path, expect: 200 })),
  ...(
    [
      ['/api/v1/portal/:collection', '/api/v1/portal/articles'],
      ['/api/v1/portal/:collection/:id', '/api/v1/portal/technologies/1'],
    ] as const
  ).map(([url, path]) => ({
    method: 'GET' as const,
    url,
    path,
    expect: only(200, 'gx_dee') satisfies Record<User, Expect>,
  })),
  {
    method: 'POST',
    url: '/api/v1/portal/:collection',
    path: '/api/v1/portal/cases',
    body: () => ({ name: '矩阵测试案例', industry: '电镀' }),
    expect: only(201, 'gx_dee'),
  },
  // Attachment files of articles: the public downloads a published article's file (the demo policy's, seeded in
  // beforeAll; `:fileId` filled in there); only region DEE officers upload (not multipart: 400 once access passes)
  // and delete (a missing article: 404 once access passes).
  { method: 'GET', url: '/api/v1/public/content/articles/:id/files/:fileId', ids: 'portalArticle', expect: 200 },
  {
    method: 'POST',
    url: '/api/v1/portal/articles/:id/files',
    path: '/api/v1/portal/articles/999999/files',
    expect: only(400, 'gx_dee'),
  },
  {
    method: 'DELETE',
    url: '/api/v1/portal/articles/:id/files/:fileId',
    path: '/api/v1/portal/articles/999999/files/999999',
    expect: only(404, 'gx_dee'),
  },
  // A missing item: the permission is checked first (403), then the item (404).
  ...(
    [
      ['PUT', '/api/v1/portal/:collection/:id', '/api/v1/portal/cases/999999'],
      ['POST', '/api/v1/portal/:collection/:id/publish', '/api/v1/portal/cases/999999/publish'],
      ['POST', '/api/v1/portal/:collection/:id/unpublish', '/api/v1/portal/cases/999999/unpublish'],
    ] as const
  ).map(([method, url, path]) => ({
    method,
    url,
    path,
    body: () => ({ name: '矩阵测试案例', version: 1 }),
    expect: only(404, 'gx_dee') satisfies Record<User, Expect>,
  })),
];

let created = 0;
/** A new enterprise in `county` with a valid, unique credit code. */
function newEnterpriseBody(county: string) {
  created++;
  const first17 = `91${county}${String(880000000 + created).padStart(9, '0')}`;
  return { uscc: first17 + usccCheckChar(first17), name: `矩阵测试企业${created}`, divisionCode: county, industryCodes: ['3011'] };
}

describe.each(backends)('authorisation matrix on %s', (kind) => {
  let t: TestApp;
  const agents = new Map<User, Agent>();
  /** Per user: an enterprise id inside its area and one outside it. */
  const targets = new Map<User, { own: number; other: number }>();
  /** A region-wide screening run (own: visible to every official) and a 柳州 run (other). */
  const runs = { own: 0, other: 0 };
  /** Screening candidates of 2025: one in 南宁 (own for 南宁 users) and one in 柳州. */
  const candidates = { own: 0, other: 0 };
  /** Action-plan drafts of 南宁 (own) and 柳州 (other), one document on each, and the two city codes. */
  const plans = { own: 0, other: 0 };
  const docs = { own: 0, other: 0 };
  /** One document on each of the two audits below (owner type `audit`). */
  const auditDocs = { own: 0, other: 0 };
  const cities = { own: 450100, other: 450200 };
  /** The 2026 list drafts of 南宁 (own for 南宁 users) and 柳州. */
  const lists = { own: 0, other: 0 };
  /** Consulting agencies: jg_demo's own (绿源, 南宁) and another (柳州). */
  const agencyIds = { own: 0, other: 0 };
  /** qy_demo's 2025 audit (南宁, own) and a 柳州 audit (other): one option each, then an evaluation panel drawn (state evaluation). */
  const auditIds = { own: 0, other: 0 };
  const optionIds = { own: 0, other: 0 };
  const panelIds = { own: 0, other: 0 };
  /** Voluntary-audit applications for 2027: qy_demo's enterprise (南宁, own) and a 柳州 enterprise (other). */
  const applicationIds = { own: 0, other: 0 };
  /** The demo policy with a seeded attachment file (both areas: portal content is region-wide), and that file. */
  const portalArticleIds = { own: 0, other: 0 };
  let portalFileId = 0;

  beforeAll(async () => {
    t = await createTestApp(kind);
    for (const u of USERS) agents.set(u, await t.login(u));
    account.publicOrgId = (await t.database.rows<{ id: number }>(sql`select id from orgs where kind = 'public' order by id limit 1`))[0]!.id;
    account.id = (await t.database.rows<{ id: number }>(sql`insert into users (username, display_name, password_hash, role, org_id)
      values ('matrix_target', '矩阵测试账号', 'not-a-hash', 'publicUser', ${account.publicOrgId}) returning id`))[0]!.id;
    const pick = async (where: ReturnType<typeof sql>) =>
      (await t.database.rows<{ id: number }>(sql`select id from enterprises e where ${where} order by id limit 1`))[0]!.id;
    const qy = await qyDemoAudit(t.database);
    const nanning = await pick(sql`e.division_code like '4501%'`);
    const liuzhou = await pick(sql`e.division_code like '4502%'`);
    const xingning = await pick(sql`e.division_code = '450102'`);
    const qingxiu = await pick(sql`e.division_code = '450103'`);
    for (const u of USERS) targets.set(u, { own: nanning, other: liuzhou });
    targets.set('nn_xn', { own: xingning, other: qingxiu });
    targets.set('qy_demo', { own: qy.enterpriseId, other: nanning === qy.enterpriseId ? liuzhou : nanning });
    runs.own = (await agents.get('gx_dee')!.post('/api/v1/screening/runs', { dataYear: 2025 })).json().id;
    runs.other = (await agents.get('gx_dee')!.post('/api/v1/screening/runs', { dataYear: 2025, cityCode: '450200' })).json().id;
    // Fresh drafts for 南宁 and 柳州, and no reports (the demo data's plans and reports are removed first).
    await t.database.rows(sql`delete from action_plans`);
    await t.database.rows(sql`delete from annual_reports`);
    plans.own = (await agents.get('nn_eeb')!.post('/api/v1/action-plans', {})).json().id;
    plans.other = (await (await t.login('lz_eeb')).post('/api/v1/action-plans', {})).json().id;
    const { Readable } = await import('node:stream');
    for (const which of ['own', 'other'] as const) {
      const info = await t.app.documents.store(t.database.db, {
        ownerType: 'actionPlan', ownerId: plans[which], kind: 'attachment', fileName: 'plan.pdf',
        stream: Readable.from([Buffer.from(`%PDF-1.4 ${which}`)]), uploadedBy: null, at: new Date(),
      });
      docs[which] = info.id;
    }
    const cand = async (prefix: string) =>
      (await t.database.rows<{ enterprise_id: number }>(sql`select enterprise_id from screening_results where run_id = ${runs.own} and division_code like ${`${prefix}%`} order by enterprise_id limit 1`))[0]!.enterprise_id;
    indicator.systemId = (await t.database.rows<{ id: number }>(sql`select id from indicator_systems where title = '钢铁行业清洁生产评价指标体系'`))[0]!.id;
    indicator.definitionId = (await agents.get('gx_dee')!.post(`/api/v1/indicator-systems/${indicator.systemId}/definitions`, { definition: { ...scoringSystem, name: '矩阵测试' } })).json().id;
    candidates.own = await cand('4501');
    candidates.other = await cand('4502');
    lists.own = (await agents.get('nn_eeb')!.post('/api/v1/lists', { listYear: 2026 })).json().id;
    lists.other = (await (await t.login('lz_eeb')).post('/api/v1/lists', { listYear: 2026 })).json().id;
    const agencyRows = await t.database.rows<{ id: number; jg: boolean }>(
      sql`select a.id, exists (select 1 from users u where u.org_id = a.org_id and u.username = 'jg_demo') as jg from consulting_agencies a order by a.id`,
    );
    agencyIds.own = agencyRows.find((a) => a.jg)!.id;
    agencyIds.other = agencyRows.find((a) => !a.jg)!.id;
    for (const [which, enterpriseId] of [['own', qy.enterpriseId], ['other', liuzhou]] as const) {
      applicationIds[which] = (await t.database.rows<{ id: number }>(sql`insert into voluntary_applications (enterprise_id, list_year, city_code, county_code, reason)
        select id, 2027, substr(division_code, 1, 4) || '00', division_code, '矩阵测试' from enterprises where id = ${enterpriseId} returning id`))[0]!.id;
    }
    auditIds.own = qy.auditId;
    auditIds.other = (await t.database.rows<{ id: number }>(sql`select id from audits where city_code = '450200' order by id limit 1`))[0]!.id;
    await putAuditsInState(t.database, [auditIds.own, auditIds.other], 'started');
    for (const which of ['own', 'other'] as const) {
      const rows = await t.database.rows<{ id: number }>(sql`
        insert into cp_options (audit_id, enterprise_id, county_code, city_code, key_industry, list_year, data_year, code, name, cost_class, direction, factor_version)
        select id, enterprise_id, county_code, city_code, key_industry, list_year, 2022, 'MX', '矩阵测试方案', 'high', 'equipment', 'test' from audits where id = ${auditIds[which]} returning id`);
      optionIds[which] = rows[0]!.id;
    }
    // Panels: both audits in reportSubmitted (key industry 化工, which has eligible experts for both), drawn by their city.
    // The own audit is registered in 兴宁区 so that nn_xn (兴宁区) is its county (a fixture choice).
    await t.database.rows(sql`update audits set county_code = '450102' where id = ${auditIds.own}`);
    await putAuditsInState(t.database, [auditIds.own, auditIds.other], 'reportSubmitted', sql`key_industry = 'chemical'`);
    panelIds.own = (await agents.get('nn_eeb')!.post(`/api/v1/audits/${auditIds.own}/panels`, { stage: 'evaluation', seed: 1 })).json().id;
    panelIds.other = (await (await t.login('lz_eeb')).post(`/api/v1/audits/${auditIds.other}/panels`, { stage: 'evaluation', seed: 1 })).json().id;
    // zj_demo's expert takes the second seat of the own panel (unless already seated).
    const zj = (await t.database.rows<{ id: number }>(sql`select x.id from experts x join users u on u.id = x.user_id where u.username = 'zj_demo'`))[0]!.id;
    await t.database.rows(
      sql`update panel_members set expert_id = ${zj} where panel_id = ${panelIds.own} and seat = 2
            and not exists (select 1 from panel_members m where m.panel_id = ${panelIds.own} and m.expert_id = ${zj})`,
    );
    for (const which of ['own', 'other'] as const) {
      const info = await t.app.documents.store(t.database.db, {
        ownerType: 'audit', ownerId: auditIds[which], kind: 'auditReport', fileName: 'report.pdf',
        stream: Readable.from([Buffer.from(`%PDF-1.4 audit ${which}`)]), uploadedBy: null, at: new Date(),
      });
      auditDocs[which] = info.id;
    }
    await seedPortalDemoFiles(t.database, t.app.documents, new Date());
    const [portalFile] = await t.database.rows<{ id: number; owner_id: number }>(sql`select id, owner_id from documents where owner_type = 'portalArticle' order by id limit 1`);
    portalArticleIds.own = portalArticleIds.other = portalFile!.owner_id;
    portalFileId = portalFile!.id;
    // …and not on the other panel (the draw may have seated it there: swap in someone not on it).
    await t.database.rows(
      sql`update panel_members set expert_id = (select x.id from experts x where x.id <> ${zj}
            and x.id not in (select m.expert_id from panel_members m where m.panel_id = ${panelIds.other}) order by x.id limit 1)
          where panel_id = ${panelIds.other} and expert_id = ${zj}`,
    );
  });
  afterAll(async () => {
    await t.close();
  });

  it('when the app is built, then every API route appears in the matrix', () => {
    const listed = new Set(ROUTES.map((r) => `${r.method} ${r.url}`));
    const actual = t.app.apiRoutes.map((r) => `${r.method} ${r.url}`);
    expect(actual.filter((r) => !listed.has(r))).toEqual([]);
    expect([...listed].filter((r) => !actual.includes(r))).toEqual([]);
  });

  const cases = ROUTES.flatMap((route) =>
    USERS.flatMap((user) => {
      const e = typeof route.expect === 'number' || 'own' in route.expect ? route.expect : route.expect[user];
      const exp = e as Expect;
      if (typeof exp === 'number') return [{ route, user, which: null as 'own' | 'other' | null, status: exp }];
      return (['own', 'other'] as const).map((which) => ({ route, user, which, status: exp[which] }));
    }),
  );

  it.each(cases.map((c) => [`${c.route.method} ${c.route.url}`, c.user, c.which ?? '-', c.status, c] as const))(
    'when %s is called by %s (%s area), then %i',
    async (_r, user, _w, status, c) => {
      // Log in afresh for logout so the shared agent survives.
      const agent = c.route.url.endsWith('/logout') ? await t.login(user) : agents.get(user)!;
      const pools = { run: runs, candidate: candidates, list: lists, agency: agencyIds, plan: plans, doc: docs, auditDoc: auditDocs, city: cities, audit: auditIds, option: optionIds, panel: panelIds, application: applicationIds, portalArticle: portalArticleIds, account: { own: account.id, other: account.id } };
      const pool = c.route.ids && c.route.ids !== 'enterprise' ? pools[c.route.ids] : targets.get(user)!;
      const id = c.which ? pool[c.which] : pool.own;
      const url =
        (c.route.path ?? c.route.url.replace(':id', String(id)).replace(':cityCode', String(id)).replace(':year', '2025').replace(':memberId', '1').replace(':action', 'disclose').replace(':fileId', String(portalFileId))) +
        (c.route.suffix ?? '');
      const body = c.route.body ? c.route.body(id) : {};
      const res =
        c.route.method === 'GET'
          ? await agent.get(url)
          : c.route.method === 'PATCH'
            ? await agent.patch(url, body)
            : c.route.method === 'PUT'
              ? await agent.put(url, body)
              : c.route.method === 'DELETE'
                ? await agent.delete(url)
                : await agent.post(url, body);
      expect(res.statusCode, res.body.slice(0, 200)).toBe(status);
      if (status === 403) expect(['FORBIDDEN', 'OUT_OF_SCOPE']).toContain(res.json().error.code);
    },
  );

  it('when a route needs a login and none is sent, then 401 UNAUTHENTICATED', async () => {
    for (const url of ['/api/v1/auth/me', '/api/v1/stats/overview', '/api/v1/enterprises', '/api/v1/enterprises/1']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(401);
      expect(res.json().error.code).toBe('UNAUTHENTICATED');
    }
  });

  it('when a city user reads another city\'s enterprise, then OUT_OF_SCOPE, the denial is audited, and a region user may read it', async () => {
    const other = targets.get('nn_eeb')!.other;
    const res = await agents.get('nn_eeb')!.get(`/api/v1/enterprises/${other}`);
    expect(res.json().error.code).toBe('OUT_OF_SCOPE');
    const denied = await t.database.rows<{ action: string; object_id: string }>(
      sql`select action, object_id from audit_log where actor_username = 'nn_eeb' and result = 'denied' order by id desc limit 1`,
    );
    expect(denied[0]).toEqual({ action: 'enterprise.read', object_id: String(other) });
    expect((await agents.get('gx_dee')!.get(`/api/v1/enterprises/${other}`)).statusCode).toBe(200);
  });

  it('when a city user lists enterprises, then every row is in the city and the total matches the city\'s rows', async () => {
    const res = await agents.get('nn_eeb')!.get('/api/v1/enterprises?pageSize=200');
    const body = res.json();
    const expected = (await t.database.rows<{ division_code: string }>(sql`select division_code from enterprises`)).filter((r) =>
      r.division_code.startsWith('4501'),
    ).length;
    expect(body.total).toBe(expected);
    expect(body.data.every((e: { divisionCode: string }) => e.divisionCode.startsWith('4501'))).toBe(true);
    const filtered = await agents.get('nn_eeb')!.get('/api/v1/enterprises?divisionCode=450200');
    expect(filtered.json().total).toBe(0);
  });

  it('when an enterprise user lists enterprises, then it sees only itself', async () => {
    const body = (await agents.get('qy_demo')!.get('/api/v1/enterprises')).json();
    expect(body.total).toBe(1);
    expect(body.data[0].id).toBe(targets.get('qy_demo')!.own);
  });
});
