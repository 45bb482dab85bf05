-- Conflict-free interviews by construction: no employee sits in two held interviews (SCHEDULED or
-- COMPLETED; cancelled and no-show ones free the slot) whose
-- times overlap, and neither does a candidate. The service checks first (for a friendly CONFLICT
-- naming the clash); these constraints make a double booking impossible even when two bookings
-- race: the second waits for the first to commit and then fails with exclusion_violation (23P01).
-- Ranges are half-open, so back-to-back interviews (10:00-11:00, 11:00-12:00) do not clash.
CREATE EXTENSION IF NOT EXISTS btree_gist;
--> statement-breakpoint
ALTER TABLE "recruiting"."interview_interviewers"
  ADD CONSTRAINT "interviewers_no_overlap"
  EXCLUDE USING gist (
    "tenant_id" WITH =,
    "employee_id" WITH =,
    tstzrange("starts_at", "ends_at", '[)') WITH &&
  ) WHERE ("active");
--> statement-breakpoint
ALTER TABLE "recruiting"."interviews"
  ADD CONSTRAINT "interviews_candidate_no_overlap"
  EXCLUDE USING gist (
    "tenant_id" WITH =,
    "candidate_id" WITH =,
    tstzrange("starts_at", "ends_at", '[)') WITH &&
  ) WHERE ("status" IN ('SCHEDULED', 'COMPLETED'));
