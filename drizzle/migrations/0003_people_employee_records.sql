CREATE TABLE "people"."employee_custom_field_definitions" (
	"tenant_id" uuid NOT NULL,
	"key" text NOT NULL,
	"label" text NOT NULL,
	"type" text NOT NULL,
	"required" boolean DEFAULT false NOT NULL,
	"options" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "employee_custom_field_definitions_tenant_id_key_pk" PRIMARY KEY("tenant_id","key")
);
--> statement-breakpoint
ALTER TABLE "people"."employee_custom_field_definitions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "people"."employee_history" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"employee_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"effective_date" date NOT NULL,
	"before" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"after" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"reason" text,
	"actor_id" uuid,
	"request_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "people"."employee_history" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "people"."employee_number_counters" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"last_value" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "people"."employee_number_counters" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "people"."employees" ADD COLUMN "employee_number" text;--> statement-breakpoint
-- Existing employees get numbers in hiring order; the per-tenant counter continues from there.
UPDATE "people"."employees" e SET "employee_number" = 'EMP-' || lpad(n.rn::text, 6, '0')
  FROM (SELECT id, row_number() OVER (PARTITION BY tenant_id ORDER BY hire_date, id) AS rn FROM "people"."employees") n
  WHERE n.id = e.id;--> statement-breakpoint
ALTER TABLE "people"."employees" ALTER COLUMN "employee_number" SET NOT NULL;--> statement-breakpoint
INSERT INTO "people"."employee_number_counters" ("tenant_id", "last_value")
  SELECT tenant_id, count(*) FROM "people"."employees" GROUP BY tenant_id;--> statement-breakpoint
ALTER TABLE "people"."employees" ADD COLUMN "preferred_name" text;--> statement-breakpoint
ALTER TABLE "people"."employees" ADD COLUMN "personal_email" text;--> statement-breakpoint
ALTER TABLE "people"."employees" ADD COLUMN "phone" text;--> statement-breakpoint
ALTER TABLE "people"."employees" ADD COLUMN "date_of_birth" date;--> statement-breakpoint
ALTER TABLE "people"."employees" ADD COLUMN "start_date" date;--> statement-breakpoint
ALTER TABLE "people"."employees" ADD COLUMN "termination_date" date;--> statement-breakpoint
ALTER TABLE "people"."employees" ADD COLUMN "termination_reason" text;--> statement-breakpoint
ALTER TABLE "people"."employees" ADD COLUMN "employment_type" text DEFAULT 'FULL_TIME' NOT NULL;--> statement-breakpoint
ALTER TABLE "people"."employees" ADD COLUMN "position_id" uuid;--> statement-breakpoint
ALTER TABLE "people"."employees" ADD COLUMN "work_location" text;--> statement-breakpoint
ALTER TABLE "people"."employees" ADD COLUMN "avatar_url" text;--> statement-breakpoint
ALTER TABLE "people"."employees" ADD COLUMN "custom_fields" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "people"."employees" ADD COLUMN "national_id_enc" text;--> statement-breakpoint
ALTER TABLE "people"."employees" ADD COLUMN "bank_account_enc" text;--> statement-breakpoint
ALTER TABLE "people"."employees" ADD COLUMN "emergency_contact_enc" text;--> statement-breakpoint
ALTER TABLE "people"."employees" ADD COLUMN "erased_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "people"."employees" ADD COLUMN "search_name" text GENERATED ALWAYS AS (lower(first_name || ' ' || last_name || coalesce(' ' || preferred_name, ''))) STORED;--> statement-breakpoint
ALTER TABLE "people"."employees" ADD COLUMN "search_vector" "tsvector" GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, first_name || ' ' || last_name || coalesce(' ' || preferred_name, '') || ' ' || replace(replace(work_email, '@', ' '), '.', ' ') || ' ' || employee_number || coalesce(' ' || job_title, ''))) STORED;--> statement-breakpoint
ALTER TABLE "people"."employee_history" ADD CONSTRAINT "employee_history_employee_id_employees_id_fk" FOREIGN KEY ("employee_id") REFERENCES "people"."employees"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "employee_history_tenant_employee_idx" ON "people"."employee_history" USING btree ("tenant_id","employee_id","effective_date");--> statement-breakpoint
CREATE UNIQUE INDEX "employees_tenant_number_uq" ON "people"."employees" USING btree ("tenant_id","employee_number");--> statement-breakpoint
CREATE INDEX "employees_tenant_position_idx" ON "people"."employees" USING btree ("tenant_id","position_id");--> statement-breakpoint
CREATE INDEX "employees_tenant_name_idx" ON "people"."employees" USING btree ("tenant_id","last_name","first_name","id");--> statement-breakpoint
CREATE INDEX "employees_tenant_hire_idx" ON "people"."employees" USING btree ("tenant_id","hire_date","id");--> statement-breakpoint
CREATE INDEX "employees_search_vector_idx" ON "people"."employees" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX "employees_search_name_trgm_idx" ON "people"."employees" USING gin ("search_name" gin_trgm_ops);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "people"."employee_custom_field_definitions" AS PERMISSIVE FOR ALL TO "wg_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "people"."employee_history" AS PERMISSIVE FOR ALL TO "wg_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "people"."employee_number_counters" AS PERMISSIVE FOR ALL TO "wg_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);