ALTER TABLE "people"."outbox" ADD COLUMN "published_epoch" text;--> statement-breakpoint
ALTER TABLE "people"."outbox" ADD COLUMN "published_position" text;--> statement-breakpoint
ALTER TABLE "people"."outbox" ADD COLUMN "acknowledged_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "work"."outbox" ADD COLUMN "published_epoch" text;--> statement-breakpoint
ALTER TABLE "work"."outbox" ADD COLUMN "published_position" text;--> statement-breakpoint
ALTER TABLE "work"."outbox" ADD COLUMN "acknowledged_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "finance"."outbox" ADD COLUMN "published_epoch" text;--> statement-breakpoint
ALTER TABLE "finance"."outbox" ADD COLUMN "published_position" text;--> statement-breakpoint
ALTER TABLE "finance"."outbox" ADD COLUMN "acknowledged_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "recruiting"."outbox" ADD COLUMN "published_epoch" text;--> statement-breakpoint
ALTER TABLE "recruiting"."outbox" ADD COLUMN "published_position" text;--> statement-breakpoint
ALTER TABLE "recruiting"."outbox" ADD COLUMN "acknowledged_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "security"."outbox" ADD COLUMN "published_epoch" text;--> statement-breakpoint
ALTER TABLE "security"."outbox" ADD COLUMN "published_position" text;--> statement-breakpoint
ALTER TABLE "security"."outbox" ADD COLUMN "acknowledged_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "insights"."outbox" ADD COLUMN "published_epoch" text;--> statement-breakpoint
ALTER TABLE "insights"."outbox" ADD COLUMN "published_position" text;--> statement-breakpoint
ALTER TABLE "insights"."outbox" ADD COLUMN "acknowledged_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "outbox_unacknowledged_idx" ON "people"."outbox" USING btree ("seq") WHERE "people"."outbox"."published_at" is not null and "people"."outbox"."acknowledged_at" is null;--> statement-breakpoint
CREATE INDEX "outbox_unacknowledged_idx" ON "work"."outbox" USING btree ("seq") WHERE "work"."outbox"."published_at" is not null and "work"."outbox"."acknowledged_at" is null;--> statement-breakpoint
CREATE INDEX "outbox_unacknowledged_idx" ON "finance"."outbox" USING btree ("seq") WHERE "finance"."outbox"."published_at" is not null and "finance"."outbox"."acknowledged_at" is null;--> statement-breakpoint
CREATE INDEX "outbox_unacknowledged_idx" ON "recruiting"."outbox" USING btree ("seq") WHERE "recruiting"."outbox"."published_at" is not null and "recruiting"."outbox"."acknowledged_at" is null;--> statement-breakpoint
CREATE INDEX "outbox_unacknowledged_idx" ON "security"."outbox" USING btree ("seq") WHERE "security"."outbox"."published_at" is not null and "security"."outbox"."acknowledged_at" is null;--> statement-breakpoint
CREATE INDEX "outbox_unacknowledged_idx" ON "insights"."outbox" USING btree ("seq") WHERE "insights"."outbox"."published_at" is not null and "insights"."outbox"."acknowledged_at" is null;--> statement-breakpoint
-- Rows published before acknowledgements were tracked count as delivered (what the old relay assumed), so the first start after this migration does not re-publish the whole history.
UPDATE "people"."outbox" SET "acknowledged_at" = "published_at" WHERE "published_at" IS NOT NULL;--> statement-breakpoint
UPDATE "work"."outbox" SET "acknowledged_at" = "published_at" WHERE "published_at" IS NOT NULL;--> statement-breakpoint
UPDATE "finance"."outbox" SET "acknowledged_at" = "published_at" WHERE "published_at" IS NOT NULL;--> statement-breakpoint
UPDATE "recruiting"."outbox" SET "acknowledged_at" = "published_at" WHERE "published_at" IS NOT NULL;--> statement-breakpoint
UPDATE "security"."outbox" SET "acknowledged_at" = "published_at" WHERE "published_at" IS NOT NULL;--> statement-breakpoint
UPDATE "insights"."outbox" SET "acknowledged_at" = "published_at" WHERE "published_at" IS NOT NULL;
