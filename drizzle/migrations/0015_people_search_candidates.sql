-- Why a SECURITY DEFINER function: under row-level security PostgreSQL evaluates the policy before
-- any non-LEAKPROOF operator, so `@@` (full text) and `%` (pg_trgm) can't be index conditions for
-- the wg_app role and every search became a sequential scan of the table. This function runs as
-- the table owner (RLS not applied), so the GIN indexes are used, and restricts to the caller's
-- tenant itself, from the same transaction-local setting the policies read (a caller cannot pass
-- another tenant). It returns only ids; the outer query reads the rows under RLS as usual.
-- cpu_operator_cost: a trigram or text-search match costs ~100x a plain comparison, which the default
-- operator cost ignores; with it the planner picks a sequential scan up to ~100k rows even though the
-- GIN bitmap scans are several times faster (measured in scripts/bench/people.ts). Scoped to this function.
-- jit = off: the higher costs would cross jit_above_cost, and compiling the plan took seconds per call.
CREATE OR REPLACE FUNCTION people.employee_search_candidates(q text, tsq tsquery)
RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, public
SET cpu_operator_cost = 0.25
SET jit = off
AS $$
  SELECT e.id
  FROM people.employees e
  WHERE e.tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
    AND (e.search_vector @@ tsq
         OR e.search_name % q
         OR e.search_anagram % people.name_anagram(q))
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION people.employee_search_candidates(text, tsquery) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION people.employee_search_candidates(text, tsquery) TO wg_app;
