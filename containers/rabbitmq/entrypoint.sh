#!/bin/sh
# Writes the default user from RABBITMQ_DEFAULT_USER/RABBITMQ_DEFAULT_PASS into the broker's configuration
# (read on the first boot only, as in the official image), then runs the broker as the rabbitmq user.
set -eu

config=/etc/rabbitmq/rabbitmq.conf
{
    echo "loopback_users = none"
    echo "listeners.tcp.default = 5672"
    echo "management.tcp.port = 15672"
    echo "log.console = true"
    echo "log.console.level = info"
    if [ -n "${RABBITMQ_DEFAULT_USER:-}" ]; then echo "default_user = $RABBITMQ_DEFAULT_USER"; fi
    if [ -n "${RABBITMQ_DEFAULT_PASS:-}" ]; then echo "default_pass = $RABBITMQ_DEFAULT_PASS"; fi
} > "$config"
chown rabbitmq:rabbitmq "$config"
chmod 600 "$config"
chown -R rabbitmq:rabbitmq /var/lib/rabbitmq

# Debian's /usr/sbin/rabbitmq-server is a wrapper that passes no signal on, and as PID 1 it ignores SIGTERM, so
# `podman stop` (an Aspire stop, Ctrl+C) would wait 10 s and kill the node. The script it runs traps SIGTERM
# and stops the node cleanly: run that one.
if [ "${1:-}" = rabbitmq-server ]; then
    shift
    set -- /usr/lib/rabbitmq/bin/rabbitmq-server "$@"
fi

if [ "$(id -u)" = 0 ]; then
    cd /var/lib/rabbitmq
    exec gosu rabbitmq "$@"
fi
exec "$@"
