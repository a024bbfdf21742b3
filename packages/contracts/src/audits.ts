/**
 * The audit workflow over HTTP (issue 6 items 1, 2, 4, 5, 11): list, record with timeline and
 * allowed actions, actions, disclosure, overdue summary, enterprise registration.
 */
import { z } from 'zod';
import { DivisionCodeSchema, PageQuerySchema, pageSchema } from './schemas.ts';

export { auditActionLabels, auditActionValues, auditModeValues, auditStateLabels, auditStateValues, type AuditActionValue, type AuditStateValue } from './audit-vocabulary.ts';
import { auditActionValues, auditModeValues, auditStateValues } from './audit-vocabulary.ts';

/** Funnel stages of the dashboard in workflow order (each stage counts the audits that reached it). */
export const funnelStages = ['listed', 'disclosed', 'started', 'evaluated', 'accepted'] as const;
export type FunnelStage = (typeof funnelStages)[number];
/**
 * The audit states counted in each funnel stage: `listed` every audit of the list; `disclosed` past
 * the disclosure (rolled-over ones excluded); `started` past the start; `evaluated` report passed
 * the technical evaluation (评估通过) and later; `accepted` accepted. The dashboard funnel and the
 * audits list's `stage` filter both use these, so a funnel click lists exactly the audits counted.
 */
export const funnelStageStates: Record<FunnelStage, readonly (typeof auditStateValues)[number][]> = {
  listed: auditStateValues,
  disclosed: auditStateValues.filter((s) => s !== 'listed' && s !== 'rolledOver'),
  started: auditStateValues.filter((s) => s !== 'listed' && s !== 'disclosed' && s !== 'rolledOver'),
  evaluated: ['evaluationPassed', 'implementing', 'acceptanceApplied', 'acceptance', 'accepted', 'acceptanceFailed'],
  accepted: ['accepted'],
};

/**
 * `GET /api/v1/audits` filters. `overdue=true`: audits with an unresolved missed deadline;
 * `stage`: the audits a dashboard funnel stage counts ({@link funnelStageStates}).
 */
export const AuditQuerySchema = PageQuerySchema.extend({
  listYear: z.coerce.number().int().min(2000).max(2100).optional(),
  auditType: z.enum(['mandatory', 'voluntary']).optional(),
  state: z.enum(auditStateValues).optional(),
  stage: z.enum(funnelStages).optional(),
  cityCode: DivisionCodeSchema.optional(),
  countyCode: DivisionCodeSchema.optional(),
  keyIndustry: z.string().max(40).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  q: z.string().trim().max(100).optional(),
});

/** Deadline of a step: its last on-time day, days left in Beijing time (negative when passed), done day. */
export const AuditDeadlineSchema = z.object({
  step: z.enum(['disclosure', 'start', 'report', 'acceptanceApplication']),
  due: z.string().nullable(),
  doneOn: z.string().nullable(),
  daysLeft: z.number().int().nullable(),
  overdue: z.boolean(),
  /** Done after its due day (逾期完成): the working days late (≥ 1, domain `workdaysLate`), else null. */
  workdaysLate: z.number().int().nullable(),
});

export const AuditSummarySchema = z.object({
  id: z.number().int(),
  enterpriseId: z.number().int(),
  enterpriseName: z.string(),
  uscc: z.string(),
  listYear: z.number().int(),
  auditType: z.enum(['mandatory', 'voluntary']),
  mode: z.enum(auditModeValues),
  state: z.enum(auditStateValues),
  cityCode: z.string(),
  countyCode: z.string(),
  countyName: z.string().nullable(),
  keyIndustry: z.string().nullable(),
  nextDue: z.string().nullable(),
  daysLeft: z.number().int().nullable(),
  overdueSteps: z.array(z.string()),
  version: z.number().int(),
  updatedAt: z.string(),
});
export type AuditSummary = z.infer<typeof AuditSummarySchema>;
export const AuditPageSchema = pageSchema(AuditSummarySchema);

/**
 * One audit of an enterprise (`GET /api/v1/enterprises/:id/audits`, the 审核记录 tab of the
 * enterprise page), newest list year first. Dates are calendar days `YYYY-MM-DD` (Beijing time) as
 * stored on the audit: published (名单公布日), disclosure due (信息公开截止, Order 38 art. 11), report
 * due (报送审核报告截止, art. 17), accepted (验收通过日); null when not set or not reached.
 */
export const EnterpriseAuditSchema = z.object({
  id: z.number().int(),
  listYear: z.number().int(),
  auditType: z.enum(['mandatory', 'voluntary']),
  mode: z.enum(auditModeValues),
  state: z.enum(auditStateValues),
  publishedAt: z.string(),
  disclosureDue: z.string().nullable(),
  reportDue: z.string().nullable(),
  acceptedOn: z.string().nullable(),
});
export type EnterpriseAudit = z.infer<typeof EnterpriseAuditSchema>;

export const AuditEventSchema = z.object({
  id: z.number().int(),
  fromState: z.string(),
  action: z.string(),
  toState: z.string(),
  actorName: z.string().nullable(),
  actorOrgName: z.string().nullable(),
  actorRole: z.string().nullable(),
  at: z.string(),
  comment: z.string().nullable(),
  documents: z.array(z.object({ id: z.number().int(), kind: z.string(), fileName: z.string(), version: z.number().int() })),
});

export const AuditDocumentSchema = z.object({
  id: z.number().int(),
  kind: z.string(),
  version: z.number().int(),
  fileName: z.string(),
  fileType: z.string(),
  sizeBytes: z.number().int(),
  uploadedAt: z.string(),
});

export const AuditDetailSchema = AuditSummarySchema.extend({
  publishedAt: z.string(),
  documentNo: z.string(),
  consultingAgencyId: z.number().int().nullable(),
  consultingAgencyName: z.string().nullable(),
  selfAudit: z.boolean(),
  auditTeam: z.array(z.object({ name: z.string(), role: z.string(), employer: z.string().optional() })),
  leadAuditId: z.number().int().nullable(),
  members: z.array(z.object({ auditId: z.number().int(), enterpriseName: z.string(), disclosedOn: z.string().nullable() })),
  acceptanceFailures: z.number().int(),
  evaluationPassedOn: z.string().nullable(),
  acceptedOn: z.string().nullable(),
  validUntil: z.string().nullable(),
  reasons: z.unknown(),
  disclosure: z.unknown().nullable(),
  deadlines: z.array(AuditDeadlineSchema),
  timeline: z.array(AuditEventSchema),
  documents: z.array(AuditDocumentSchema),
  /** Document kinds per action (the configurable checklist): required first, then optional. */
  checklist: z.record(z.string(), z.object({ required: z.array(z.string()), optional: z.array(z.string()) })),
  allowedActions: z.array(z.enum(auditActionValues)),
});
export type AuditDetail = z.infer<typeof AuditDetailSchema>;

export const AuditActionParamsSchema = z.object({ id: z.coerce.number().int().min(1).max(2_147_483_647), action: z.enum(auditActionValues) });
export const AuditActionBodySchema = z.object({
  version: z.number().int().min(1),
  comment: z.string().max(2000).optional(),
  documentIds: z.array(z.number().int().min(1)).max(50).optional(),
  payload: z.record(z.string(), z.unknown()).optional(),
});
export const AuditActionResultSchema = z.object({
  auditId: z.number().int(),
  action: z.string(),
  fromState: z.string(),
  state: z.string(),
  version: z.number().int(),
  eventId: z.number().int(),
  notified: z.number().int(),
});

/** The disclosure as published (only the published fields). */
export const PublicDisclosureSchema = z.object({
  auditId: z.number().int(),
  enterpriseName: z.string(),
  uscc: z.string(),
  listYear: z.number().int(),
  disclosedOn: z.string(),
  channel: z.string().nullable(),
  url: z.string().nullable(),
  late: z.boolean(),
  fields: z.unknown().nullable(),
});

export const DisclosureFormResponseSchema = z.object({ auditId: z.number().int(), due: z.string().nullable(), daysLeft: z.number().int().nullable(), criteria: z.array(z.string()), form: z.unknown(), disclosure: z.unknown().nullable() });

export const OverdueSummaryRowSchema = z.object({ cityCode: z.string(), cityName: z.string().nullable(), countyCode: z.string(), countyName: z.string().nullable(), overdue: z.number().int(), escalated: z.number().int() });

/** `POST /api/v1/public/enterprise-registrations`. */
export const EnterpriseRegistrationBodySchema = z.object({
  uscc: z.string().trim().length(18),
  username: z.string().trim().min(3).max(40).regex(/^[A-Za-z0-9_.-]+$/),
  displayName: z.string().trim().min(1).max(60),
  password: z.string().min(12).max(128),
  contactPhone: z.string().trim().max(30).optional(),
  contactEmail: z.string().trim().email().max(120).optional(),
});
export const EnterpriseRegistrationSchema = z.object({
  id: z.number().int(),
  enterpriseId: z.number().int(),
  enterpriseName: z.string(),
  uscc: z.string(),
  countyCode: z.string(),
  username: z.string(),
  displayName: z.string(),
  contactPhone: z.string().nullable(),
  contactEmail: z.string().nullable(),
  status: z.enum(['pending', 'approved', 'rejected']),
  reason: z.string().nullable(),
  createdAt: z.string(),
});
export const RegistrationDecisionBodySchema = z.object({ reason: z.string().max(500).optional() });
