CREATE TABLE "insights"."employee_months" (
	"tenant_id" uuid NOT NULL,
	"employee_id" uuid NOT NULL,
	"month" date NOT NULL,
	"hours" numeric(12, 2) NOT NULL,
	"cost" numeric(16, 2) NOT NULL,
	"revenue" numeric(16, 2) NOT NULL,
	"currency" char(3) NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "employee_months_tenant_id_employee_id_month_pk" PRIMARY KEY("tenant_id","employee_id","month")
);
--> statement-breakpoint
ALTER TABLE "insights"."employee_months" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "insights"."employee_months" AS PERMISSIVE FOR ALL TO "wg_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);