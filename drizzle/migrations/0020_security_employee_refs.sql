CREATE TABLE "security"."entity_refs" (
	"tenant_id" uuid NOT NULL,
	"entity_type" text NOT NULL,
	"id" uuid NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "entity_refs_tenant_id_entity_type_id_pk" PRIMARY KEY("tenant_id","entity_type","id")
);
--> statement-breakpoint
ALTER TABLE "security"."entity_refs" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "security"."entity_refs" AS PERMISSIVE FOR ALL TO "wg_app" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);