CREATE TABLE "change_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"user_id" integer,
	"import_id" integer,
	"entity_type" text NOT NULL,
	"entity_id" integer NOT NULL,
	"enterprise_id" integer,
	"action" text NOT NULL,
	"changes" jsonb NOT NULL,
	CONSTRAINT "change_history_action_check" CHECK ("change_history"."action" in ('insert','update','delete'))
);
--> statement-breakpoint
CREATE TABLE "energy_records" (
	"id" serial PRIMARY KEY NOT NULL,
	"enterprise_id" integer NOT NULL,
	"year" smallint NOT NULL,
	"product_name" text NOT NULL,
	"output" numeric NOT NULL,
	"output_unit" text NOT NULL,
	"comprehensive_energy_tce" numeric,
	"energy_per_unit_kgce" numeric NOT NULL,
	"limit_kgce_per_unit" numeric NOT NULL,
	"limit_standard" text,
	"import_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "energy_records_limit_check" CHECK ("energy_records"."limit_kgce_per_unit" > 0 and "energy_records"."output" > 0)
);
--> statement-breakpoint
CREATE TABLE "exceedance_records" (
	"id" serial PRIMARY KEY NOT NULL,
	"enterprise_id" integer NOT NULL,
	"outlet_code" text NOT NULL,
	"pollutant" text NOT NULL,
	"monitored_on" date NOT NULL,
	"measured_value" numeric NOT NULL,
	"limit_value" numeric NOT NULL,
	"unit" text NOT NULL,
	"data_source" text NOT NULL,
	"import_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "exceedance_records_source_check" CHECK ("exceedance_records"."data_source" in ('online','enforcement','selfMonitoring')),
	CONSTRAINT "exceedance_records_limit_check" CHECK ("exceedance_records"."limit_value" > 0)
);
--> statement-breakpoint
CREATE TABLE "hazardous_records" (
	"id" serial PRIMARY KEY NOT NULL,
	"enterprise_id" integer NOT NULL,
	"year" smallint NOT NULL,
	"category" text NOT NULL,
	"substance_name" text NOT NULL,
	"cas_no" text,
	"match_key" text NOT NULL,
	"quantity" numeric,
	"unit" text,
	"import_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hazardous_records_category_check" CHECK ("hazardous_records"."category" in ('use','discharge'))
);
--> statement-breakpoint
CREATE TABLE "imports" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"file_name" text NOT NULL,
	"sha256" text NOT NULL,
	"user_id" integer,
	"org_id" integer,
	"dry_run" boolean NOT NULL,
	"skip_invalid" boolean NOT NULL,
	"status" text NOT NULL,
	"rows" integer DEFAULT 0 NOT NULL,
	"inserted" integer DEFAULT 0 NOT NULL,
	"updated" integer DEFAULT 0 NOT NULL,
	"unchanged" integer DEFAULT 0 NOT NULL,
	"rejected" integer DEFAULT 0 NOT NULL,
	"errors" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "imports_kind_check" CHECK ("imports"."kind" in ('enterprises','exceedances','quotas','hazardous','energy')),
	CONSTRAINT "imports_status_check" CHECK ("imports"."status" in ('running','applied','rejected','dryRun','failed'))
);
--> statement-breakpoint
CREATE TABLE "quota_records" (
	"id" serial PRIMARY KEY NOT NULL,
	"enterprise_id" integer NOT NULL,
	"year" smallint NOT NULL,
	"pollutant" text NOT NULL,
	"actual_t" numeric NOT NULL,
	"quota_t" numeric NOT NULL,
	"import_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "quota_records_quota_check" CHECK ("quota_records"."quota_t" > 0)
);
--> statement-breakpoint
ALTER TABLE "enterprises" ADD COLUMN "industry_names" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "enterprises" ADD COLUMN "last_acceptance_date" date;--> statement-breakpoint
ALTER TABLE "enterprises" ADD COLUMN "import_id" integer;--> statement-breakpoint
ALTER TABLE "permits" ADD COLUMN "import_id" integer;--> statement-breakpoint
ALTER TABLE "permits" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "energy_records" ADD CONSTRAINT "energy_records_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exceedance_records" ADD CONSTRAINT "exceedance_records_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazardous_records" ADD CONSTRAINT "hazardous_records_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imports" ADD CONSTRAINT "imports_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imports" ADD CONSTRAINT "imports_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quota_records" ADD CONSTRAINT "quota_records_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "change_history_entity_idx" ON "change_history" USING btree ("entity_type","entity_id");--> statement-breakpoint
CREATE INDEX "change_history_enterprise_idx" ON "change_history" USING btree ("enterprise_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "energy_records_nk" ON "energy_records" USING btree ("enterprise_id","year","product_name");--> statement-breakpoint
CREATE UNIQUE INDEX "exceedance_records_nk" ON "exceedance_records" USING btree ("enterprise_id","outlet_code","pollutant","monitored_on");--> statement-breakpoint
CREATE UNIQUE INDEX "hazardous_records_nk" ON "hazardous_records" USING btree ("enterprise_id","year","category","match_key");--> statement-breakpoint
CREATE INDEX "imports_sha_idx" ON "imports" USING btree ("sha256");--> statement-breakpoint
CREATE UNIQUE INDEX "quota_records_nk" ON "quota_records" USING btree ("enterprise_id","year","pollutant");