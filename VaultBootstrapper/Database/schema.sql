-- The application schema, owned by a role nobody can log in as. The services reach it only through the group
-- roles app_writer and app_reader, which Vault's short-lived users join; no object is ever owned by one of those
-- users, so dropping them at the end of their lease cannot fail on ownership. Every statement is idempotent.

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'app_owner') THEN
        CREATE ROLE app_owner NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'app_writer') THEN
        CREATE ROLE app_writer NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'app_reader') THEN
        CREATE ROLE app_reader NOLOGIN;
    END IF;
END
$$;

CREATE SCHEMA IF NOT EXISTS app AUTHORIZATION app_owner;
REVOKE ALL ON SCHEMA public FROM PUBLIC;

SET ROLE app_owner;

-- Every secret version the writer stored, recorded in the same transaction as its outbox event.
CREATE TABLE IF NOT EXISTS app.secret_writes (
    path          text        NOT NULL,
    version       integer     NOT NULL,
    created_time  timestamptz NOT NULL,
    recorded_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (path, version)
);

-- Events waiting for the broker; sent_at is set once RabbitMQ has accepted them.
CREATE TABLE IF NOT EXISTS app.outbox (
    id            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    message_type  text        NOT NULL,
    payload       jsonb       NOT NULL,
    trace_parent  text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    sent_at       timestamptz
);
CREATE INDEX IF NOT EXISTS outbox_unsent ON app.outbox (id) WHERE sent_at IS NULL;
-- Sent rows are deleted after the writer's retention, oldest first.
CREATE INDEX IF NOT EXISTS outbox_sent ON app.outbox (sent_at) WHERE sent_at IS NOT NULL;

-- Secret writes sent with an Idempotency-Key. The key is claimed before Vault is written and completed with the
-- version in the transaction that records the write, so a retry gets the recorded answer instead of a second write.
-- The fingerprint is Vault transit's HMAC of the path, cas and data: keyed, as a plain hash of a short secret can be guessed.
CREATE TABLE IF NOT EXISTS app.idempotent_writes (
    idempotency_key  text        PRIMARY KEY,
    fingerprint      bytea       NOT NULL,
    path             text        NOT NULL,
    version          integer,
    created_time     timestamptz,
    claimed_at       timestamptz NOT NULL DEFAULT now()
);

-- Registered users; the email is a transit ciphertext (vault:vN:...), never plaintext.
CREATE TABLE IF NOT EXISTS app.registered_users (
    id                text        PRIMARY KEY,
    name              text        NOT NULL,
    email_ciphertext  text        NOT NULL CHECK (email_ciphertext LIKE 'vault:v%'),
    created_at        timestamptz NOT NULL DEFAULT now()
);

-- Every secret version the reader fetched, once, however often the event was delivered.
CREATE TABLE IF NOT EXISTS app.secret_reads (
    path     text        NOT NULL,
    version  integer     NOT NULL,
    read_at  timestamptz NOT NULL DEFAULT now(),
    lag      interval    NOT NULL,
    PRIMARY KEY (path, version)
);

-- Welcome messages the reader queued for registered users, addressed to the decrypted email (stored masked).
CREATE TABLE IF NOT EXISTS app.welcome_messages (
    user_id           text        PRIMARY KEY,
    recipient_masked  text        NOT NULL,
    queued_at         timestamptz NOT NULL DEFAULT now()
);

RESET ROLE;

-- Exactly what each service needs. The writer never reads what it wrote; the reader never writes the writer's tables.
GRANT USAGE ON SCHEMA app TO app_writer, app_reader;
GRANT INSERT ON app.secret_writes TO app_writer;
GRANT INSERT, SELECT, DELETE, UPDATE (sent_at) ON app.outbox TO app_writer;
GRANT INSERT, SELECT, DELETE, UPDATE (version, created_time) ON app.idempotent_writes TO app_writer;
GRANT INSERT ON app.registered_users TO app_writer;
GRANT SELECT ON app.registered_users TO app_reader;
GRANT INSERT, SELECT ON app.secret_reads TO app_reader;
GRANT INSERT ON app.welcome_messages TO app_reader;
