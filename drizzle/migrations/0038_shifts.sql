CREATE TABLE "work"."schedules" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"name" text NOT NULL,
	"department_id" uuid,
	"location" text,
	"time_zone" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "work"."schedules" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "work"."shift_settings" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"min_rest_hours" numeric(4, 2) DEFAULT '11.00' NOT NULL,
	"max_weekly_hours" numeric(5, 2) DEFAULT '48.00' NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "shift_settings_rest" CHECK ("work"."shift_settings"."min_rest_hours" >= 0 and "work"."shift_settings"."min_rest_hours" <= 48),
	CONSTRAINT "shift_settings_weekly" CHECK ("work"."shift_settings"."max_weekly_hours" > 0 and "work"."shift_settings"."max_weekly_hours" <= 168)
);
--> statement-breakpoint
ALTER TABLE "work"."shift_settings" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "work"."shift_swaps" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"shift_id" uuid NOT NULL,
	"requester_id" uuid NOT NULL,
	"target_employee_id" uuid NOT NULL,
	"target_shift_id" uuid,
	"status" text DEFAULT 'PENDING' NOT NULL,
	"note" text,
	"requested_by" uuid,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "shift_swaps_reason" CHECK ("work"."shift_swaps"."status" <> 'REJECTED' or "work"."shift_swaps"."reason" is not null)
);
--> statement-breakpoint
ALTER TABLE "work"."shift_swaps" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "work"."shift_templates" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"name" text NOT NULL,
	"start_minute" integer NOT NULL,
	"end_minute" integer NOT NULL,
	"break_minutes" integer DEFAULT 0 NOT NULL,
	"time_zone" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "shift_templates_minutes" CHECK ("work"."shift_templates"."start_minute" between 0 and 1439 and "work"."shift_templates"."end_minute" between 0 and 1439),
	CONSTRAINT "shift_templates_break" CHECK ("work"."shift_templates"."break_minutes" >= 0)
);
--> statement-breakpoint
ALTER TABLE "work"."shift_templates" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "work"."shifts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"schedule_id" uuid NOT NULL,
	"template_id" uuid,
	"employee_id" uuid,
	"date" date NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"break_minutes" integer DEFAULT 0 NOT NULL,
	"status" text NOT NULL,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "shifts_times" CHECK ("work"."shifts"."ends_at" > "work"."shifts"."starts_at" and "work"."shifts"."ends_at" <= "work"."shifts"."starts_at" + interval '24 hours'),
	CONSTRAINT "shifts_status_employee" CHECK (("work"."shifts"."status" = 'ASSIGNED') = ("work"."shifts"."employee_id" is not null) or "work"."shifts"."status" = 'CANCELLED'),
	CONSTRAINT "shifts_break" CHECK ("work"."shifts"."break_minutes" >= 0)
);
--> statement-breakpoint
ALTER TABLE "work"."shifts" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "work"."shift_swaps" ADD CONSTRAINT "shift_swaps_shift_id_shifts_id_fk" FOREIGN KEY ("shift_id") REFERENCES "work"."shifts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work"."shift_swaps" ADD CONSTRAINT "shift_swaps_target_shift_id_shifts_id_fk" FOREIGN KEY ("target_shift_id") REFERENCES "work"."shifts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work"."shifts" ADD CONSTRAINT "shifts_schedule_id_schedules_id_fk" FOREIGN KEY ("schedule_id") REFERENCES "work"."schedules"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work"."shifts" ADD CONSTRAINT "shifts_template_id_shift_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "work"."shift_templates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "schedules_tenant_name_uq" ON "work"."schedules" USING btree ("tenant_id","name");--> statement-breakpoint
CREATE INDEX "schedules_tenant_department_idx" ON "work"."schedules" USING btree ("tenant_id","department_id");--> statement-breakpoint
CREATE INDEX "shift_swaps_tenant_status_idx" ON "work"."shift_swaps" USING btree ("tenant_id","status","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "shift_swaps_one_pending_uq" ON "work"."shift_swaps" USING btree ("tenant_id","shift_id") WHERE "work"."shift_swaps"."status" = 'PENDING';--> statement-breakpoint
CREATE UNIQUE INDEX "shift_templates_tenant_name_uq" ON "work"."shift_templates" USING btree ("tenant_id","name");--> statement-breakpoint
CREATE INDEX "shifts_schedule_date_idx" ON "work"."shifts" USING btree ("tenant_id","schedule_id","date");--> statement-breakpoint
CREATE INDEX "shifts_employee_starts_idx" ON "work"."shifts" USING btree ("tenant_id","employee_id","starts_at");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "work"."schedules" AS PERMISSIVE FOR ALL TO "wg_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "work"."shift_settings" AS PERMISSIVE FOR ALL TO "wg_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "work"."shift_swaps" AS PERMISSIVE FOR ALL TO "wg_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "work"."shift_templates" AS PERMISSIVE FOR ALL TO "wg_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "work"."shifts" AS PERMISSIVE FOR ALL TO "wg_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);
--> statement-breakpoint
-- No employee holds two assigned shifts whose times overlap (open and cancelled shifts do not
-- count). The service checks first for a CONFLICT naming the clash; this makes a double booking
-- impossible when two assignments race: the second waits for the first and then fails with
-- exclusion_violation (23P01). Ranges are half-open ('[)'): back-to-back shifts are fine.
CREATE EXTENSION IF NOT EXISTS btree_gist;
--> statement-breakpoint
ALTER TABLE "work"."shifts"
  ADD CONSTRAINT "shifts_no_overlap"
  EXCLUDE USING gist (
    "tenant_id" WITH =,
    "employee_id" WITH =,
    tstzrange("starts_at", "ends_at", '[)') WITH &&
  ) WHERE ("status" = 'ASSIGNED');
