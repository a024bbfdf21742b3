CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_user_id" integer,
	"actor_username" text,
	"org_id" integer,
	"org_name" text,
	"action" text NOT NULL,
	"object_type" text,
	"object_id" text,
	"result" text NOT NULL,
	"ip" text,
	"request_id" text,
	"details" jsonb,
	CONSTRAINT "audit_log_result_check" CHECK ("audit_log"."result" in ('success','failure','denied'))
);
--> statement-breakpoint
CREATE TABLE "co2_factors" (
	"id" serial PRIMARY KEY NOT NULL,
	"factor_type" text NOT NULL,
	"scope" text NOT NULL,
	"data_year_text" text NOT NULL,
	"data_year" smallint,
	"value_text" text NOT NULL,
	"value" numeric,
	"unit" text NOT NULL,
	"source" text NOT NULL,
	"confidence" text NOT NULL,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "divisions" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"level" text NOT NULL,
	"parent_code" text,
	"source" text NOT NULL,
	"confidence" text NOT NULL,
	CONSTRAINT "divisions_level_check" CHECK ("divisions"."level" in ('region','city','county')),
	CONSTRAINT "divisions_code_check" CHECK ("divisions"."code" ~ '^[0-9]{6}$')
);
--> statement-breakpoint
CREATE TABLE "energy_factors" (
	"id" serial PRIMARY KEY NOT NULL,
	"version" text NOT NULL,
	"item" text NOT NULL,
	"category" text NOT NULL,
	"unit" text NOT NULL,
	"low_heat_value" text,
	"coef_text" text NOT NULL,
	"coef_kgce_per_unit" numeric,
	"basis" text,
	"source" text NOT NULL,
	"confidence" text NOT NULL,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "enterprises" (
	"id" serial PRIMARY KEY NOT NULL,
	"uscc" text NOT NULL,
	"name" text NOT NULL,
	"legal_representative" text,
	"address" text,
	"division_code" text NOT NULL,
	"industry_codes" text[] NOT NULL,
	"key_industry" text,
	"scale" text,
	"contact_name" text,
	"contact_phone" text,
	"status" text DEFAULT 'operating' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "enterprises_uscc_unique" UNIQUE("uscc"),
	CONSTRAINT "enterprises_status_check" CHECK ("enterprises"."status" in ('operating','suspended','closed')),
	CONSTRAINT "enterprises_scale_check" CHECK ("enterprises"."scale" is null or "enterprises"."scale" in ('large','medium','small','micro'))
);
--> statement-breakpoint
CREATE TABLE "hazardous_substances" (
	"id" serial PRIMARY KEY NOT NULL,
	"list_name" text NOT NULL,
	"issuing_doc" text NOT NULL,
	"item_no" text NOT NULL,
	"name_zh" text NOT NULL,
	"cas_numbers" text[] NOT NULL,
	"confidence" text NOT NULL,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "indicator_systems" (
	"id" serial PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"doc_number" text,
	"year" smallint,
	"issuer" text,
	"industry_key" text,
	"confidence" text NOT NULL,
	"note" text,
	CONSTRAINT "indicator_systems_title_unique" UNIQUE("title")
);
--> statement-breakpoint
CREATE TABLE "industry_codes" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"level" text NOT NULL,
	"parent_code" text,
	"door" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "key_industries" (
	"key" text PRIMARY KEY NOT NULL,
	"name_zh" text NOT NULL,
	"city_code" text,
	"sort_order" integer DEFAULT 100 NOT NULL,
	"source" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "key_industries_key_check" CHECK ("key_industries"."key" ~ '^[a-z][a-z0-9_]{1,39}$')
);
--> statement-breakpoint
CREATE TABLE "key_industry_codes" (
	"key_industry" text NOT NULL,
	"industry_code" text NOT NULL,
	"industry_name" text NOT NULL,
	"status" text NOT NULL,
	"source" text NOT NULL,
	CONSTRAINT "key_industry_codes_key_industry_industry_code_pk" PRIMARY KEY("key_industry","industry_code")
);
--> statement-breakpoint
CREATE TABLE "orgs" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"division_code" text NOT NULL,
	"enterprise_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "orgs_kind_check" CHECK ("orgs"."kind" in ('regionDee','regionDrc','cityEeb','cityDrc','countyBureau','enterprise','consultingAgency','expert','public'))
);
--> statement-breakpoint
CREATE TABLE "permits" (
	"id" serial PRIMARY KEY NOT NULL,
	"enterprise_id" integer NOT NULL,
	"permit_no" text NOT NULL,
	"category" text NOT NULL,
	"industry_codes" text[] NOT NULL,
	"issued_on" date,
	"valid_from" date,
	"valid_to" date,
	"issuing_authority" text,
	"pollutant_categories" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "permits_permit_no_unique" UNIQUE("permit_no"),
	CONSTRAINT "permits_category_check" CHECK ("permits"."category" in ('key','simplified','registration'))
);
--> statement-breakpoint
CREATE TABLE "refdata_loads" (
	"name" text PRIMARY KEY NOT NULL,
	"sha256" text NOT NULL,
	"rows" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"csrf_token" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"ip" text,
	"user_agent" text
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" serial PRIMARY KEY NOT NULL,
	"username" text NOT NULL,
	"display_name" text NOT NULL,
	"password_hash" text NOT NULL,
	"role" text NOT NULL,
	"org_id" integer NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"failed_logins" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"password_changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "enterprises" ADD CONSTRAINT "enterprises_division_code_divisions_code_fk" FOREIGN KEY ("division_code") REFERENCES "public"."divisions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enterprises" ADD CONSTRAINT "enterprises_key_industry_key_industries_key_fk" FOREIGN KEY ("key_industry") REFERENCES "public"."key_industries"("key") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "key_industries" ADD CONSTRAINT "key_industries_city_code_divisions_code_fk" FOREIGN KEY ("city_code") REFERENCES "public"."divisions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "key_industry_codes" ADD CONSTRAINT "key_industry_codes_key_industry_key_industries_key_fk" FOREIGN KEY ("key_industry") REFERENCES "public"."key_industries"("key") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orgs" ADD CONSTRAINT "orgs_division_code_divisions_code_fk" FOREIGN KEY ("division_code") REFERENCES "public"."divisions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orgs" ADD CONSTRAINT "orgs_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "permits" ADD CONSTRAINT "permits_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "audit_log_actor_idx" ON "audit_log" USING btree ("actor_user_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "co2_factors_type_scope_year_uq" ON "co2_factors" USING btree ("factor_type","scope","data_year_text");--> statement-breakpoint
CREATE INDEX "divisions_parent_idx" ON "divisions" USING btree ("parent_code");--> statement-breakpoint
CREATE UNIQUE INDEX "energy_factors_version_item_uq" ON "energy_factors" USING btree ("version","item","unit");--> statement-breakpoint
CREATE INDEX "enterprises_division_idx" ON "enterprises" USING btree ("division_code");--> statement-breakpoint
CREATE INDEX "enterprises_key_industry_idx" ON "enterprises" USING btree ("key_industry","division_code");--> statement-breakpoint
CREATE UNIQUE INDEX "hazardous_substances_list_item_uq" ON "hazardous_substances" USING btree ("list_name","item_no","name_zh");--> statement-breakpoint
CREATE INDEX "key_industry_codes_code_idx" ON "key_industry_codes" USING btree ("industry_code");--> statement-breakpoint
CREATE UNIQUE INDEX "orgs_kind_name_uq" ON "orgs" USING btree ("kind","name");--> statement-breakpoint
CREATE INDEX "permits_enterprise_idx" ON "permits" USING btree ("enterprise_id");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_username_uq" ON "users" USING btree (lower("username"));