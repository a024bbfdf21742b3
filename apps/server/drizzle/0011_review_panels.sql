CREATE TABLE "panel_members" (
	"id" serial PRIMARY KEY NOT NULL,
	"panel_id" integer NOT NULL,
	"expert_id" integer NOT NULL,
	"role" text NOT NULL,
	"seat" smallint NOT NULL,
	"response" text DEFAULT 'invited' NOT NULL,
	"responded_at" timestamp with time zone,
	"replaced_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "panel_members_role_check" CHECK ("panel_members"."role" in ('industry','other')),
	CONSTRAINT "panel_members_response_check" CHECK ("panel_members"."response" in ('invited','accepted','declined'))
);
--> statement-breakpoint
CREATE TABLE "review_panels" (
	"id" serial PRIMARY KEY NOT NULL,
	"audit_id" integer NOT NULL,
	"stage" text NOT NULL,
	"seed" bigint NOT NULL,
	"size" smallint NOT NULL,
	"template_id" integer NOT NULL,
	"eligible" jsonb NOT NULL,
	"exclusions" jsonb NOT NULL,
	"draws" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"drawn_by" integer,
	"drawn_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'drawn' NOT NULL,
	"result" jsonb,
	"decided_by" integer,
	"decided_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "review_panels_stage_check" CHECK ("review_panels"."stage" in ('evaluation','acceptance')),
	CONSTRAINT "review_panels_status_check" CHECK ("review_panels"."status" in ('drawn','scoring','decided'))
);
--> statement-breakpoint
CREATE TABLE "score_sheets" (
	"id" serial PRIMARY KEY NOT NULL,
	"panel_member_id" integer NOT NULL,
	"template_id" integer NOT NULL,
	"scores" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"vetoes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"submitted_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "scoring_templates" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"version" text NOT NULL,
	"title" text NOT NULL,
	"body" jsonb NOT NULL,
	"local_practice" boolean DEFAULT true NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "scoring_templates_kind_check" CHECK ("scoring_templates"."kind" in ('evaluation','acceptance'))
);
--> statement-breakpoint
ALTER TABLE "panel_members" ADD CONSTRAINT "panel_members_panel_id_review_panels_id_fk" FOREIGN KEY ("panel_id") REFERENCES "public"."review_panels"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_members" ADD CONSTRAINT "panel_members_expert_id_experts_id_fk" FOREIGN KEY ("expert_id") REFERENCES "public"."experts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_panels" ADD CONSTRAINT "review_panels_audit_id_audits_id_fk" FOREIGN KEY ("audit_id") REFERENCES "public"."audits"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_panels" ADD CONSTRAINT "review_panels_template_id_scoring_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."scoring_templates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_panels" ADD CONSTRAINT "review_panels_drawn_by_users_id_fk" FOREIGN KEY ("drawn_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_panels" ADD CONSTRAINT "review_panels_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "score_sheets" ADD CONSTRAINT "score_sheets_panel_member_id_panel_members_id_fk" FOREIGN KEY ("panel_member_id") REFERENCES "public"."panel_members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "score_sheets" ADD CONSTRAINT "score_sheets_template_id_scoring_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."scoring_templates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "panel_members_panel_expert_uq" ON "panel_members" USING btree ("panel_id","expert_id");--> statement-breakpoint
CREATE INDEX "panel_members_expert_idx" ON "panel_members" USING btree ("expert_id");--> statement-breakpoint
CREATE INDEX "review_panels_audit_idx" ON "review_panels" USING btree ("audit_id");--> statement-breakpoint
CREATE UNIQUE INDEX "review_panels_open_uq" ON "review_panels" USING btree ("audit_id","stage") WHERE "review_panels"."status" <> 'decided';--> statement-breakpoint
CREATE UNIQUE INDEX "score_sheets_member_uq" ON "score_sheets" USING btree ("panel_member_id");--> statement-breakpoint
CREATE UNIQUE INDEX "scoring_templates_kind_version_uq" ON "scoring_templates" USING btree ("kind","version");--> statement-breakpoint
CREATE UNIQUE INDEX "scoring_templates_active_uq" ON "scoring_templates" USING btree ("kind") WHERE "scoring_templates"."active";--> statement-breakpoint
-- Default scoring templates (configurable local practice, packages/domain/src/review-sheet).
INSERT INTO "scoring_templates" ("kind", "version", "title", "body", "local_practice", "active") VALUES
('evaluation', 'default-1', '清洁生产审核评估评分表（默认，地方实践，可配置）', '{"kind":"evaluation","version":"default-1","localPractice":true,"totalPoints":100,"items":[{"key":"preparation","title":"审核准备","maxPoints":5},{"key":"preAssessment","title":"预审核","maxPoints":25},{"key":"assessment","title":"审核","maxPoints":20},{"key":"optionGeneration","title":"方案产生和筛选","maxPoints":15},{"key":"feasibility","title":"可行性分析","maxPoints":20},{"key":"implementationPlan","title":"方案实施计划与持续清洁生产","maxPoints":5},{"key":"reportQuality","title":"报告规范性","maxPoints":10}],"vetoItems":[{"key":"consultantUnqualified","title":"咨询服务机构不符合《清洁生产审核办法》第十六条要求"},{"key":"focusOrTargetsWrong","title":"审核重点或清洁生产目标设置错误或重大遗漏"},{"key":"noMeasuredBalance","title":"未开展实测物料平衡"},{"key":"optionsCannotMeetTargets","title":"中/高费方案不能支撑清洁生产目标"},{"key":"fabricatedData","title":"数据弄虚作假"}],"passWithRevisionsFrom":70,"passFrom":90,"vetoRule":"any"}'::jsonb, true, true),
('acceptance', 'default-1', '清洁生产审核验收评分表（默认，地方实践，可配置）', '{"kind":"acceptance","version":"default-1","localPractice":true,"totalPoints":100,"items":[{"key":"reportQuality","title":"验收报告规范性","maxPoints":10},{"key":"optionsImplemented","title":"中/高费方案实施情况","maxPoints":30},{"key":"targetsMet","title":"清洁生产目标完成情况","maxPoints":30},{"key":"cpLevel","title":"清洁生产水平（评价指标体系）","maxPoints":15},{"key":"continuingCp","title":"持续清洁生产机制","maxPoints":15}],"vetoItems":[{"key":"consultantUnqualified","title":"企业不具备自行审核能力或咨询服务机构不符合要求"},{"key":"focusOrTargetsWrong","title":"审核重点或清洁生产目标错误或重大遗漏"},{"key":"eliminatedEquipment","title":"使用国家明令淘汰的工艺设备或生产淘汰产品"},{"key":"phaseOutNotPlanned","title":"限期淘汰设备未识别或未列入整改计划"},{"key":"complianceTooLate","title":"承诺达标时间超过两年"},{"key":"dischargeExceeded","title":"污染物超标、超总量排放或能耗超限额"}],"passWithRevisionsFrom":70,"passFrom":90,"vetoRule":"any"}'::jsonb, true, true)
ON CONFLICT DO NOTHING;
