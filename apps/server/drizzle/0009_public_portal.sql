CREATE TABLE "portal_articles" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"category" text DEFAULT '' NOT NULL,
	"source" text DEFAULT '' NOT NULL,
	"attachments" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"published_on" date,
	"status" text DEFAULT 'draft' NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "portal_articles_kind_check" CHECK ("portal_articles"."kind" in ('policy','news')),
	CONSTRAINT "portal_articles_status_check" CHECK ("portal_articles"."status" in ('draft','published'))
);
--> statement-breakpoint
CREATE TABLE "portal_cases" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"enterprise_name" text,
	"industry" text DEFAULT '' NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"options" text DEFAULT '' NOT NULL,
	"benefits" text DEFAULT '' NOT NULL,
	"source" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "portal_cases_status_check" CHECK ("portal_cases"."status" in ('draft','published'))
);
--> statement-breakpoint
CREATE TABLE "portal_technologies" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"industry" text DEFAULT '' NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"applicable_scope" text DEFAULT '' NOT NULL,
	"benefits" text DEFAULT '' NOT NULL,
	"source" text DEFAULT '' NOT NULL,
	"year" smallint,
	"status" text DEFAULT 'draft' NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "portal_technologies_status_check" CHECK ("portal_technologies"."status" in ('draft','published'))
);
--> statement-breakpoint
ALTER TABLE "portal_articles" ADD CONSTRAINT "portal_articles_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portal_cases" ADD CONSTRAINT "portal_cases_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portal_technologies" ADD CONSTRAINT "portal_technologies_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "portal_articles_public_idx" ON "portal_articles" USING btree ("status","kind","published_on");--> statement-breakpoint
CREATE INDEX "portal_articles_updated_idx" ON "portal_articles" USING btree ("updated_at","id");--> statement-breakpoint
CREATE INDEX "portal_cases_updated_idx" ON "portal_cases" USING btree ("updated_at","id");--> statement-breakpoint
CREATE INDEX "portal_technologies_updated_idx" ON "portal_technologies" USING btree ("updated_at","id");