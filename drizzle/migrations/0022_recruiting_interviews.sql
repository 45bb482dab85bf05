CREATE TABLE "recruiting"."busy_blocks" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"employee_id" uuid NOT NULL,
	"kind" text DEFAULT 'MEETING' NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "busy_blocks_ends_after_start" CHECK ("recruiting"."busy_blocks"."ends_at" > "recruiting"."busy_blocks"."starts_at"),
	CONSTRAINT "busy_blocks_kind_known" CHECK ("recruiting"."busy_blocks"."kind" in ('OUT_OF_OFFICE', 'MEETING', 'OTHER'))
);
--> statement-breakpoint
ALTER TABLE "recruiting"."busy_blocks" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "recruiting"."interview_interviewers" (
	"tenant_id" uuid NOT NULL,
	"interview_id" uuid NOT NULL,
	"employee_id" uuid NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	CONSTRAINT "interview_interviewers_tenant_id_interview_id_employee_id_pk" PRIMARY KEY("tenant_id","interview_id","employee_id"),
	CONSTRAINT "interview_interviewers_ends_after_start" CHECK ("recruiting"."interview_interviewers"."ends_at" > "recruiting"."interview_interviewers"."starts_at")
);
--> statement-breakpoint
ALTER TABLE "recruiting"."interview_interviewers" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "recruiting"."interview_reschedules" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"interview_id" uuid NOT NULL,
	"from_starts_at" timestamp with time zone NOT NULL,
	"from_ends_at" timestamp with time zone NOT NULL,
	"to_starts_at" timestamp with time zone NOT NULL,
	"to_ends_at" timestamp with time zone NOT NULL,
	"reason" text NOT NULL,
	"actor_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "recruiting"."interview_reschedules" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "recruiting"."interviews" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"application_id" uuid NOT NULL,
	"candidate_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"status" text DEFAULT 'SCHEDULED' NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"candidate_time_zone" text DEFAULT 'UTC' NOT NULL,
	"location" text,
	"meeting_url" text,
	"cancel_reason" text,
	"reschedule_count" integer DEFAULT 0 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "interviews_ends_after_start" CHECK ("recruiting"."interviews"."ends_at" > "recruiting"."interviews"."starts_at"),
	CONSTRAINT "interviews_kind_known" CHECK ("recruiting"."interviews"."kind" in ('PHONE', 'VIDEO', 'ONSITE', 'PANEL', 'TECHNICAL')),
	CONSTRAINT "interviews_status_known" CHECK ("recruiting"."interviews"."status" in ('SCHEDULED', 'COMPLETED', 'CANCELLED', 'NO_SHOW'))
);
--> statement-breakpoint
ALTER TABLE "recruiting"."interviews" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "recruiting"."posting_rubrics" (
	"tenant_id" uuid NOT NULL,
	"posting_id" uuid NOT NULL,
	"attributes" text[] NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "posting_rubrics_tenant_id_posting_id_pk" PRIMARY KEY("tenant_id","posting_id")
);
--> statement-breakpoint
ALTER TABLE "recruiting"."posting_rubrics" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "recruiting"."scorecards" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"interview_id" uuid NOT NULL,
	"application_id" uuid NOT NULL,
	"interviewer_id" uuid NOT NULL,
	"recommendation" text NOT NULL,
	"ratings" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"notes" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "scorecards_recommendation_known" CHECK ("recruiting"."scorecards"."recommendation" in ('STRONG_NO', 'NO', 'MIXED', 'YES', 'STRONG_YES'))
);
--> statement-breakpoint
ALTER TABLE "recruiting"."scorecards" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "recruiting"."working_hours" (
	"tenant_id" uuid NOT NULL,
	"employee_id" uuid NOT NULL,
	"time_zone" text NOT NULL,
	"weekdays" smallint[] NOT NULL,
	"start_minute" smallint NOT NULL,
	"end_minute" smallint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "working_hours_tenant_id_employee_id_pk" PRIMARY KEY("tenant_id","employee_id"),
	CONSTRAINT "working_hours_day_order" CHECK ("recruiting"."working_hours"."start_minute" >= 0 and "recruiting"."working_hours"."end_minute" <= 1440 and "recruiting"."working_hours"."start_minute" < "recruiting"."working_hours"."end_minute")
);
--> statement-breakpoint
ALTER TABLE "recruiting"."working_hours" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "recruiting"."interview_interviewers" ADD CONSTRAINT "interview_interviewers_interview_id_interviews_id_fk" FOREIGN KEY ("interview_id") REFERENCES "recruiting"."interviews"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recruiting"."interview_reschedules" ADD CONSTRAINT "interview_reschedules_interview_id_interviews_id_fk" FOREIGN KEY ("interview_id") REFERENCES "recruiting"."interviews"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recruiting"."interviews" ADD CONSTRAINT "interviews_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "recruiting"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recruiting"."posting_rubrics" ADD CONSTRAINT "posting_rubrics_posting_id_job_postings_id_fk" FOREIGN KEY ("posting_id") REFERENCES "recruiting"."job_postings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recruiting"."scorecards" ADD CONSTRAINT "scorecards_interview_id_interviews_id_fk" FOREIGN KEY ("interview_id") REFERENCES "recruiting"."interviews"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "busy_blocks_tenant_employee_idx" ON "recruiting"."busy_blocks" USING btree ("tenant_id","employee_id","starts_at");--> statement-breakpoint
CREATE INDEX "interview_interviewers_tenant_employee_idx" ON "recruiting"."interview_interviewers" USING btree ("tenant_id","employee_id","starts_at");--> statement-breakpoint
CREATE INDEX "interview_reschedules_tenant_interview_idx" ON "recruiting"."interview_reschedules" USING btree ("tenant_id","interview_id");--> statement-breakpoint
CREATE INDEX "interviews_tenant_application_idx" ON "recruiting"."interviews" USING btree ("tenant_id","application_id");--> statement-breakpoint
CREATE INDEX "interviews_tenant_starts_idx" ON "recruiting"."interviews" USING btree ("tenant_id","starts_at");--> statement-breakpoint
CREATE UNIQUE INDEX "scorecards_tenant_interview_interviewer_uq" ON "recruiting"."scorecards" USING btree ("tenant_id","interview_id","interviewer_id");--> statement-breakpoint
CREATE INDEX "scorecards_tenant_application_idx" ON "recruiting"."scorecards" USING btree ("tenant_id","application_id");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "recruiting"."busy_blocks" AS PERMISSIVE FOR ALL TO "wg_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "recruiting"."interview_interviewers" AS PERMISSIVE FOR ALL TO "wg_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "recruiting"."interview_reschedules" AS PERMISSIVE FOR ALL TO "wg_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "recruiting"."interviews" AS PERMISSIVE FOR ALL TO "wg_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "recruiting"."posting_rubrics" AS PERMISSIVE FOR ALL TO "wg_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "recruiting"."scorecards" AS PERMISSIVE FOR ALL TO "wg_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "recruiting"."working_hours" AS PERMISSIVE FOR ALL TO "wg_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);