CREATE TABLE "work"."holiday_calendars" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"name" text NOT NULL,
	"work_location" text,
	"weekend_days" integer[] DEFAULT '{6,7}'::integer[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "holiday_calendars_weekend" CHECK ("work"."holiday_calendars"."weekend_days" <@ '{1,2,3,4,5,6,7}'::integer[])
);
--> statement-breakpoint
ALTER TABLE "work"."holiday_calendars" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "work"."holidays" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"calendar_id" uuid NOT NULL,
	"date" date NOT NULL,
	"name" text NOT NULL,
	"half_day" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "work"."holidays" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "work"."leave_types" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"name" text NOT NULL,
	"code" text NOT NULL,
	"paid" boolean DEFAULT true NOT NULL,
	"unit" text DEFAULT 'DAYS' NOT NULL,
	"balance_applies" boolean DEFAULT true NOT NULL,
	"half_days_allowed" boolean DEFAULT true NOT NULL,
	"note_required" boolean DEFAULT false NOT NULL,
	"colour" text DEFAULT '#4F86F7' NOT NULL,
	"hours_per_day" numeric(4, 2) DEFAULT '8' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "leave_types_colour" CHECK ("work"."leave_types"."colour" ~ '^#[0-9A-Fa-f]{6}$'),
	CONSTRAINT "leave_types_hours_per_day" CHECK ("work"."leave_types"."hours_per_day" > 0 and "work"."leave_types"."hours_per_day" <= 24)
);
--> statement-breakpoint
ALTER TABLE "work"."leave_types" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "work"."time_off_adjustments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"employee_id" uuid NOT NULL,
	"leave_type_id" uuid NOT NULL,
	"amount" numeric(8, 2) NOT NULL,
	"reason" text NOT NULL,
	"effective_date" date NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "time_off_adjustments_amount" CHECK ("work"."time_off_adjustments"."amount" <> 0)
);
--> statement-breakpoint
ALTER TABLE "work"."time_off_adjustments" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "work"."time_off_policies" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"leave_type_id" uuid NOT NULL,
	"employment_type" text NOT NULL,
	"accrual_per_year" numeric(8, 2) NOT NULL,
	"accrual_frequency" text DEFAULT 'MONTHLY' NOT NULL,
	"pro_rated" boolean DEFAULT true NOT NULL,
	"carry_over_cap" numeric(8, 2),
	"negative_limit" numeric(8, 2) DEFAULT '0' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "time_off_policies_amounts" CHECK ("work"."time_off_policies"."accrual_per_year" >= 0 and "work"."time_off_policies"."negative_limit" >= 0
      and ("work"."time_off_policies"."carry_over_cap" is null or "work"."time_off_policies"."carry_over_cap" >= 0))
);
--> statement-breakpoint
ALTER TABLE "work"."time_off_policies" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "work"."time_off_requests" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"employee_id" uuid NOT NULL,
	"leave_type_id" uuid NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"half_day_start" boolean DEFAULT false NOT NULL,
	"half_day_end" boolean DEFAULT false NOT NULL,
	"note" text,
	"status" text DEFAULT 'PENDING' NOT NULL,
	"amount" numeric(8, 2) NOT NULL,
	"amount_by_year" jsonb NOT NULL,
	"requested_by" uuid,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "time_off_requests_dates" CHECK ("work"."time_off_requests"."end_date" >= "work"."time_off_requests"."start_date"),
	CONSTRAINT "time_off_requests_reason" CHECK ("work"."time_off_requests"."status" <> 'REJECTED' or "work"."time_off_requests"."reason" is not null)
);
--> statement-breakpoint
ALTER TABLE "work"."time_off_requests" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "work"."holidays" ADD CONSTRAINT "holidays_calendar_id_holiday_calendars_id_fk" FOREIGN KEY ("calendar_id") REFERENCES "work"."holiday_calendars"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work"."time_off_adjustments" ADD CONSTRAINT "time_off_adjustments_leave_type_id_leave_types_id_fk" FOREIGN KEY ("leave_type_id") REFERENCES "work"."leave_types"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work"."time_off_policies" ADD CONSTRAINT "time_off_policies_leave_type_id_leave_types_id_fk" FOREIGN KEY ("leave_type_id") REFERENCES "work"."leave_types"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work"."time_off_requests" ADD CONSTRAINT "time_off_requests_leave_type_id_leave_types_id_fk" FOREIGN KEY ("leave_type_id") REFERENCES "work"."leave_types"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "holiday_calendars_tenant_location_uq" ON "work"."holiday_calendars" USING btree ("tenant_id",coalesce("work_location", ''));--> statement-breakpoint
CREATE UNIQUE INDEX "holidays_calendar_date_uq" ON "work"."holidays" USING btree ("tenant_id","calendar_id","date");--> statement-breakpoint
CREATE UNIQUE INDEX "leave_types_tenant_code_uq" ON "work"."leave_types" USING btree ("tenant_id","code");--> statement-breakpoint
CREATE INDEX "time_off_adjustments_employee_idx" ON "work"."time_off_adjustments" USING btree ("tenant_id","employee_id","leave_type_id");--> statement-breakpoint
CREATE UNIQUE INDEX "time_off_policies_type_employment_uq" ON "work"."time_off_policies" USING btree ("tenant_id","leave_type_id","employment_type");--> statement-breakpoint
CREATE INDEX "time_off_requests_employee_idx" ON "work"."time_off_requests" USING btree ("tenant_id","employee_id","start_date");--> statement-breakpoint
CREATE INDEX "time_off_requests_status_idx" ON "work"."time_off_requests" USING btree ("tenant_id","status","start_date");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "work"."holiday_calendars" AS PERMISSIVE FOR ALL TO "wg_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "work"."holidays" AS PERMISSIVE FOR ALL TO "wg_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "work"."leave_types" AS PERMISSIVE FOR ALL TO "wg_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "work"."time_off_adjustments" AS PERMISSIVE FOR ALL TO "wg_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "work"."time_off_policies" AS PERMISSIVE FOR ALL TO "wg_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "work"."time_off_requests" AS PERMISSIVE FOR ALL TO "wg_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
-- No employee holds two PENDING or APPROVED time-off requests whose days overlap (rejected and
-- cancelled ones free the days). The service checks first for a CONFLICT naming the clash; this
-- makes a double booking impossible when two requests race: the second waits for the first to
-- commit and then fails with exclusion_violation (23P01). End dates are inclusive ('[]').
CREATE EXTENSION IF NOT EXISTS btree_gist;
--> statement-breakpoint
ALTER TABLE "work"."time_off_requests"
  ADD CONSTRAINT "time_off_requests_no_overlap"
  EXCLUDE USING gist (
    "tenant_id" WITH =,
    "employee_id" WITH =,
    daterange("start_date", "end_date", '[]') WITH &&
  ) WHERE ("status" IN ('PENDING', 'APPROVED'));
