CREATE TABLE "indicator_definition_groups" (
	"id" serial PRIMARY KEY NOT NULL,
	"definition_id" integer NOT NULL,
	"position" smallint NOT NULL,
	"name" text NOT NULL,
	"weight" double precision NOT NULL
);
--> statement-breakpoint
CREATE TABLE "indicator_definition_items" (
	"id" serial PRIMARY KEY NOT NULL,
	"group_id" integer NOT NULL,
	"definition_id" integer NOT NULL,
	"position" smallint NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"unit" text,
	"weight" double precision NOT NULL,
	"direction" text NOT NULL,
	"benchmark_i" double precision,
	"benchmark_ii" double precision,
	"benchmark_iii" double precision,
	"requirement_i" text,
	"requirement_ii" text,
	"requirement_iii" text,
	"limiting" boolean NOT NULL,
	"note" text,
	CONSTRAINT "indicator_definition_items_direction_check" CHECK ("indicator_definition_items"."direction" in ('lower','higher','qualitative')),
	CONSTRAINT "indicator_definition_items_benchmarks_check" CHECK ("indicator_definition_items"."direction" <> 'qualitative' or ("indicator_definition_items"."benchmark_i" is null and "indicator_definition_items"."benchmark_ii" is null and "indicator_definition_items"."benchmark_iii" is null))
);
--> statement-breakpoint
CREATE TABLE "indicator_definitions" (
	"id" serial PRIMARY KEY NOT NULL,
	"system_id" integer NOT NULL,
	"version" integer NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"level_rule" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"complete" boolean NOT NULL,
	"issues" jsonb NOT NULL,
	"source" text,
	"created_by" integer,
	"created_by_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	"row_version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "indicator_definitions_status_check" CHECK ("indicator_definitions"."status" in ('draft','published')),
	CONSTRAINT "indicator_definitions_level_rule_check" CHECK ("indicator_definitions"."level_rule" in ('classic-2013','strict-level-i')),
	CONSTRAINT "indicator_definitions_publish_check" CHECK ("indicator_definitions"."status" <> 'published' or ("indicator_definitions"."complete" and "indicator_definitions"."published_at" is not null))
);
--> statement-breakpoint
ALTER TABLE "indicator_definition_groups" ADD CONSTRAINT "indicator_definition_groups_definition_id_indicator_definitions_id_fk" FOREIGN KEY ("definition_id") REFERENCES "public"."indicator_definitions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicator_definition_items" ADD CONSTRAINT "indicator_definition_items_group_id_indicator_definition_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."indicator_definition_groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicator_definition_items" ADD CONSTRAINT "indicator_definition_items_definition_id_indicator_definitions_id_fk" FOREIGN KEY ("definition_id") REFERENCES "public"."indicator_definitions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicator_definitions" ADD CONSTRAINT "indicator_definitions_system_id_indicator_systems_id_fk" FOREIGN KEY ("system_id") REFERENCES "public"."indicator_systems"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicator_definitions" ADD CONSTRAINT "indicator_definitions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "indicator_definition_groups_pos_uq" ON "indicator_definition_groups" USING btree ("definition_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "indicator_definition_items_code_uq" ON "indicator_definition_items" USING btree ("definition_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "indicator_definition_items_pos_uq" ON "indicator_definition_items" USING btree ("group_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "indicator_definitions_system_version_uq" ON "indicator_definitions" USING btree ("system_id","version");