-- The service only ever stored positions it had read in the same tenant, and a held position cannot
-- be deleted, so no row should point nowhere (or into another tenant). Clear any such id first so
-- the constraint also applies to a database that holds legacy or hand-edited data. RLS is FORCEd on
-- these tables (drizzle/migrate.ts), which would hide every row from a non-superuser owner here; it
-- is lifted for this statement and put back (migrate() FORCEs it again after every run as well).
ALTER TABLE "people"."employees" NO FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "people"."positions" NO FORCE ROW LEVEL SECURITY;--> statement-breakpoint
UPDATE "people"."employees" e SET "position_id" = NULL
WHERE e."position_id" IS NOT NULL
  AND NOT EXISTS (
    SELECT 1 FROM "people"."positions" p WHERE p."id" = e."position_id" AND p."tenant_id" = e."tenant_id"
  );--> statement-breakpoint
ALTER TABLE "people"."employees" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "people"."positions" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "people"."employees" ADD CONSTRAINT "employees_position_id_positions_id_fk" FOREIGN KEY ("position_id") REFERENCES "people"."positions"("id") ON DELETE restrict ON UPDATE no action;
