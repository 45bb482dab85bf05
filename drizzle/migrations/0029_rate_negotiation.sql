CREATE TABLE "finance"."placement_rates" (
	"tenant_id" uuid NOT NULL,
	"negotiation_id" uuid NOT NULL,
	"posting_id" uuid NOT NULL,
	"department_id" uuid,
	"application_id" uuid,
	"candidate_id" uuid,
	"employee_id" uuid,
	"job_title" text NOT NULL,
	"currency" char(3) NOT NULL,
	"unit" text NOT NULL,
	"bill_rate" numeric(14, 2) NOT NULL,
	"pay_rate" numeric(14, 2) NOT NULL,
	"margin" numeric(7, 4) NOT NULL,
	"effective_from" date NOT NULL,
	"agreed_at" timestamp with time zone NOT NULL,
	"event_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "placement_rates_tenant_id_negotiation_id_pk" PRIMARY KEY("tenant_id","negotiation_id"),
	CONSTRAINT "placement_rates_unit_known" CHECK ("finance"."placement_rates"."unit" in ('HOUR', 'DAY')),
	CONSTRAINT "placement_rates_rates" CHECK ("finance"."placement_rates"."pay_rate" > 0 and "finance"."placement_rates"."pay_rate" <= "finance"."placement_rates"."bill_rate")
);
--> statement-breakpoint
ALTER TABLE "finance"."placement_rates" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "recruiting"."rate_negotiation_rounds" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"negotiation_id" uuid NOT NULL,
	"number" smallint NOT NULL,
	"party" text NOT NULL,
	"pay_rate" numeric(14, 2) NOT NULL,
	"bill_rate" numeric(14, 2) NOT NULL,
	"margin" numeric(7, 4) NOT NULL,
	"below_minimum" boolean DEFAULT false NOT NULL,
	"message" text,
	"message_source" text DEFAULT 'USER' NOT NULL,
	"strategy" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rate_negotiation_rounds_party_known" CHECK ("recruiting"."rate_negotiation_rounds"."party" in ('CANDIDATE', 'COMPANY')),
	CONSTRAINT "rate_negotiation_rounds_rates" CHECK ("recruiting"."rate_negotiation_rounds"."number" >= 1 and "recruiting"."rate_negotiation_rounds"."pay_rate" > 0 and "recruiting"."rate_negotiation_rounds"."pay_rate" <= "recruiting"."rate_negotiation_rounds"."bill_rate")
);
--> statement-breakpoint
ALTER TABLE "recruiting"."rate_negotiation_rounds" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "recruiting"."rate_negotiations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"posting_id" uuid NOT NULL,
	"application_id" uuid,
	"employee_id" uuid,
	"currency" char(3) NOT NULL,
	"unit" text NOT NULL,
	"opening_bill_rate" numeric(14, 2) NOT NULL,
	"opening_pay_rate" numeric(14, 2) NOT NULL,
	"bill_rate" numeric(14, 2) NOT NULL,
	"pay_rate" numeric(14, 2) NOT NULL,
	"target_margin" numeric(7, 4) NOT NULL,
	"min_margin" numeric(7, 4) NOT NULL,
	"max_rounds" smallint DEFAULT 5 NOT NULL,
	"round_count" smallint DEFAULT 0 NOT NULL,
	"experience_level" text DEFAULT 'MID' NOT NULL,
	"status" text DEFAULT 'OPEN' NOT NULL,
	"strategy" text,
	"final_bill_rate" numeric(14, 2),
	"final_pay_rate" numeric(14, 2),
	"final_margin" numeric(7, 4),
	"finalized_at" timestamp with time zone,
	"finalized_by" uuid,
	"cancelled_at" timestamp with time zone,
	"cancel_reason" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rate_negotiations_one_worker" CHECK (num_nonnulls("recruiting"."rate_negotiations"."application_id", "recruiting"."rate_negotiations"."employee_id") <= 1),
	CONSTRAINT "rate_negotiations_unit_known" CHECK ("recruiting"."rate_negotiations"."unit" in ('HOUR', 'DAY')),
	CONSTRAINT "rate_negotiations_status_known" CHECK ("recruiting"."rate_negotiations"."status" in ('OPEN', 'FINALIZED', 'CANCELLED')),
	CONSTRAINT "rate_negotiations_rates_positive" CHECK ("recruiting"."rate_negotiations"."bill_rate" > 0 and "recruiting"."rate_negotiations"."pay_rate" > 0 and "recruiting"."rate_negotiations"."opening_bill_rate" > 0 and "recruiting"."rate_negotiations"."opening_pay_rate" > 0),
	CONSTRAINT "rate_negotiations_pay_within_bill" CHECK ("recruiting"."rate_negotiations"."pay_rate" <= "recruiting"."rate_negotiations"."bill_rate" and "recruiting"."rate_negotiations"."opening_pay_rate" <= "recruiting"."rate_negotiations"."opening_bill_rate"),
	CONSTRAINT "rate_negotiations_margins" CHECK ("recruiting"."rate_negotiations"."min_margin" >= 0 and "recruiting"."rate_negotiations"."target_margin" <= 1 and "recruiting"."rate_negotiations"."min_margin" <= "recruiting"."rate_negotiations"."target_margin"),
	CONSTRAINT "rate_negotiations_rounds" CHECK ("recruiting"."rate_negotiations"."max_rounds" between 1 and 20 and "recruiting"."rate_negotiations"."round_count" between 0 and "recruiting"."rate_negotiations"."max_rounds"),
	CONSTRAINT "rate_negotiations_final_only_when_finalized" CHECK (("recruiting"."rate_negotiations"."status" = 'FINALIZED') = ("recruiting"."rate_negotiations"."final_pay_rate" is not null and "recruiting"."rate_negotiations"."final_bill_rate" is not null and "recruiting"."rate_negotiations"."finalized_at" is not null))
);
--> statement-breakpoint
ALTER TABLE "recruiting"."rate_negotiations" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "recruiting"."rate_negotiation_rounds" ADD CONSTRAINT "rate_negotiation_rounds_negotiation_id_rate_negotiations_id_fk" FOREIGN KEY ("negotiation_id") REFERENCES "recruiting"."rate_negotiations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recruiting"."rate_negotiations" ADD CONSTRAINT "rate_negotiations_posting_id_job_postings_id_fk" FOREIGN KEY ("posting_id") REFERENCES "recruiting"."job_postings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recruiting"."rate_negotiations" ADD CONSTRAINT "rate_negotiations_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "recruiting"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "placement_rates_tenant_department_idx" ON "finance"."placement_rates" USING btree ("tenant_id","department_id");--> statement-breakpoint
CREATE INDEX "placement_rates_tenant_employee_idx" ON "finance"."placement_rates" USING btree ("tenant_id","employee_id");--> statement-breakpoint
CREATE UNIQUE INDEX "rate_negotiation_rounds_tenant_number_uq" ON "recruiting"."rate_negotiation_rounds" USING btree ("tenant_id","negotiation_id","number");--> statement-breakpoint
CREATE INDEX "rate_negotiations_tenant_posting_idx" ON "recruiting"."rate_negotiations" USING btree ("tenant_id","posting_id","status");--> statement-breakpoint
CREATE INDEX "rate_negotiations_tenant_application_idx" ON "recruiting"."rate_negotiations" USING btree ("tenant_id","application_id");--> statement-breakpoint
CREATE INDEX "rate_negotiations_tenant_employee_idx" ON "recruiting"."rate_negotiations" USING btree ("tenant_id","employee_id");--> statement-breakpoint
CREATE UNIQUE INDEX "rate_negotiations_one_open_per_application_uq" ON "recruiting"."rate_negotiations" USING btree ("tenant_id","application_id") WHERE "recruiting"."rate_negotiations"."status" = 'OPEN' and "recruiting"."rate_negotiations"."application_id" is not null;--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "finance"."placement_rates" AS PERMISSIVE FOR ALL TO "wg_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "recruiting"."rate_negotiation_rounds" AS PERMISSIVE FOR ALL TO "wg_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "recruiting"."rate_negotiations" AS PERMISSIVE FOR ALL TO "wg_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);