ALTER TABLE "insights"."conversations" ADD COLUMN "summary" text;--> statement-breakpoint
ALTER TABLE "insights"."conversations" ADD COLUMN "summarized_at" timestamp with time zone;