namespace DevVault.Policies;

/// <summary>The policies every Vault has: <c>default</c> (editable) and the internal <c>response-wrapping</c>.</summary>
public static class BuiltInPolicies
{
    public const string Root = "root";
    public const string Default = "default";
    public const string ResponseWrapping = "response-wrapping";

    /// <summary>Vault's default policy: a token may look itself up, renew and revoke itself, use its cubbyhole and wrapping.</summary>
    public const string DefaultText = """
        # Allow tokens to look up their own properties
        path "auth/token/lookup-self" {
            capabilities = ["read"]
        }

        # Allow tokens to renew themselves
        path "auth/token/renew-self" {
            capabilities = ["update"]
        }

        # Allow tokens to revoke themselves
        path "auth/token/revoke-self" {
            capabilities = ["update"]
        }

        # Allow a token to look up its own capabilities on a path
        path "sys/capabilities-self" {
            capabilities = ["update"]
        }

        # Allow a token to look up its own entity by id or name
        path "identity/entity/id/{{identity.entity.id}}" {
          capabilities = ["read"]
        }
        path "identity/entity/name/{{identity.entity.name}}" {
          capabilities = ["read"]
        }

        # Allow a token to look up its resultant ACL from all policies
        path "sys/internal/ui/resultant-acl" {
            capabilities = ["read"]
        }

        # Allow a token to renew a lease via lease_id in the request body
        path "sys/renew" {
            capabilities = ["update"]
        }
        path "sys/leases/renew" {
            capabilities = ["update"]
        }

        # Allow looking up lease properties
        path "sys/leases/lookup" {
            capabilities = ["update"]
        }

        # Allow a token to manage its own cubbyhole
        path "cubbyhole/*" {
            capabilities = ["create", "read", "update", "delete", "list"]
        }

        # Allow a token to wrap arbitrary values in a response-wrapping token
        path "sys/wrapping/wrap" {
            capabilities = ["update"]
        }

        # Allow a token to look up the creation time and TTL of a given response-wrapping token
        path "sys/wrapping/lookup" {
            capabilities = ["update"]
        }

        # Allow a token to unwrap a response-wrapping token
        path "sys/wrapping/unwrap" {
            capabilities = ["update"]
        }

        # Allow general purpose tools
        path "sys/tools/hash" {
            capabilities = ["update"]
        }
        path "sys/tools/hash/*" {
            capabilities = ["update"]
        }

        # Allow checking the status of a control group request if the user has the accessor
        path "sys/control-group/request" {
            capabilities = ["update"]
        }

        # Allow a token to make requests to the Authorization Endpoint for OIDC providers
        path "identity/oidc/provider/+/authorize" {
            capabilities = ["read", "update"]
        }
        """;

    public const string ResponseWrappingText = """
        path "cubbyhole/response" {
            capabilities = ["create", "read"]
        }

        path "sys/wrapping/unwrap" {
            capabilities = ["update"]
        }
        """;
}
