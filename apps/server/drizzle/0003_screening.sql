CREATE TABLE "screening_results" (
	"id" serial PRIMARY KEY NOT NULL,
	"run_id" integer NOT NULL,
	"enterprise_id" integer NOT NULL,
	"uscc" text NOT NULL,
	"name" text NOT NULL,
	"division_code" text NOT NULL,
	"key_industry" text,
	"recommendation" text NOT NULL,
	"next_due_year" smallint,
	"criteria" text[] NOT NULL,
	"reasons" jsonb NOT NULL,
	CONSTRAINT "screening_results_recommendation_check" CHECK ("screening_results"."recommendation" in ('mandatory','notDue'))
);
--> statement-breakpoint
CREATE TABLE "screening_reviews" (
	"id" serial PRIMARY KEY NOT NULL,
	"data_year" smallint NOT NULL,
	"enterprise_id" integer NOT NULL,
	"decision" text NOT NULL,
	"reason_code" text,
	"justification" text,
	"run_id" integer,
	"decided_by" integer,
	"decided_at" timestamp with time zone NOT NULL,
	CONSTRAINT "screening_reviews_decision_check" CHECK ("screening_reviews"."decision" in ('confirm','exclude','addVoluntary')),
	CONSTRAINT "screening_reviews_justification_check" CHECK ("screening_reviews"."decision" <> 'exclude' or ("screening_reviews"."reason_code" is not null and length(coalesce("screening_reviews"."justification", '')) >= 4))
);
--> statement-breakpoint
CREATE TABLE "screening_rule_sets" (
	"version" text PRIMARY KEY NOT NULL,
	"definition" jsonb NOT NULL,
	"note" text,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "screening_runs" (
	"id" serial PRIMARY KEY NOT NULL,
	"data_year" smallint NOT NULL,
	"scope_division_code" text NOT NULL,
	"rule_set_version" text NOT NULL,
	"run_by" integer,
	"run_by_name" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"enterprises_scanned" integer DEFAULT 0 NOT NULL,
	"counts" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"previous_run_id" integer,
	"diff" jsonb
);
--> statement-breakpoint
ALTER TABLE "screening_results" ADD CONSTRAINT "screening_results_run_id_screening_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."screening_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "screening_results" ADD CONSTRAINT "screening_results_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "screening_reviews" ADD CONSTRAINT "screening_reviews_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "screening_reviews" ADD CONSTRAINT "screening_reviews_run_id_screening_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."screening_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "screening_reviews" ADD CONSTRAINT "screening_reviews_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "screening_rule_sets" ADD CONSTRAINT "screening_rule_sets_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "screening_runs" ADD CONSTRAINT "screening_runs_scope_division_code_divisions_code_fk" FOREIGN KEY ("scope_division_code") REFERENCES "public"."divisions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "screening_runs" ADD CONSTRAINT "screening_runs_rule_set_version_screening_rule_sets_version_fk" FOREIGN KEY ("rule_set_version") REFERENCES "public"."screening_rule_sets"("version") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "screening_runs" ADD CONSTRAINT "screening_runs_run_by_users_id_fk" FOREIGN KEY ("run_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "screening_results_run_enterprise_uq" ON "screening_results" USING btree ("run_id","enterprise_id");--> statement-breakpoint
CREATE INDEX "screening_results_run_division_idx" ON "screening_results" USING btree ("run_id","division_code");--> statement-breakpoint
CREATE INDEX "screening_reviews_year_enterprise_idx" ON "screening_reviews" USING btree ("data_year","enterprise_id","id");--> statement-breakpoint
CREATE INDEX "screening_runs_year_scope_idx" ON "screening_runs" USING btree ("data_year","scope_division_code","id");