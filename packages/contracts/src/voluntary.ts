/**
 * Enterprises' applications for a voluntary audit (issue 5 item 1, 自愿性清洁生产审核): the
 * enterprise applies for a list year; the city accepts (a voluntary draft entry with source
 * `applied`) or declines with a reason.
 */
import { z } from 'zod';

export const voluntaryApplicationStatuses = ['pending', 'accepted', 'declined'] as const;
export type VoluntaryApplicationStatus = (typeof voluntaryApplicationStatuses)[number];

/** An enterprise's application: list year L, its reason (why it wants an audit), an optional contact. */
export const VoluntaryApplyBodySchema = z.object({
  listYear: z.number().int().min(2000).max(2100),
  reason: z.string().trim().min(1, '请填写申请理由').max(2000),
  contact: z.string().trim().max(200).optional(),
});
export type VoluntaryApplyBody = z.infer<typeof VoluntaryApplyBodySchema>;

/** Accepting: the application's `version` (a stale one is 409 CONFLICT). */
export const VoluntaryAcceptBodySchema = z.object({ version: z.number().int() });
/** Declining: the `version` and the reason told to the enterprise. */
export const VoluntaryDeclineBodySchema = z.object({ version: z.number().int(), reason: z.string().trim().min(1, '请填写不予受理的理由').max(2000) });

/** Query of the city's/county's view: the list year, optionally a status. */
export const VoluntaryApplicationQuerySchema = z.object({
  listYear: z.coerce.number().int().min(2000).max(2100).optional(),
  status: z.enum(voluntaryApplicationStatuses).optional(),
});

/**
 * One application as shown: enterprise (id, name, uscc, county/city codes), list year, reason,
 * contact, `status`, the city's `decisionReason` (declined), the draft `listId`/`entryId` it became
 * (accepted), who decided and when (ISO instant), `createdAt`, `version`.
 */
export const VoluntaryApplicationSchema = z.object({
  id: z.number().int(),
  enterpriseId: z.number().int(),
  enterpriseName: z.string(),
  uscc: z.string(),
  countyCode: z.string(),
  cityCode: z.string(),
  listYear: z.number().int(),
  reason: z.string(),
  contact: z.string().nullable(),
  status: z.enum(voluntaryApplicationStatuses),
  decisionReason: z.string().nullable(),
  listId: z.number().int().nullable(),
  entryId: z.number().int().nullable(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  createdAt: z.string(),
  version: z.number().int(),
});
export type VoluntaryApplication = z.infer<typeof VoluntaryApplicationSchema>;
