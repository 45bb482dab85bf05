-- security.access_log is append-only for everyone, the table owner included: migrate.ts grants
-- wg_app full DML on ordinary tables after every run, so a REVOKE here would not last; a trigger does.
CREATE FUNCTION "security"."access_log_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'security.access_log is append-only';
END
$$;
--> statement-breakpoint
CREATE TRIGGER "access_log_no_update_delete" BEFORE UPDATE OR DELETE ON "security"."access_log"
  FOR EACH ROW EXECUTE FUNCTION "security"."access_log_append_only"();
--> statement-breakpoint
CREATE TRIGGER "access_log_no_truncate" BEFORE TRUNCATE ON "security"."access_log"
  FOR EACH STATEMENT EXECUTE FUNCTION "security"."access_log_append_only"();
