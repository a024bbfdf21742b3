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
