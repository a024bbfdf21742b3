CREATE TABLE "voluntary_applications" (
	"id" serial PRIMARY KEY NOT NULL,
	"enterprise_id" integer NOT NULL,
	"list_year" integer NOT NULL,
	"city_code" text NOT NULL,
	"county_code" text NOT NULL,
	"reason" text NOT NULL,
	"contact" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"decision_reason" text,
	"list_id" integer,
	"entry_id" integer,
	"applied_by" integer,
	"decided_by" integer,
	"decided_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "voluntary_applications_status_check" CHECK ("voluntary_applications"."status" in ('pending','accepted','declined'))
);
--> statement-breakpoint
ALTER TABLE "voluntary_applications" ADD CONSTRAINT "voluntary_applications_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voluntary_applications" ADD CONSTRAINT "voluntary_applications_list_id_audit_lists_id_fk" FOREIGN KEY ("list_id") REFERENCES "public"."audit_lists"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voluntary_applications" ADD CONSTRAINT "voluntary_applications_entry_id_audit_list_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."audit_list_entries"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voluntary_applications" ADD CONSTRAINT "voluntary_applications_applied_by_users_id_fk" FOREIGN KEY ("applied_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voluntary_applications" ADD CONSTRAINT "voluntary_applications_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "voluntary_applications_open_uq" ON "voluntary_applications" USING btree ("enterprise_id","list_year") WHERE "voluntary_applications"."status" in ('pending','accepted');--> statement-breakpoint
CREATE INDEX "voluntary_applications_area_idx" ON "voluntary_applications" USING btree ("list_year","city_code","county_code");