/**
 * Expert pool (自治区级清洁生产审核专家库) and consulting agencies (清洁生产审核咨询服务机构),
 * issue 6 items 6–7: the shapes shared by the server and the console.
 */
import { z } from 'zod';

const uscc = z.string().regex(/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/, '统一社会信用代码应为 18 位');
const divisionCode = z.string().regex(/^\d{6}$/, '行政区划代码应为 6 位数字');

/**
 * Cross-cutting expert specialities besides the key industries (keys of the key-industry catalogue):
 * `energy_saving` (节能), `environment` (环保). (`energy` is the key industry 能源.)
 */
export const crossSpecialities = ['energy_saving', 'environment'] as const;

/** A speciality: a key-industry key (`^[a-z][a-z0-9_]{1,39}$`) or `energy_saving` / `environment`. */
export const SpecialitySchema = z.string().regex(/^[a-z][a-z0-9_]{1,39}$/);

/** Editable fields of an expert. `cityCode` the 6-digit code of the city the expert works in. */
export const ExpertInputSchema = z.object({
  name: z.string().trim().min(2).max(40),
  employerName: z.string().trim().min(2).max(100),
  employerUscc: uscc.nullable(),
  title: z.string().trim().max(40).default(''),
  specialities: z.array(SpecialitySchema).min(1).max(20),
  cityCode: divisionCode,
  available: z.boolean().default(true),
  unavailableReason: z.string().trim().max(200).nullable().default(null),
  phone: z.string().trim().max(40).nullable().default(null),
  email: z.string().trim().email().max(100).nullable().default(null),
});
export type ExpertInput = z.infer<typeof ExpertInputSchema>;

/** An expert as listed: the input fields plus `id`, `version` (optimistic lock), `userId` of a linked account. */
export const ExpertSchema = ExpertInputSchema.extend({
  id: z.number().int(),
  version: z.number().int(),
  userId: z.number().int().nullable(),
  cityName: z.string().nullable(),
});
export type Expert = z.infer<typeof ExpertSchema>;

/** A partial update; `version` must equal the stored one (else 409 CONFLICT). */
export const ExpertPatchSchema = ExpertInputSchema.partial().extend({ version: z.number().int() });

/** List filters: free text `q` (name, employer, phone), `speciality`, `cityCode`, `available`. */
export const ExpertListQuerySchema = z.object({
  q: z.string().trim().max(50).optional(),
  speciality: SpecialitySchema.optional(),
  cityCode: divisionCode.optional(),
  available: z.enum(['true', 'false']).optional(),
});

/** One auditor (清洁生产审核师) of an agency: name, certificate number, valid-until date (or null). */
export const AuditorSchema = z.object({
  name: z.string().trim().min(2).max(40),
  certificateNo: z.string().trim().min(1).max(60),
  validUntil: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable().default(null),
});

/** Editable fields of a consulting agency; `industries` the key-industry keys it serves. */
export const AgencyInputSchema = z.object({
  name: z.string().trim().min(2).max(100),
  uscc,
  divisionCode,
  auditors: z.array(AuditorSchema).max(200).default([]),
  industries: z.array(SpecialitySchema).max(40).default([]),
  contactPhone: z.string().trim().max(40).nullable().default(null),
});
export type AgencyInput = z.infer<typeof AgencyInputSchema>;

/** An agency as listed: input fields plus `id`, `version`, `orgId` of its organisation (login accounts). */
export const AgencySchema = AgencyInputSchema.extend({
  id: z.number().int(),
  version: z.number().int(),
  orgId: z.number().int().nullable(),
});
export type Agency = z.infer<typeof AgencySchema>;

/** A partial update of an agency with the `version` read. */
export const AgencyPatchSchema = AgencyInputSchema.partial().extend({ version: z.number().int() });

/** Result of an expert import: rows created and updated (matched by name + employer). */
export const ExpertImportResultSchema = z.object({ created: z.number().int(), updated: z.number().int() });
