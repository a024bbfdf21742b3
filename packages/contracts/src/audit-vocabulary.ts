/**
 * The audit workflow's vocabulary — states, actions, modes and the action names in both languages —
 * in a module without zod, so that the console's locale files (loaded on every page, the login page
 * included) can import it through `@cpaudit/contracts/audit-vocabulary` without pulling the
 * contracts index and zod into the first load (issue 8 benchmark: ≤ 400 KB of gzipped JS per page).
 * `audits.ts` re-exports everything here.
 */
export const auditStateValues = [
  'listed', 'disclosed', 'started', 'reportSubmitted', 'evaluation', 'evaluationPassed', 'evaluationFailed',
  'implementing', 'acceptanceApplied', 'acceptance', 'accepted', 'acceptanceFailed', 'rolledOver',
] as const;
export type AuditStateValue = (typeof auditStateValues)[number];

/**
 * The names of the audit states (where an audit stands: 企业环境信息依法披露管理办法 art. 14 — how the
 * audit went, the evaluation and acceptance results), one source for the server (public CSV / xlsx
 * column 审核进展: `zh-CN`) and the console (locale `dashboard.state`, both languages).
 */
export const auditStateLabels: Readonly<Record<'zh-CN' | 'en-US', Readonly<Record<AuditStateValue, string>>>> = {
  'zh-CN': { listed: '已列入名单', disclosed: '已公布信息', started: '审核中', reportSubmitted: '已报送报告', evaluation: '评估中', evaluationPassed: '评估通过', evaluationFailed: '评估未通过', implementing: '方案实施中', acceptanceApplied: '已申请验收', acceptance: '验收中', accepted: '验收通过', acceptanceFailed: '验收未通过', rolledOver: '转入下一年' },
  'en-US': { listed: 'Listed', disclosed: 'Disclosed', started: 'Started', reportSubmitted: 'Report submitted', evaluation: 'Under evaluation', evaluationPassed: 'Evaluation passed', evaluationFailed: 'Evaluation failed', implementing: 'Implementing', acceptanceApplied: 'Acceptance applied', acceptance: 'Under acceptance', accepted: 'Accepted', acceptanceFailed: 'Acceptance failed', rolledOver: 'Rolled over' },
};
export const auditActionValues = [
  'discloseMember', 'disclose', 'start', 'submitReport', 'drawPanel', 'passEvaluation', 'failEvaluation',
  'startImplementation', 'applyForAcceptance', 'passAcceptance', 'failAcceptance', 'rollOver',
] as const;
export const auditModeValues = ['standard', 'simplified', 'park', 'cluster'] as const;
export type AuditActionValue = (typeof auditActionValues)[number];

/**
 * The names of the workflow actions, one source for the server (timeline, notification titles:
 * `zh-CN`) and the console (locale `audits.actions`, both languages).
 */
export const auditActionLabels: Readonly<Record<'zh-CN' | 'en-US', Readonly<Record<AuditActionValue, string>>>> = {
  'zh-CN': {
    discloseMember: '成员企业信息公开',
    disclose: '信息公开',
    start: '启动审核',
    submitReport: '提交审核报告',
    drawPanel: '抽取专家组',
    passEvaluation: '评估通过',
    failEvaluation: '评估未通过',
    startImplementation: '实施中/高费方案',
    applyForAcceptance: '申请验收',
    passAcceptance: '验收通过',
    failAcceptance: '验收未通过',
    rollOver: '转入下一年度名单',
  },
  'en-US': {
    discloseMember: 'Member disclosure',
    disclose: 'Disclose',
    start: 'Start audit',
    submitReport: 'Submit report',
    drawPanel: 'Draw panel',
    passEvaluation: 'Pass evaluation',
    failEvaluation: 'Fail evaluation',
    startImplementation: 'Implement options',
    applyForAcceptance: 'Apply for acceptance',
    passAcceptance: 'Pass acceptance',
    failAcceptance: 'Fail acceptance',
    rollOver: 'Roll over',
  },
};
