CREATE TABLE "insights"."employee_days" (
	"tenant_id" uuid NOT NULL,
	"employee_id" uuid NOT NULL,
	"date" date NOT NULL,
	"hours" numeric(12, 2) NOT NULL,
	"cost" numeric(16, 2) NOT NULL,
	"revenue" numeric(16, 2) NOT NULL,
	"currency" char(3) NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "employee_days_tenant_id_employee_id_date_pk" PRIMARY KEY("tenant_id","employee_id","date")
);
--> statement-breakpoint
ALTER TABLE "insights"."employee_days" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "insights"."employee_facts" ADD COLUMN "departments" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "insights"."employee_days" AS PERMISSIVE FOR ALL TO "wg_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
-- Existing employees: their current department since the beginning (what figures showed so far).
-- `pnpm insights:rebuild` replaces this with the effective-dated history and fills employee_days.
UPDATE "insights"."employee_facts" SET "departments" = jsonb_build_array(jsonb_build_object('from', null, 'departmentId', "department_id")) WHERE "departments" = '[]'::jsonb;
