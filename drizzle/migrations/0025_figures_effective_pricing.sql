CREATE TABLE "finance"."project_rate_periods" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"hourly_rate" numeric(14, 2) NOT NULL,
	"currency" char(3) NOT NULL,
	"effective_from" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "finance"."project_rate_periods" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "finance"."labor_entries" ADD COLUMN "status" text DEFAULT 'SUBMITTED' NOT NULL;--> statement-breakpoint
ALTER TABLE "finance"."labor_entries" ADD COLUMN "counted" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "finance"."labor_entries" ADD COLUMN "cost_priced" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "finance"."labor_entries" ADD COLUMN "rate_priced" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "insights"."labor_facts" ADD COLUMN "unpriced_hours" numeric(12, 2) DEFAULT '0' NOT NULL;--> statement-breakpoint
ALTER TABLE "insights"."labor_facts" ADD COLUMN "unbilled_hours" numeric(12, 2) DEFAULT '0' NOT NULL;--> statement-breakpoint
CREATE INDEX "project_rate_periods_tenant_project_idx" ON "finance"."project_rate_periods" USING btree ("tenant_id","project_id","effective_from");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "finance"."project_rate_periods" AS PERMISSIVE FOR ALL TO "wg_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);