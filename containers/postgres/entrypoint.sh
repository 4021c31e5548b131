#!/bin/sh
# Initialises the cluster on first start from POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DB,
# POSTGRES_HOST_AUTH_METHOD and POSTGRES_INITDB_ARGS (the official image's contract), then runs the server
# as the postgres user: PostgreSQL refuses to run as root.
set -eu

: "${POSTGRES_USER:=postgres}"
: "${POSTGRES_DB:=$POSTGRES_USER}"
: "${POSTGRES_HOST_AUTH_METHOD:=scram-sha-256}"

if [ "$(id -u)" = 0 ]; then
    mkdir -p "$PGDATA"
    # A data volume may be mounted at PGDATA or, as Aspire mounts it for the postgres 18 image, at its parent.
    chown postgres:postgres "$(dirname "$PGDATA")"
    chown -R postgres:postgres "$PGDATA"
    chmod 700 "$PGDATA"
    exec gosu postgres "$0" "$@"
fi

if [ ! -s "$PGDATA/PG_VERSION" ]; then
    if [ -z "${POSTGRES_PASSWORD:-}" ] && [ "$POSTGRES_HOST_AUTH_METHOD" != trust ]; then
        echo "entrypoint: POSTGRES_PASSWORD is required unless POSTGRES_HOST_AUTH_METHOD=trust" >&2
        exit 1
    fi
    # The password goes through a file that only this user can read, never a command line.
    pwfile=$(mktemp)
    printf '%s' "${POSTGRES_PASSWORD:-}" > "$pwfile"
    # shellcheck disable=SC2086 # POSTGRES_INITDB_ARGS is a list of arguments, as in the official image.
    initdb --username="$POSTGRES_USER" --pwfile="$pwfile" ${POSTGRES_INITDB_ARGS:-} > /dev/null
    rm -f "$pwfile"
    {
        echo "listen_addresses = '*'"
        echo "password_encryption = scram-sha-256"
    } >> "$PGDATA/postgresql.conf"
    echo "host all all all $POSTGRES_HOST_AUTH_METHOD" >> "$PGDATA/pg_hba.conf"
    if [ "$POSTGRES_DB" != postgres ]; then
        postgres --single -jE -D "$PGDATA" postgres > /dev/null <<SQL
CREATE DATABASE "$POSTGRES_DB";
SQL
    fi
    echo "entrypoint: initialised a new cluster in $PGDATA"
fi

if [ "${1:-}" = postgres ]; then
    shift
    exec postgres -D "$PGDATA" "$@"
fi
exec "$@"
