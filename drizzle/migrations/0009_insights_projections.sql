CREATE TABLE "insights"."compensation_facts" (
	"tenant_id" uuid NOT NULL,
	"compensation_id" uuid NOT NULL,
	"employee_id" uuid NOT NULL,
	"annual_salary" numeric(18, 2) NOT NULL,
	"currency" char(3) NOT NULL,
	"effective_from" date NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "compensation_facts_tenant_id_compensation_id_pk" PRIMARY KEY("tenant_id","compensation_id")
);
--> statement-breakpoint
ALTER TABLE "insights"."compensation_facts" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "insights"."department_facts" (
	"tenant_id" uuid NOT NULL,
	"department_id" uuid NOT NULL,
	"name" text NOT NULL,
	"parent_id" uuid,
	"version" timestamp with time zone NOT NULL,
	CONSTRAINT "department_facts_tenant_id_department_id_pk" PRIMARY KEY("tenant_id","department_id")
);
--> statement-breakpoint
ALTER TABLE "insights"."department_facts" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "insights"."employee_facts" (
	"tenant_id" uuid NOT NULL,
	"employee_id" uuid NOT NULL,
	"department_id" uuid,
	"manager_id" uuid,
	"status" text NOT NULL,
	"hire_date" date,
	"terminated_on" date,
	"version" timestamp with time zone NOT NULL,
	CONSTRAINT "employee_facts_tenant_id_employee_id_pk" PRIMARY KEY("tenant_id","employee_id")
);
--> statement-breakpoint
ALTER TABLE "insights"."employee_facts" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "insights"."event_log" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"event_id" uuid NOT NULL,
	"type" text NOT NULL,
	"aggregate_type" text NOT NULL,
	"aggregate_id" uuid NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"data" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "insights"."event_log" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "insights"."project_facts" (
	"tenant_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"name" text NOT NULL,
	"code" text,
	"department_id" uuid,
	"status" text,
	"version" timestamp with time zone NOT NULL,
	CONSTRAINT "project_facts_tenant_id_project_id_pk" PRIMARY KEY("tenant_id","project_id")
);
--> statement-breakpoint
ALTER TABLE "insights"."project_facts" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "insights"."reporting_currencies" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"currency" char(3) NOT NULL,
	"version" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "insights"."reporting_currencies" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE INDEX "compensation_facts_tenant_employee_idx" ON "insights"."compensation_facts" USING btree ("tenant_id","employee_id","effective_from");--> statement-breakpoint
CREATE INDEX "employee_facts_tenant_department_idx" ON "insights"."employee_facts" USING btree ("tenant_id","department_id");--> statement-breakpoint
CREATE INDEX "employee_facts_tenant_manager_idx" ON "insights"."employee_facts" USING btree ("tenant_id","manager_id");--> statement-breakpoint
CREATE UNIQUE INDEX "event_log_tenant_event_uq" ON "insights"."event_log" USING btree ("tenant_id","event_id");--> statement-breakpoint
CREATE INDEX "event_log_tenant_seq_idx" ON "insights"."event_log" USING btree ("tenant_id","seq");--> statement-breakpoint
CREATE INDEX "project_facts_tenant_department_idx" ON "insights"."project_facts" USING btree ("tenant_id","department_id");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "insights"."compensation_facts" AS PERMISSIVE FOR ALL TO "wg_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "insights"."department_facts" AS PERMISSIVE FOR ALL TO "wg_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "insights"."employee_facts" AS PERMISSIVE FOR ALL TO "wg_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "insights"."event_log" AS PERMISSIVE FOR ALL TO "wg_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "insights"."project_facts" AS PERMISSIVE FOR ALL TO "wg_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "insights"."reporting_currencies" AS PERMISSIVE FOR ALL TO "wg_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);