/** Park/cluster grouping of audits (issue 6 item 1): the lead's mode and its member audits. */
import { z } from 'zod';
import { auditModeValues } from './audits.ts';

/** `PUT /audits/:id/mode`: the new mode at the lead's `version`. */
export const SetAuditModeBodySchema = z.object({ version: z.number().int(), mode: z.enum(auditModeValues) });
/** `POST /audits/:id/members` and `/remove-member`: the member audit at the lead's `version`. */
export const AuditMemberBodySchema = z.object({ version: z.number().int(), memberAuditId: z.number().int().min(1) });

/** The grouping of a lead audit after a change: mode, new version, members (audit id, enterprise, own disclosure day or null). */
export const AuditGroupingSchema = z.object({
  auditId: z.number().int(),
  mode: z.enum(auditModeValues),
  version: z.number().int(),
  members: z.array(z.object({ auditId: z.number().int(), enterpriseName: z.string(), disclosedOn: z.string().nullable() })),
});
export type AuditGrouping = z.infer<typeof AuditGroupingSchema>;
