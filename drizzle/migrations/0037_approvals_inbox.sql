CREATE TABLE "security"."approvals" (
	"tenant_id" uuid NOT NULL,
	"id" text NOT NULL,
	"kind" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"status" text NOT NULL,
	"subject" text NOT NULL,
	"requested_by" uuid,
	"requester_employee_id" uuid,
	"requested_at" timestamp with time zone NOT NULL,
	"employee_id" uuid,
	"department_id" uuid,
	"decided_at" timestamp with time zone,
	"decided_by" uuid,
	"changed_at" timestamp with time zone NOT NULL,
	"event_id" uuid NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "approvals_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "approvals_status_known" CHECK ("security"."approvals"."status" in ('PENDING', 'APPROVED', 'REJECTED', 'WITHDRAWN'))
);
--> statement-breakpoint
ALTER TABLE "security"."approvals" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE INDEX "approvals_pending_idx" ON "security"."approvals" USING btree ("tenant_id","requested_at","id") WHERE "security"."approvals"."status" = 'PENDING';--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "security"."approvals" AS PERMISSIVE FOR ALL TO "wg_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);