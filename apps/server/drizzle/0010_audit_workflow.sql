CREATE TABLE "audit_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"audit_id" integer NOT NULL,
	"from_state" text NOT NULL,
	"action" text NOT NULL,
	"to_state" text NOT NULL,
	"actor_user_id" integer,
	"actor_org_id" integer,
	"actor_role" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"comment" text,
	"document_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"payload" jsonb,
	"version_after" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_overdue" (
	"audit_id" integer NOT NULL,
	"step" text NOT NULL,
	"due" date NOT NULL,
	"marked_on" date NOT NULL,
	"escalated_on" date,
	"resolved_on" date,
	CONSTRAINT "audit_overdue_audit_id_step_pk" PRIMARY KEY("audit_id","step"),
	CONSTRAINT "audit_overdue_step_check" CHECK ("audit_overdue"."step" in ('disclosure','start','report','acceptanceApplication'))
);
--> statement-breakpoint
CREATE TABLE "enterprise_registrations" (
	"id" serial PRIMARY KEY NOT NULL,
	"enterprise_id" integer NOT NULL,
	"uscc" text NOT NULL,
	"county_code" text NOT NULL,
	"city_code" text NOT NULL,
	"username" text NOT NULL,
	"display_name" text NOT NULL,
	"contact_phone" text,
	"contact_email" text,
	"password_hash" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"decided_by" integer,
	"decided_at" timestamp with time zone,
	"reason" text,
	"user_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "enterprise_registrations_status_check" CHECK ("enterprise_registrations"."status" in ('pending','approved','rejected'))
);
--> statement-breakpoint
CREATE TABLE "job_runs" (
	"job" text NOT NULL,
	"run_date" date NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"summary" jsonb,
	CONSTRAINT "job_runs_job_run_date_pk" PRIMARY KEY("job","run_date")
);
--> statement-breakpoint
CREATE TABLE "notification_outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"channel" text NOT NULL,
	"recipient_org_id" integer,
	"recipient" text NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	CONSTRAINT "notification_outbox_channel_check" CHECK ("notification_outbox"."channel" in ('inapp','email','sms')),
	CONSTRAINT "notification_outbox_status_check" CHECK ("notification_outbox"."status" in ('pending','sent','failed'))
);
--> statement-breakpoint
ALTER TABLE "audits" ADD COLUMN "consulting_agency_id" integer;--> statement-breakpoint
ALTER TABLE "audits" ADD COLUMN "self_audit" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "audits" ADD COLUMN "audit_team" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "audits" ADD COLUMN "lead_audit_id" integer;--> statement-breakpoint
ALTER TABLE "audits" ADD COLUMN "acceptance_failures" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "audits" ADD COLUMN "disclosed_on" date;--> statement-breakpoint
ALTER TABLE "audits" ADD COLUMN "started_on" date;--> statement-breakpoint
ALTER TABLE "audits" ADD COLUMN "report_submitted_on" date;--> statement-breakpoint
ALTER TABLE "audits" ADD COLUMN "evaluation_passed_on" date;--> statement-breakpoint
ALTER TABLE "audits" ADD COLUMN "acceptance_application_due" date;--> statement-breakpoint
ALTER TABLE "audits" ADD COLUMN "acceptance_applied_on" date;--> statement-breakpoint
ALTER TABLE "audits" ADD COLUMN "accepted_on" date;--> statement-breakpoint
ALTER TABLE "audits" ADD COLUMN "valid_until" date;--> statement-breakpoint
ALTER TABLE "audits" ADD COLUMN "disclosure" jsonb;--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_audit_id_audits_id_fk" FOREIGN KEY ("audit_id") REFERENCES "public"."audits"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_actor_org_id_orgs_id_fk" FOREIGN KEY ("actor_org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_overdue" ADD CONSTRAINT "audit_overdue_audit_id_audits_id_fk" FOREIGN KEY ("audit_id") REFERENCES "public"."audits"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enterprise_registrations" ADD CONSTRAINT "enterprise_registrations_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enterprise_registrations" ADD CONSTRAINT "enterprise_registrations_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enterprise_registrations" ADD CONSTRAINT "enterprise_registrations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_outbox" ADD CONSTRAINT "notification_outbox_recipient_org_id_orgs_id_fk" FOREIGN KEY ("recipient_org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_events_audit_idx" ON "audit_events" USING btree ("audit_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "audit_events_audit_version_uq" ON "audit_events" USING btree ("audit_id","version_after");--> statement-breakpoint
CREATE UNIQUE INDEX "enterprise_registrations_pending_uq" ON "enterprise_registrations" USING btree ("enterprise_id") WHERE "enterprise_registrations"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "enterprise_registrations_area_idx" ON "enterprise_registrations" USING btree ("city_code","county_code","status");--> statement-breakpoint
CREATE INDEX "notification_outbox_pending_idx" ON "notification_outbox" USING btree ("status","id");--> statement-breakpoint
ALTER TABLE "audits" ADD CONSTRAINT "audits_consulting_agency_id_consulting_agencies_id_fk" FOREIGN KEY ("consulting_agency_id") REFERENCES "public"."consulting_agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audits" ADD CONSTRAINT "audits_lead_audit_id_audits_id_fk" FOREIGN KEY ("lead_audit_id") REFERENCES "public"."audits"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audits_lead_idx" ON "audits" USING btree ("lead_audit_id");--> statement-breakpoint
CREATE INDEX "audits_agency_idx" ON "audits" USING btree ("consulting_agency_id");--> statement-breakpoint
ALTER TABLE "audits" ADD CONSTRAINT "audits_state_check" CHECK ("audits"."state" in ('listed','disclosed','started','reportSubmitted','evaluation','evaluationPassed','evaluationFailed','implementing','acceptanceApplied','acceptance','accepted','acceptanceFailed','rolledOver'));