CREATE TABLE "audit_list_entries" (
	"id" serial PRIMARY KEY NOT NULL,
	"list_id" integer NOT NULL,
	"enterprise_id" integer NOT NULL,
	"audit_type" text NOT NULL,
	"source" text NOT NULL,
	"criteria" text[] DEFAULT '{}'::text[] NOT NULL,
	"reasons" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"evidence" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"remarks" text,
	"planned_start" date,
	"planned_finish" date,
	"proposed_by_org_id" integer,
	"added_by" integer,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "audit_list_entries_type_check" CHECK ("audit_list_entries"."audit_type" in ('mandatory','voluntary')),
	CONSTRAINT "audit_list_entries_source_check" CHECK ("audit_list_entries"."source" in ('screening','rolledOver','applied','cityAdded'))
);
--> statement-breakpoint
CREATE TABLE "audit_list_publications" (
	"id" serial PRIMARY KEY NOT NULL,
	"list_year" smallint NOT NULL,
	"round" smallint DEFAULT 0 NOT NULL,
	"document_no" text NOT NULL,
	"published_on" date NOT NULL,
	"authority" text NOT NULL,
	"published_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_list_reviews" (
	"id" serial PRIMARY KEY NOT NULL,
	"list_id" integer NOT NULL,
	"action" text NOT NULL,
	"department" text NOT NULL,
	"list_version" integer NOT NULL,
	"comment" text,
	"actor_user_id" integer,
	"actor_name" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "audit_list_reviews_action_check" CHECK ("audit_list_reviews"."action" in ('submit','approve','return','publish')),
	CONSTRAINT "audit_list_reviews_department_check" CHECK ("audit_list_reviews"."department" in ('city','dee','drc'))
);
--> statement-breakpoint
CREATE TABLE "audit_lists" (
	"id" serial PRIMARY KEY NOT NULL,
	"list_year" smallint NOT NULL,
	"round" smallint DEFAULT 0 NOT NULL,
	"city_code" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"submitted_at" timestamp with time zone,
	"submitted_by" integer,
	"dee_approved_at" timestamp with time zone,
	"dee_approved_by" integer,
	"drc_approved_at" timestamp with time zone,
	"drc_approved_by" integer,
	"return_comment" text,
	"publication_id" integer,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "audit_lists_status_check" CHECK ("audit_lists"."status" in ('draft','submitted','returned','approved','published')),
	CONSTRAINT "audit_lists_round_check" CHECK ("audit_lists"."round" >= 0)
);
--> statement-breakpoint
CREATE TABLE "audits" (
	"id" serial PRIMARY KEY NOT NULL,
	"enterprise_id" integer NOT NULL,
	"list_year" smallint NOT NULL,
	"audit_type" text NOT NULL,
	"mode" text DEFAULT 'standard' NOT NULL,
	"state" text DEFAULT 'listed' NOT NULL,
	"list_entry_id" integer,
	"publication_id" integer,
	"published_at" date NOT NULL,
	"document_no" text NOT NULL,
	"county_code" text NOT NULL,
	"city_code" text NOT NULL,
	"key_industry" text,
	"reasons" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"disclosure_due" date,
	"start_due" date,
	"report_due" date,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "audits_type_check" CHECK ("audits"."audit_type" in ('mandatory','voluntary')),
	CONSTRAINT "audits_mode_check" CHECK ("audits"."mode" in ('standard','simplified','park','cluster'))
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"user_id" integer NOT NULL,
	"key" text NOT NULL,
	"route" text NOT NULL,
	"status_code" smallint NOT NULL,
	"response" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_keys_user_id_key_pk" PRIMARY KEY("user_id","key")
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"recipient_org_id" integer NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"link" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "audit_list_entries" ADD CONSTRAINT "audit_list_entries_list_id_audit_lists_id_fk" FOREIGN KEY ("list_id") REFERENCES "public"."audit_lists"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_list_entries" ADD CONSTRAINT "audit_list_entries_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_list_entries" ADD CONSTRAINT "audit_list_entries_proposed_by_org_id_orgs_id_fk" FOREIGN KEY ("proposed_by_org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_list_entries" ADD CONSTRAINT "audit_list_entries_added_by_users_id_fk" FOREIGN KEY ("added_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_list_publications" ADD CONSTRAINT "audit_list_publications_published_by_users_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_list_reviews" ADD CONSTRAINT "audit_list_reviews_list_id_audit_lists_id_fk" FOREIGN KEY ("list_id") REFERENCES "public"."audit_lists"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_list_reviews" ADD CONSTRAINT "audit_list_reviews_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_lists" ADD CONSTRAINT "audit_lists_city_code_divisions_code_fk" FOREIGN KEY ("city_code") REFERENCES "public"."divisions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_lists" ADD CONSTRAINT "audit_lists_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_lists" ADD CONSTRAINT "audit_lists_dee_approved_by_users_id_fk" FOREIGN KEY ("dee_approved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_lists" ADD CONSTRAINT "audit_lists_drc_approved_by_users_id_fk" FOREIGN KEY ("drc_approved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_lists" ADD CONSTRAINT "audit_lists_publication_id_audit_list_publications_id_fk" FOREIGN KEY ("publication_id") REFERENCES "public"."audit_list_publications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_lists" ADD CONSTRAINT "audit_lists_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audits" ADD CONSTRAINT "audits_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audits" ADD CONSTRAINT "audits_list_entry_id_audit_list_entries_id_fk" FOREIGN KEY ("list_entry_id") REFERENCES "public"."audit_list_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audits" ADD CONSTRAINT "audits_publication_id_audit_list_publications_id_fk" FOREIGN KEY ("publication_id") REFERENCES "public"."audit_list_publications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_recipient_org_id_orgs_id_fk" FOREIGN KEY ("recipient_org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "audit_list_entries_list_enterprise_uq" ON "audit_list_entries" USING btree ("list_id","enterprise_id");--> statement-breakpoint
CREATE INDEX "audit_list_entries_enterprise_idx" ON "audit_list_entries" USING btree ("enterprise_id");--> statement-breakpoint
CREATE UNIQUE INDEX "audit_list_publications_year_round_uq" ON "audit_list_publications" USING btree ("list_year","round");--> statement-breakpoint
CREATE UNIQUE INDEX "audit_list_publications_document_no_uq" ON "audit_list_publications" USING btree ("document_no");--> statement-breakpoint
CREATE INDEX "audit_list_reviews_list_idx" ON "audit_list_reviews" USING btree ("list_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "audit_lists_year_round_city_uq" ON "audit_lists" USING btree ("list_year","round","city_code");--> statement-breakpoint
CREATE UNIQUE INDEX "audits_enterprise_year_type_uq" ON "audits" USING btree ("enterprise_id","list_year","audit_type");--> statement-breakpoint
CREATE INDEX "audits_city_county_idx" ON "audits" USING btree ("city_code","county_code");--> statement-breakpoint
CREATE INDEX "audits_year_idx" ON "audits" USING btree ("list_year","audit_type");--> statement-breakpoint
CREATE INDEX "audits_updated_idx" ON "audits" USING btree ("updated_at");--> statement-breakpoint
CREATE INDEX "notifications_recipient_idx" ON "notifications" USING btree ("recipient_org_id","created_at");