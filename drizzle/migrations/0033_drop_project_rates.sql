-- The rate history (project_rate_periods, backfilled from this table by 0026) is the one record of
-- billing rates; the copy of the latest rate is dropped (issue #12).
DROP POLICY "tenant_isolation" ON "finance"."project_rates" CASCADE;--> statement-breakpoint
DROP TABLE "finance"."project_rates" CASCADE;