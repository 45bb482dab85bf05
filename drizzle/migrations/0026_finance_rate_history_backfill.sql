-- Every existing project rate becomes the first period of its project's rate history, effective
-- from the beginning: that is how those rates priced every line so far, so no amount changes here.
-- (The labour rows keep their amounts and default flags; `pnpm finance:reprice` re-prices them
-- under the effective-dated rule and announces the differences, see the finance README.)
-- RLS is forced on these tables (migrate() re-forces it afterwards): a non-superuser owner would
-- otherwise copy nothing.
ALTER TABLE "finance"."project_rates" NO FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "finance"."project_rate_periods" NO FORCE ROW LEVEL SECURITY;--> statement-breakpoint
INSERT INTO "finance"."project_rate_periods" ("id", "tenant_id", "project_id", "hourly_rate", "currency", "effective_from", "created_at")
SELECT gen_random_uuid(), "tenant_id", "project_id", "hourly_rate", "currency", NULL, "updated_at"
FROM "finance"."project_rates";--> statement-breakpoint
ALTER TABLE "finance"."project_rates" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "finance"."project_rate_periods" FORCE ROW LEVEL SECURITY;
