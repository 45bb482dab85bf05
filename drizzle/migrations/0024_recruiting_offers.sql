CREATE TABLE "recruiting"."offers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"application_id" uuid NOT NULL,
	"posting_id" uuid NOT NULL,
	"base_salary" numeric(14, 2) NOT NULL,
	"currency" char(3) NOT NULL,
	"start_date" date NOT NULL,
	"employment_type" text NOT NULL,
	"expires_on" date NOT NULL,
	"notes" text,
	"override_reason" text,
	"status" text DEFAULT 'DRAFT' NOT NULL,
	"created_by" uuid,
	"submitted_at" timestamp with time zone,
	"approved_by" uuid,
	"approved_at" timestamp with time zone,
	"sent_at" timestamp with time zone,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	"employee_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "offers_salary_positive" CHECK ("recruiting"."offers"."base_salary" > 0),
	CONSTRAINT "offers_status_known" CHECK ("recruiting"."offers"."status" in ('DRAFT', 'PENDING_APPROVAL', 'APPROVED', 'SENT', 'ACCEPTED', 'DECLINED', 'EXPIRED', 'WITHDRAWN'))
);
--> statement-breakpoint
ALTER TABLE "recruiting"."offers" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "recruiting"."offers" ADD CONSTRAINT "offers_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "recruiting"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "offers_tenant_application_idx" ON "recruiting"."offers" USING btree ("tenant_id","application_id");--> statement-breakpoint
CREATE UNIQUE INDEX "offers_one_open_per_application_uq" ON "recruiting"."offers" USING btree ("tenant_id","application_id") WHERE "recruiting"."offers"."status" in ('DRAFT', 'PENDING_APPROVAL', 'APPROVED', 'SENT');--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "recruiting"."offers" AS PERMISSIVE FOR ALL TO "wg_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);