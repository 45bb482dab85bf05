ALTER TABLE "work"."timesheet_entries" ADD COLUMN "reviewed_by" uuid;--> statement-breakpoint
ALTER TABLE "work"."timesheet_entries" ADD COLUMN "reviewed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "work"."timesheet_entries" ADD COLUMN "rejection_reason" text;--> statement-breakpoint
ALTER TABLE "work"."timesheet_entries" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "work"."timesheet_entries" ADD CONSTRAINT "timesheet_rejection_reason" CHECK ("work"."timesheet_entries"."status" <> 'REJECTED' or "work"."timesheet_entries"."rejection_reason" is not null);