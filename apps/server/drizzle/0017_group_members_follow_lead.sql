-- Park/cluster audits (issue 6 item 1): from this release a member audit's row follows its lead's
-- state and step dates (环办科财函〔2023〕79号: each member of a passed group audit is deemed to have
-- completed one CP audit). Members whose lead moved on before this release catch up with it here,
-- and their overdue marks for steps now recorded as done are resolved.
UPDATE "audits" m SET
  "state" = l."state", "started_on" = l."started_on", "report_submitted_on" = l."report_submitted_on",
  "evaluation_passed_on" = l."evaluation_passed_on", "acceptance_application_due" = l."acceptance_application_due",
  "acceptance_applied_on" = l."acceptance_applied_on", "accepted_on" = l."accepted_on", "valid_until" = l."valid_until",
  "acceptance_failures" = l."acceptance_failures", "consulting_agency_id" = l."consulting_agency_id", "self_audit" = l."self_audit",
  "version" = m."version" + 1, "updated_at" = now()
FROM "audits" l
WHERE m."lead_audit_id" = l."id"
  AND (m."state", m."started_on", m."report_submitted_on", m."evaluation_passed_on", m."acceptance_application_due", m."acceptance_applied_on",
       m."accepted_on", m."valid_until", m."acceptance_failures", m."consulting_agency_id", m."self_audit")
      IS DISTINCT FROM
      (l."state", l."started_on", l."report_submitted_on", l."evaluation_passed_on", l."acceptance_application_due", l."acceptance_applied_on",
       l."accepted_on", l."valid_until", l."acceptance_failures", l."consulting_agency_id", l."self_audit");
--> statement-breakpoint
UPDATE "audit_overdue" o SET "resolved_on" = (now() AT TIME ZONE 'Asia/Shanghai')::date
FROM "audits" m
WHERE o."audit_id" = m."id" AND m."lead_audit_id" IS NOT NULL AND o."resolved_on" IS NULL
  AND ((o."step" = 'disclosure' AND m."disclosed_on" IS NOT NULL)
    OR (o."step" = 'start' AND m."started_on" IS NOT NULL)
    OR (o."step" = 'report' AND m."report_submitted_on" IS NOT NULL)
    OR (o."step" = 'acceptanceApplication' AND m."acceptance_applied_on" IS NOT NULL));
