ALTER TABLE "work"."projects" ADD COLUMN "budget_amount" numeric(14, 2);--> statement-breakpoint
ALTER TABLE "work"."projects" ADD COLUMN "budget_currency" text;--> statement-breakpoint
CREATE INDEX "timesheets_tenant_status_date_idx" ON "work"."timesheet_entries" USING btree ("tenant_id","status","date","id");--> statement-breakpoint
ALTER TABLE "work"."projects" ADD CONSTRAINT "project_budget_pair" CHECK (("work"."projects"."budget_amount" is null) = ("work"."projects"."budget_currency" is null));--> statement-breakpoint
ALTER TABLE "work"."projects" ADD CONSTRAINT "project_budget_nonnegative" CHECK ("work"."projects"."budget_amount" is null or "work"."projects"."budget_amount" >= 0);