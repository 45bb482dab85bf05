CREATE TABLE "insights"."recruiting_applications" (
	"tenant_id" uuid NOT NULL,
	"application_id" uuid NOT NULL,
	"posting_id" uuid NOT NULL,
	"department_id" uuid NOT NULL,
	"source" text NOT NULL,
	"stage" text NOT NULL,
	"furthest_rank" integer NOT NULL,
	"applied_at" timestamp with time zone NOT NULL,
	"hired_at" timestamp with time zone,
	"version" timestamp with time zone NOT NULL,
	CONSTRAINT "recruiting_applications_tenant_id_application_id_pk" PRIMARY KEY("tenant_id","application_id")
);
--> statement-breakpoint
ALTER TABLE "insights"."recruiting_applications" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "insights"."recruiting_offers" (
	"tenant_id" uuid NOT NULL,
	"offer_id" uuid NOT NULL,
	"application_id" uuid NOT NULL,
	"department_id" uuid NOT NULL,
	"status" text NOT NULL,
	"outcome" text,
	"decided_at" timestamp with time zone,
	"version" timestamp with time zone NOT NULL,
	CONSTRAINT "recruiting_offers_tenant_id_offer_id_pk" PRIMARY KEY("tenant_id","offer_id")
);
--> statement-breakpoint
ALTER TABLE "insights"."recruiting_offers" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "insights"."recruiting_postings" (
	"tenant_id" uuid NOT NULL,
	"posting_id" uuid NOT NULL,
	"department_id" uuid NOT NULL,
	"status" text NOT NULL,
	"openings" integer NOT NULL,
	"close_reason" text,
	"version" timestamp with time zone NOT NULL,
	CONSTRAINT "recruiting_postings_tenant_id_posting_id_pk" PRIMARY KEY("tenant_id","posting_id")
);
--> statement-breakpoint
ALTER TABLE "insights"."recruiting_postings" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE INDEX "recruiting_applications_tenant_applied_idx" ON "insights"."recruiting_applications" USING btree ("tenant_id","applied_at");--> statement-breakpoint
CREATE INDEX "recruiting_applications_tenant_department_idx" ON "insights"."recruiting_applications" USING btree ("tenant_id","department_id","applied_at");--> statement-breakpoint
CREATE INDEX "recruiting_offers_tenant_decided_idx" ON "insights"."recruiting_offers" USING btree ("tenant_id","decided_at");--> statement-breakpoint
CREATE INDEX "recruiting_postings_tenant_department_idx" ON "insights"."recruiting_postings" USING btree ("tenant_id","department_id");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "insights"."recruiting_applications" AS PERMISSIVE FOR ALL TO "wg_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "insights"."recruiting_offers" AS PERMISSIVE FOR ALL TO "wg_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "insights"."recruiting_postings" AS PERMISSIVE FOR ALL TO "wg_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);