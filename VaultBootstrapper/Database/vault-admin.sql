-- The role Vault connects as: it creates and drops the short-lived users, so it needs CREATEROLE and the right
-- to hand out (only) the two group roles, and pg_signal_backend so revocation can end a dropped user's sessions.
-- It is not a superuser and owns nothing.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'vault_admin') THEN
        CREATE ROLE vault_admin LOGIN CREATEROLE NOSUPERUSER;
    END IF;
END
$$;

GRANT app_writer TO vault_admin WITH ADMIN OPTION;
GRANT app_reader TO vault_admin WITH ADMIN OPTION;
GRANT pg_signal_backend TO vault_admin;
