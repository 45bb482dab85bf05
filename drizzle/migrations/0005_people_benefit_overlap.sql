-- No employee may hold two enrollments of the same benefit type whose coverage overlaps.
-- The service checks first (for a friendly CONFLICT); this constraint makes it impossible even
-- under concurrent writers. Coverage end is inclusive, null = open-ended.
CREATE EXTENSION IF NOT EXISTS btree_gist;
--> statement-breakpoint
ALTER TABLE "people"."benefit_enrollments"
  ADD CONSTRAINT "benefit_enrollments_no_overlap"
  EXCLUDE USING gist (
    "tenant_id" WITH =,
    "employee_id" WITH =,
    "plan_type" WITH =,
    daterange("coverage_start", "coverage_end", '[]') WITH &&
  );
