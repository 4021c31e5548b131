# The reader worker: it may read and list the application's secrets but never write one, decrypt
# (never encrypt) with the application key, and obtain its own database and broker credentials.

path "secret/data/apps/*" {
  capabilities = ["read"]
}

path "secret/metadata/apps/*" {
  capabilities = ["read", "list"]
}

path "transit/decrypt/app-data" {
  capabilities = ["update"]
}

path "database/creds/reader" {
  capabilities = ["read"]
}

# Its own leased broker user, allowed only to consume its queue (Broker/reader.json).
path "rabbitmq/creds/reader" {
  capabilities = ["read"]
}

# Lets the worker drop a database or broker user it has replaced as soon as the user's last connection is back,
# instead of leaving it valid until its TTL. Only its own role's leases can be named.
path "sys/leases/revoke" {
  capabilities = ["update"]
  allowed_parameters = {
    "lease_id" = ["database/creds/reader/*", "rabbitmq/creds/reader/*"]
    "sync"     = []
  }
}
