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

if [ "$(id -u)" = 0 ]; then
    exec gosu rabbitmq "$@"
fi
exec "$@"
