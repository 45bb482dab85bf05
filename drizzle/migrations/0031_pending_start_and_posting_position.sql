CREATE TABLE "people"."jobs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"queue" text NOT NULL,
	"key" text,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"run_at" timestamp with time zone NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"max_attempts" integer DEFAULT 10 NOT NULL,
	"last_error" text,
	"locked_by" text,
	"lease_token" uuid,
	"lease_until" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "jobs_status_known" CHECK ("people"."jobs"."status" in ('pending', 'running', 'done', 'failed', 'cancelled'))
);
--> statement-breakpoint
ALTER TABLE "people"."jobs" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "recruiting"."job_postings" ADD COLUMN "position_id" uuid;--> statement-breakpoint
CREATE INDEX "jobs_tenant_status_idx" ON "people"."jobs" USING btree ("tenant_id","status","run_at");--> statement-breakpoint
CREATE UNIQUE INDEX "jobs_live_key_uq" ON "people"."jobs" USING btree ("tenant_id","queue","key") WHERE "people"."jobs"."status" in ('pending', 'running');--> statement-breakpoint
CREATE INDEX "jobs_due_idx" ON "people"."jobs" USING btree ("run_at") WHERE "people"."jobs"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "jobs_leased_idx" ON "people"."jobs" USING btree ("lease_until") WHERE "people"."jobs"."status" = 'running';--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "people"."jobs" AS PERMISSIVE FOR ALL TO "wg_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);