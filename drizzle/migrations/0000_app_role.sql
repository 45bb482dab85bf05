-- The non-owner role that every request runs under (SET LOCAL ROLE wg_app inside a transaction).
-- Roles are cluster-wide, so create it only once; NOLOGIN because nobody connects as it directly.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'wg_app') THEN
    CREATE ROLE wg_app NOLOGIN NOBYPASSRLS;
  END IF;
END
$$;
--> statement-breakpoint
-- The migrating (owner) user must be able to switch to it.
GRANT wg_app TO CURRENT_USER;
