CREATE TABLE "recruiting"."job_receipts" (
	"tenant_id" uuid NOT NULL,
	"job_id" uuid NOT NULL,
	"effect" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "job_receipts_tenant_id_job_id_effect_pk" PRIMARY KEY("tenant_id","job_id","effect")
);
--> statement-breakpoint
ALTER TABLE "recruiting"."job_receipts" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "recruiting"."jobs" (
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
	CONSTRAINT "jobs_status_known" CHECK ("recruiting"."jobs"."status" in ('pending', 'running', 'done', 'failed', 'cancelled'))
);
--> statement-breakpoint
ALTER TABLE "recruiting"."jobs" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "recruiting"."settings" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"reminder_lead_hours" integer DEFAULT 24 NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "settings_reminder_lead_hours_range" CHECK ("recruiting"."settings"."reminder_lead_hours" between 1 and 168)
);
--> statement-breakpoint
ALTER TABLE "recruiting"."settings" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE INDEX "jobs_tenant_status_idx" ON "recruiting"."jobs" USING btree ("tenant_id","status","run_at");--> statement-breakpoint
CREATE UNIQUE INDEX "jobs_live_key_uq" ON "recruiting"."jobs" USING btree ("tenant_id","queue","key") WHERE "recruiting"."jobs"."status" in ('pending', 'running');--> statement-breakpoint
CREATE INDEX "jobs_due_idx" ON "recruiting"."jobs" USING btree ("run_at") WHERE "recruiting"."jobs"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "jobs_leased_idx" ON "recruiting"."jobs" USING btree ("lease_until") WHERE "recruiting"."jobs"."status" = 'running';--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "recruiting"."job_receipts" AS PERMISSIVE FOR ALL TO "wg_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "recruiting"."jobs" AS PERMISSIVE FOR ALL TO "wg_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "recruiting"."settings" AS PERMISSIVE FOR ALL TO "wg_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
-- Offers sent before expiry became a job: each SENT offer gets its expiry job (due the day after expires_on, UTC).
INSERT INTO "recruiting"."jobs" ("id", "tenant_id", "queue", "key", "payload", "run_at")
SELECT gen_random_uuid(), "tenant_id", 'recruiting.offer.expire', 'offer:' || "id", jsonb_build_object('offerId', "id"),
       ("expires_on" + 1)::timestamp AT TIME ZONE 'UTC'
  FROM "recruiting"."offers" WHERE "status" = 'SENT';--> statement-breakpoint
-- Interviews booked before reminders existed: each future SCHEDULED one gets its reminder (default lead time, 24 h).
INSERT INTO "recruiting"."jobs" ("id", "tenant_id", "queue", "key", "payload", "run_at")
SELECT gen_random_uuid(), "tenant_id", 'recruiting.interview.reminder', 'interview:' || "id",
       jsonb_build_object('interviewId', "id", 'startsAt', to_char("starts_at" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
       greatest("starts_at" - interval '24 hours', now())
  FROM "recruiting"."interviews" WHERE "status" = 'SCHEDULED' AND "starts_at" > now();
