CREATE TABLE "action_plans" (
	"id" serial PRIMARY KEY NOT NULL,
	"city_code" text NOT NULL,
	"period_start" smallint NOT NULL,
	"period_end" smallint NOT NULL,
	"revision" integer NOT NULL,
	"status" text NOT NULL,
	"targets" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"narrative" text DEFAULT '' NOT NULL,
	"dee_approved_by" integer,
	"dee_approved_at" timestamp with time zone,
	"drc_approved_by" integer,
	"drc_approved_at" timestamp with time zone,
	"return_comment" jsonb,
	"submitted_by" integer,
	"submitted_at" timestamp with time zone,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "action_plans_status_check" CHECK ("action_plans"."status" in ('draft','submitted','approved','returned')),
	CONSTRAINT "action_plans_period_check" CHECK ("action_plans"."period_start" <= "action_plans"."period_end" and "action_plans"."period_end" - "action_plans"."period_start" <= 10)
);
--> statement-breakpoint
CREATE TABLE "annual_report_settings" (
	"year" smallint PRIMARY KEY NOT NULL,
	"due_date" date NOT NULL,
	"reminder_days" smallint NOT NULL,
	"set_by" integer,
	"set_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "annual_reports" (
	"id" serial PRIMARY KEY NOT NULL,
	"city_code" text NOT NULL,
	"year" smallint NOT NULL,
	"status" text NOT NULL,
	"figures" jsonb,
	"narrative" text DEFAULT '' NOT NULL,
	"submitted_by" integer,
	"submitted_at" timestamp with time zone,
	"reminder_sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "annual_reports_status_check" CHECK ("annual_reports"."status" in ('draft','submitted'))
);
--> statement-breakpoint
CREATE TABLE "documents" (
	"id" serial PRIMARY KEY NOT NULL,
	"owner_type" text NOT NULL,
	"owner_id" integer NOT NULL,
	"kind" text NOT NULL,
	"version" integer NOT NULL,
	"file_name" text NOT NULL,
	"file_type" text NOT NULL,
	"media_type" text NOT NULL,
	"sha256" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"uploaded_by" integer,
	"uploaded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "documents_sha_check" CHECK ("documents"."sha256" ~ '^[0-9a-f]{64}$'),
	CONSTRAINT "documents_owner_type_check" CHECK ("documents"."owner_type" ~ '^[a-z][A-Za-z0-9]{1,39}$'),
	CONSTRAINT "documents_version_check" CHECK ("documents"."version" >= 1)
);
--> statement-breakpoint
ALTER TABLE "action_plans" ADD CONSTRAINT "action_plans_city_code_divisions_code_fk" FOREIGN KEY ("city_code") REFERENCES "public"."divisions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "action_plans" ADD CONSTRAINT "action_plans_dee_approved_by_users_id_fk" FOREIGN KEY ("dee_approved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "action_plans" ADD CONSTRAINT "action_plans_drc_approved_by_users_id_fk" FOREIGN KEY ("drc_approved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "action_plans" ADD CONSTRAINT "action_plans_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "action_plans" ADD CONSTRAINT "action_plans_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "annual_report_settings" ADD CONSTRAINT "annual_report_settings_set_by_users_id_fk" FOREIGN KEY ("set_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "annual_reports" ADD CONSTRAINT "annual_reports_city_code_divisions_code_fk" FOREIGN KEY ("city_code") REFERENCES "public"."divisions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "annual_reports" ADD CONSTRAINT "annual_reports_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "action_plans_city_period_revision_uq" ON "action_plans" USING btree ("city_code","period_start","revision");--> statement-breakpoint
CREATE UNIQUE INDEX "annual_reports_city_year_uq" ON "annual_reports" USING btree ("city_code","year");--> statement-breakpoint
CREATE UNIQUE INDEX "documents_slot_version_uq" ON "documents" USING btree ("owner_type","owner_id","kind","version");--> statement-breakpoint
CREATE INDEX "documents_sha_idx" ON "documents" USING btree ("sha256");