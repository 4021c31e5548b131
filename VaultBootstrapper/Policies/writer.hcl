# The writer service: it may create new versions of the application's secrets but never read one back,
# encrypt (never decrypt) with the application key, and obtain its own database and broker credentials.

path "secret/data/apps/*" {
  capabilities = ["create", "update"]
}

path "transit/encrypt/app-data" {
  capabilities = ["update"]
}

# Fingerprints an Idempotency-Key's request, values included, with a key PostgreSQL never sees.
path "transit/hmac/app-data/sha2-256" {
  capabilities = ["update"]
}

path "database/creds/writer" {
  capabilities = ["read"]
}

# Its own leased broker user, allowed only to publish its events (Broker/writer.json).
path "rabbitmq/creds/writer" {
  capabilities = ["read"]
}

# Lets the service drop a database or broker user it has replaced as soon as the user's last connection is back,
# instead of leaving it valid until its TTL. Only its own role's leases can be named.
path "sys/leases/revoke" {
  capabilities = ["update"]
  allowed_parameters = {
    "lease_id" = ["database/creds/writer/*", "rabbitmq/creds/writer/*"]
    "sync"     = []
  }
}
