CREATE TABLE "work"."attendance_breaks" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"record_id" uuid NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "attendance_breaks_end_after_start" CHECK ("work"."attendance_breaks"."ended_at" is null or "work"."attendance_breaks"."ended_at" >= "work"."attendance_breaks"."started_at")
);
--> statement-breakpoint
ALTER TABLE "work"."attendance_breaks" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "work"."attendance_records" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"employee_id" uuid NOT NULL,
	"clock_in" timestamp with time zone NOT NULL,
	"clock_out" timestamp with time zone,
	"clock_in_ip" text,
	"clock_out_ip" text,
	"note" text,
	"clocked_in_by" uuid,
	"clocked_out_by" uuid,
	"auto_closed" boolean DEFAULT false NOT NULL,
	"needs_review" boolean DEFAULT false NOT NULL,
	"reviewed_by" uuid,
	"reviewed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "attendance_records_out_after_in" CHECK ("work"."attendance_records"."clock_out" is null or "work"."attendance_records"."clock_out" > "work"."attendance_records"."clock_in")
);
--> statement-breakpoint
ALTER TABLE "work"."attendance_records" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "work"."attendance_settings" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"auto_close_after_hours" integer DEFAULT 12 NOT NULL,
	"time_zone" text DEFAULT 'UTC' NOT NULL,
	"discrepancy_tolerance_hours" numeric(4, 2) DEFAULT '0.50' NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "attendance_settings_auto_close" CHECK ("work"."attendance_settings"."auto_close_after_hours" between 1 and 24),
	CONSTRAINT "attendance_settings_tolerance" CHECK ("work"."attendance_settings"."discrepancy_tolerance_hours" >= 0 and "work"."attendance_settings"."discrepancy_tolerance_hours" <= 24)
);
--> statement-breakpoint
ALTER TABLE "work"."attendance_settings" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "work"."jobs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"queue" text NOT NULL,
	"key" text,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"run_at" timestamp with time zone NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"max_attempts" integer DEFAULT 10 NOT NULL,
	"last_error" text,
	"locked_by" text,
	"lease_token" uuid,
	"lease_until" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "jobs_status_known" CHECK ("work"."jobs"."status" in ('pending', 'running', 'done', 'failed', 'cancelled'))
);
--> statement-breakpoint
ALTER TABLE "work"."jobs" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "work"."attendance_breaks" ADD CONSTRAINT "attendance_breaks_record_id_attendance_records_id_fk" FOREIGN KEY ("record_id") REFERENCES "work"."attendance_records"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "attendance_breaks_one_open_uq" ON "work"."attendance_breaks" USING btree ("tenant_id","record_id") WHERE "work"."attendance_breaks"."ended_at" is null;--> statement-breakpoint
CREATE INDEX "attendance_breaks_record_idx" ON "work"."attendance_breaks" USING btree ("tenant_id","record_id");--> statement-breakpoint
CREATE UNIQUE INDEX "attendance_records_one_open_uq" ON "work"."attendance_records" USING btree ("tenant_id","employee_id") WHERE "work"."attendance_records"."clock_out" is null;--> statement-breakpoint
CREATE INDEX "attendance_records_employee_idx" ON "work"."attendance_records" USING btree ("tenant_id","employee_id","clock_in");--> statement-breakpoint
CREATE INDEX "attendance_records_review_idx" ON "work"."attendance_records" USING btree ("tenant_id","clock_in") WHERE "work"."attendance_records"."needs_review";--> statement-breakpoint
CREATE INDEX "jobs_tenant_status_idx" ON "work"."jobs" USING btree ("tenant_id","status","run_at");--> statement-breakpoint
CREATE UNIQUE INDEX "jobs_live_key_uq" ON "work"."jobs" USING btree ("tenant_id","queue","key") WHERE "work"."jobs"."status" in ('pending', 'running');--> statement-breakpoint
CREATE INDEX "jobs_due_idx" ON "work"."jobs" USING btree ("run_at") WHERE "work"."jobs"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "jobs_leased_idx" ON "work"."jobs" USING btree ("lease_until") WHERE "work"."jobs"."status" = 'running';--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "work"."attendance_breaks" AS PERMISSIVE FOR ALL TO "wg_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "work"."attendance_records" AS PERMISSIVE FOR ALL TO "wg_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "work"."attendance_settings" AS PERMISSIVE FOR ALL TO "wg_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "work"."jobs" AS PERMISSIVE FOR ALL TO "wg_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);