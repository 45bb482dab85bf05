CREATE TABLE "recruiting"."application_stage_history" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"application_id" uuid NOT NULL,
	"from_stage" text,
	"to_stage" text NOT NULL,
	"reject_reason_id" uuid,
	"note" text,
	"actor_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "recruiting"."application_stage_history" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "recruiting"."applications" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"candidate_id" uuid NOT NULL,
	"posting_id" uuid NOT NULL,
	"stage" text DEFAULT 'APPLIED' NOT NULL,
	"reject_reason_id" uuid,
	"employee_id" uuid,
	"referred_by_employee_id" uuid,
	"stage_changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"stage_changed_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "applications_stage_known" CHECK ("recruiting"."applications"."stage" in ('APPLIED', 'SCREENING', 'INTERVIEW', 'OFFER', 'HIRED', 'REJECTED', 'WITHDRAWN')),
	CONSTRAINT "applications_reject_reason_only_when_rejected" CHECK ("recruiting"."applications"."reject_reason_id" is null or "recruiting"."applications"."stage" = 'REJECTED')
);
--> statement-breakpoint
ALTER TABLE "recruiting"."applications" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "recruiting"."candidates" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"first_name" text NOT NULL,
	"last_name" text NOT NULL,
	"email" text NOT NULL,
	"phone" text,
	"location" text,
	"source" text DEFAULT 'CAREER_SITE' NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"resume_text" text,
	"resume_url" text,
	"profile_url" text,
	"retain_until" date,
	"employee_id" uuid,
	"referred_by_employee_id" uuid,
	"erased_at" timestamp with time zone,
	"search_name" text GENERATED ALWAYS AS (lower(first_name || ' ' || last_name)) STORED,
	"search_anagram" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "candidates_source_known" CHECK ("recruiting"."candidates"."source" in ('CAREER_SITE', 'REFERRAL', 'AGENCY', 'SOURCED', 'INTERNAL'))
);
--> statement-breakpoint
ALTER TABLE "recruiting"."candidates" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "recruiting"."reject_reasons" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"label" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "recruiting"."reject_reasons" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "recruiting"."application_stage_history" ADD CONSTRAINT "application_stage_history_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "recruiting"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recruiting"."applications" ADD CONSTRAINT "applications_candidate_id_candidates_id_fk" FOREIGN KEY ("candidate_id") REFERENCES "recruiting"."candidates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recruiting"."applications" ADD CONSTRAINT "applications_posting_id_job_postings_id_fk" FOREIGN KEY ("posting_id") REFERENCES "recruiting"."job_postings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recruiting"."applications" ADD CONSTRAINT "applications_reject_reason_id_reject_reasons_id_fk" FOREIGN KEY ("reject_reason_id") REFERENCES "recruiting"."reject_reasons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "stage_history_tenant_application_idx" ON "recruiting"."application_stage_history" USING btree ("tenant_id","application_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "applications_tenant_candidate_posting_uq" ON "recruiting"."applications" USING btree ("tenant_id","candidate_id","posting_id");--> statement-breakpoint
CREATE INDEX "applications_tenant_posting_stage_idx" ON "recruiting"."applications" USING btree ("tenant_id","posting_id","stage");--> statement-breakpoint
CREATE INDEX "applications_tenant_candidate_idx" ON "recruiting"."applications" USING btree ("tenant_id","candidate_id");--> statement-breakpoint
CREATE INDEX "applications_tenant_employee_idx" ON "recruiting"."applications" USING btree ("tenant_id","employee_id");--> statement-breakpoint
CREATE INDEX "applications_tenant_referrer_idx" ON "recruiting"."applications" USING btree ("tenant_id","referred_by_employee_id");--> statement-breakpoint
CREATE UNIQUE INDEX "candidates_tenant_email_uq" ON "recruiting"."candidates" USING btree ("tenant_id","email");--> statement-breakpoint
CREATE INDEX "candidates_tenant_phone_idx" ON "recruiting"."candidates" USING btree ("tenant_id","phone");--> statement-breakpoint
CREATE INDEX "candidates_tenant_referrer_idx" ON "recruiting"."candidates" USING btree ("tenant_id","referred_by_employee_id");--> statement-breakpoint
CREATE INDEX "candidates_search_name_trgm_idx" ON "recruiting"."candidates" USING gin ("search_name" gin_trgm_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "reject_reasons_tenant_label_uq" ON "recruiting"."reject_reasons" USING btree ("tenant_id",lower("label"));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "recruiting"."application_stage_history" AS PERMISSIVE FOR ALL TO "wg_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "recruiting"."applications" AS PERMISSIVE FOR ALL TO "wg_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "recruiting"."candidates" AS PERMISSIVE FOR ALL TO "wg_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "recruiting"."reject_reasons" AS PERMISSIVE FOR ALL TO "wg_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);