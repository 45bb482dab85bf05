CREATE TABLE "people"."benefit_enrollments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"employee_id" uuid NOT NULL,
	"plan_id" uuid NOT NULL,
	"plan_type" text NOT NULL,
	"coverage_start" date NOT NULL,
	"coverage_end" date,
	"dependants" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "benefit_enrollments_dates" CHECK ("people"."benefit_enrollments"."coverage_end" is null or "people"."benefit_enrollments"."coverage_end" >= "people"."benefit_enrollments"."coverage_start")
);
--> statement-breakpoint
ALTER TABLE "people"."benefit_enrollments" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "people"."benefit_plans" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"name" text NOT NULL,
	"type" text NOT NULL,
	"provider" text NOT NULL,
	"description" text,
	"currency" char(3) NOT NULL,
	"employee_cost" numeric(14, 2) NOT NULL,
	"employer_cost" numeric(14, 2) NOT NULL,
	"eligible_employment_types" text[] NOT NULL,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "benefit_plans_costs_nonnegative" CHECK ("people"."benefit_plans"."employee_cost" >= 0 and "people"."benefit_plans"."employer_cost" >= 0),
	CONSTRAINT "benefit_plans_eligibility_nonempty" CHECK (cardinality("people"."benefit_plans"."eligible_employment_types") > 0)
);
--> statement-breakpoint
ALTER TABLE "people"."benefit_plans" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "people"."employee_skills" (
	"tenant_id" uuid NOT NULL,
	"employee_id" uuid NOT NULL,
	"skill_id" uuid NOT NULL,
	"proficiency" smallint NOT NULL,
	"last_used_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "employee_skills_tenant_id_employee_id_skill_id_pk" PRIMARY KEY("tenant_id","employee_id","skill_id"),
	CONSTRAINT "employee_skills_proficiency_range" CHECK ("people"."employee_skills"."proficiency" between 1 and 5)
);
--> statement-breakpoint
ALTER TABLE "people"."employee_skills" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "people"."positions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"title" text NOT NULL,
	"level" text,
	"job_family" text,
	"department_id" uuid NOT NULL,
	"approved_seats" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "positions_approved_seats_nonnegative" CHECK ("people"."positions"."approved_seats" >= 0)
);
--> statement-breakpoint
ALTER TABLE "people"."positions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "people"."skills" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"name" text NOT NULL,
	"category" text,
	"description" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "people"."skills" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "people"."departments" ADD COLUMN "head_employee_id" uuid;--> statement-breakpoint
ALTER TABLE "people"."departments" ADD COLUMN "cost_centre" text;--> statement-breakpoint
ALTER TABLE "people"."benefit_enrollments" ADD CONSTRAINT "benefit_enrollments_employee_id_employees_id_fk" FOREIGN KEY ("employee_id") REFERENCES "people"."employees"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "people"."benefit_enrollments" ADD CONSTRAINT "benefit_enrollments_plan_id_benefit_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "people"."benefit_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "people"."employee_skills" ADD CONSTRAINT "employee_skills_employee_id_employees_id_fk" FOREIGN KEY ("employee_id") REFERENCES "people"."employees"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "people"."employee_skills" ADD CONSTRAINT "employee_skills_skill_id_skills_id_fk" FOREIGN KEY ("skill_id") REFERENCES "people"."skills"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "people"."positions" ADD CONSTRAINT "positions_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "people"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "benefit_enrollments_tenant_employee_idx" ON "people"."benefit_enrollments" USING btree ("tenant_id","employee_id","plan_type");--> statement-breakpoint
CREATE INDEX "benefit_enrollments_tenant_plan_idx" ON "people"."benefit_enrollments" USING btree ("tenant_id","plan_id");--> statement-breakpoint
CREATE UNIQUE INDEX "benefit_plans_tenant_name_uq" ON "people"."benefit_plans" USING btree ("tenant_id",lower("name"));--> statement-breakpoint
CREATE INDEX "benefit_plans_tenant_type_idx" ON "people"."benefit_plans" USING btree ("tenant_id","type");--> statement-breakpoint
CREATE INDEX "employee_skills_tenant_skill_idx" ON "people"."employee_skills" USING btree ("tenant_id","skill_id","proficiency");--> statement-breakpoint
CREATE INDEX "positions_tenant_department_idx" ON "people"."positions" USING btree ("tenant_id","department_id");--> statement-breakpoint
CREATE UNIQUE INDEX "positions_tenant_title_level_dept_uq" ON "people"."positions" USING btree ("tenant_id","department_id",lower("title"),coalesce(lower("level"), ''));--> statement-breakpoint
CREATE UNIQUE INDEX "skills_tenant_name_uq" ON "people"."skills" USING btree ("tenant_id",lower("name"));--> statement-breakpoint
ALTER TABLE "people"."departments" ADD CONSTRAINT "departments_head_employee_id_employees_id_fk" FOREIGN KEY ("head_employee_id") REFERENCES "people"."employees"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "departments_tenant_parent_idx" ON "people"."departments" USING btree ("tenant_id","parent_id");--> statement-breakpoint
ALTER TABLE "people"."departments" ADD CONSTRAINT "departments_not_own_parent" CHECK ("people"."departments"."parent_id" is null or "people"."departments"."parent_id" <> "people"."departments"."id");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "people"."benefit_enrollments" AS PERMISSIVE FOR ALL TO "wg_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "people"."benefit_plans" AS PERMISSIVE FOR ALL TO "wg_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "people"."employee_skills" AS PERMISSIVE FOR ALL TO "wg_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "people"."positions" AS PERMISSIVE FOR ALL TO "wg_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "people"."skills" AS PERMISSIVE FOR ALL TO "wg_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);