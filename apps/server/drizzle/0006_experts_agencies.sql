CREATE TABLE "consulting_agencies" (
	"id" serial PRIMARY KEY NOT NULL,
	"org_id" integer,
	"name" text NOT NULL,
	"uscc" text NOT NULL,
	"division_code" text NOT NULL,
	"auditors" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"industries" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"contact_phone" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "experts" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"employer_name" text NOT NULL,
	"employer_uscc" text,
	"title" text DEFAULT '' NOT NULL,
	"specialities" jsonb NOT NULL,
	"city_code" text NOT NULL,
	"available" boolean DEFAULT true NOT NULL,
	"unavailable_reason" text,
	"phone" text,
	"email" text,
	"user_id" integer,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "experts_specialities_check" CHECK (jsonb_typeof("experts"."specialities") = 'array' and jsonb_array_length("experts"."specialities") > 0)
);
--> statement-breakpoint
ALTER TABLE "consulting_agencies" ADD CONSTRAINT "consulting_agencies_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consulting_agencies" ADD CONSTRAINT "consulting_agencies_division_code_divisions_code_fk" FOREIGN KEY ("division_code") REFERENCES "public"."divisions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experts" ADD CONSTRAINT "experts_city_code_divisions_code_fk" FOREIGN KEY ("city_code") REFERENCES "public"."divisions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experts" ADD CONSTRAINT "experts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "consulting_agencies_uscc_uq" ON "consulting_agencies" USING btree ("uscc");--> statement-breakpoint
CREATE UNIQUE INDEX "consulting_agencies_org_uq" ON "consulting_agencies" USING btree ("org_id");--> statement-breakpoint
CREATE UNIQUE INDEX "experts_name_employer_uq" ON "experts" USING btree ("name","employer_name");--> statement-breakpoint
CREATE UNIQUE INDEX "experts_user_uq" ON "experts" USING btree ("user_id");