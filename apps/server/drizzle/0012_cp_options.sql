CREATE TABLE "audit_performance" (
	"audit_id" integer PRIMARY KEY NOT NULL,
	"stated_totals" jsonb,
	"targets" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"level_before_definition_id" integer,
	"level_before" text,
	"level_before_result" jsonb,
	"level_after_definition_id" integer,
	"level_after" text,
	"level_after_result" jsonb,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cp_options" (
	"id" serial PRIMARY KEY NOT NULL,
	"audit_id" integer NOT NULL,
	"enterprise_id" integer NOT NULL,
	"county_code" text NOT NULL,
	"city_code" text NOT NULL,
	"key_industry" text,
	"list_year" smallint NOT NULL,
	"data_year" smallint NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"cost_class" text NOT NULL,
	"direction" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"investment_wan" double precision DEFAULT 0 NOT NULL,
	"planned_start" date,
	"planned_end" date,
	"actual_start" date,
	"actual_end" date,
	"status" text DEFAULT 'proposed' NOT NULL,
	"expected" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"achieved" jsonb,
	"exp_tce" double precision DEFAULT 0 NOT NULL,
	"exp_co2_t" double precision DEFAULT 0 NOT NULL,
	"exp_water_m3" double precision DEFAULT 0 NOT NULL,
	"exp_benefit_wan" double precision DEFAULT 0 NOT NULL,
	"exp_cod_kg" double precision DEFAULT 0 NOT NULL,
	"exp_nh3n_kg" double precision DEFAULT 0 NOT NULL,
	"exp_so2_kg" double precision DEFAULT 0 NOT NULL,
	"exp_nox_kg" double precision DEFAULT 0 NOT NULL,
	"exp_pm_kg" double precision DEFAULT 0 NOT NULL,
	"exp_vocs_kg" double precision DEFAULT 0 NOT NULL,
	"exp_pb_kg" double precision DEFAULT 0 NOT NULL,
	"exp_hg_kg" double precision DEFAULT 0 NOT NULL,
	"exp_cd_kg" double precision DEFAULT 0 NOT NULL,
	"exp_cr_kg" double precision DEFAULT 0 NOT NULL,
	"exp_as_kg" double precision DEFAULT 0 NOT NULL,
	"tce" double precision DEFAULT 0 NOT NULL,
	"co2_t" double precision DEFAULT 0 NOT NULL,
	"water_m3" double precision DEFAULT 0 NOT NULL,
	"benefit_wan" double precision DEFAULT 0 NOT NULL,
	"cod_kg" double precision DEFAULT 0 NOT NULL,
	"nh3n_kg" double precision DEFAULT 0 NOT NULL,
	"so2_kg" double precision DEFAULT 0 NOT NULL,
	"nox_kg" double precision DEFAULT 0 NOT NULL,
	"pm_kg" double precision DEFAULT 0 NOT NULL,
	"vocs_kg" double precision DEFAULT 0 NOT NULL,
	"pb_kg" double precision DEFAULT 0 NOT NULL,
	"hg_kg" double precision DEFAULT 0 NOT NULL,
	"cd_kg" double precision DEFAULT 0 NOT NULL,
	"cr_kg" double precision DEFAULT 0 NOT NULL,
	"as_kg" double precision DEFAULT 0 NOT NULL,
	"factor_version" text NOT NULL,
	"factors" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"fiscal_funding_wan" double precision,
	"fiscal_funding_source" text,
	"acceptance_status" text DEFAULT 'none' NOT NULL,
	"feasibility" jsonb,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cp_options_cost_class_check" CHECK ("cp_options"."cost_class" in ('low','high')),
	CONSTRAINT "cp_options_status_check" CHECK ("cp_options"."status" in ('proposed','feasible','rejected','implementing','implemented')),
	CONSTRAINT "cp_options_acceptance_check" CHECK ("cp_options"."acceptance_status" in ('none','pending','passed','failed'))
);
--> statement-breakpoint
ALTER TABLE "audit_performance" ADD CONSTRAINT "audit_performance_audit_id_audits_id_fk" FOREIGN KEY ("audit_id") REFERENCES "public"."audits"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_performance" ADD CONSTRAINT "audit_performance_level_before_definition_id_indicator_definitions_id_fk" FOREIGN KEY ("level_before_definition_id") REFERENCES "public"."indicator_definitions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_performance" ADD CONSTRAINT "audit_performance_level_after_definition_id_indicator_definitions_id_fk" FOREIGN KEY ("level_after_definition_id") REFERENCES "public"."indicator_definitions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cp_options" ADD CONSTRAINT "cp_options_audit_id_audits_id_fk" FOREIGN KEY ("audit_id") REFERENCES "public"."audits"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cp_options" ADD CONSTRAINT "cp_options_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cp_options" ADD CONSTRAINT "cp_options_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "cp_options_audit_code_uq" ON "cp_options" USING btree ("audit_id","code");--> statement-breakpoint
CREATE INDEX "cp_options_audit_idx" ON "cp_options" USING btree ("audit_id");--> statement-breakpoint
CREATE INDEX "cp_options_agg_idx" ON "cp_options" USING btree ("list_year","city_code","key_industry");--> statement-breakpoint
CREATE INDEX "cp_options_county_idx" ON "cp_options" USING btree ("county_code");