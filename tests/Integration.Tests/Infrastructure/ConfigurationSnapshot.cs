using System.Text.Json.Nodes;
using Npgsql;

namespace VaultDemo.Integration.Tests.Infrastructure;

/// <summary>
/// Everything the bootstrapper configures, read back from Vault (as root) and PostgreSQL (as superuser) into
/// comparable text, one entry per item, so a test can show that a second run changed nothing and say exactly what
/// changed if it did. Short-lived <c>v-</c> users are left out: Vault creates and drops them on its own schedule.
/// </summary>
public static class ConfigurationSnapshot
{
    public static readonly IReadOnlyList<string> Services = [Topology.Writer, Topology.Reader];

    public static async Task<SortedDictionary<string, string>> CaptureAsync(Topology topology, CancellationToken cancellationToken)
    {
        var items = new SortedDictionary<string, string>(StringComparer.Ordinal);
        using var vault = topology.RootHttp();
        async Task Read(string path) => items[$"vault {path}"] = Canonical(await vault.ReadDataAsync(path, cancellationToken));
        async Task List(string path) => items[$"vault LIST {path}"] = string.Join(",", await vault.ListAsync(path, cancellationToken));

        await Read("sys/mounts");
        await Read("sys/auth");
        await Read("sys/audit");
        await List("sys/policies/acl");
        await List("auth/approle/role");
        await List("database/config");
        await List("database/roles");
        await Read("database/config/appdb");
        await Read("transit/keys/app-data");
        foreach (var service in Services)
        {
            await Read($"sys/policies/acl/{service}");
            await Read($"auth/approle/role/{service}");
            await Read($"auth/approle/role/{service}/role-id");
            await Read($"database/roles/{service}");
        }

        await using var database = await topology.OpenSuperuserConnectionAsync(cancellationToken);
        async Task Query(string name, string sql)
        {
            await using var command = new NpgsqlCommand(sql, database);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var rows = new List<string>();
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "null" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
            }

            rows.Sort(StringComparer.Ordinal);
            items[$"postgres {name}"] = string.Join("\n", rows);
        }

        // rolpassword (a SCRAM hash) is included on purpose: a second run must not reset vault_admin's password.
        await Query("roles", """
            SELECT rolname, rolsuper, rolinherit, rolcreaterole, rolcreatedb, rolcanlogin, rolreplication, rolbypassrls, rolconnlimit, rolvaliduntil, rolpassword
            FROM pg_authid WHERE rolname NOT LIKE 'v-%'
            """);
        await Query("memberships", """
            SELECT r.rolname, m.rolname, a.admin_option
            FROM pg_auth_members a JOIN pg_roles r ON r.oid = a.roleid JOIN pg_roles m ON m.oid = a.member
            WHERE m.rolname NOT LIKE 'v-%'
            """);
        await Query("schemas", "SELECT nspname, nspowner::regrole::text, coalesce(nspacl::text, '') FROM pg_namespace WHERE nspname NOT LIKE 'pg_%' AND nspname <> 'information_schema'");
        await Query("relations", """
            SELECT c.relname, c.relkind, c.relowner::regrole::text, coalesce(c.relacl::text, '')
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'app'
            """);
        await Query("columns", "SELECT table_name, column_name, data_type, is_nullable, coalesce(column_default, '') FROM information_schema.columns WHERE table_schema = 'app'");
        await Query("column grants", """
            SELECT c.relname, a.attname, coalesce(a.attacl::text, '')
            FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'app' AND a.attacl IS NOT NULL
            """);
        return items;
    }

    /// <summary>The entries that differ, each with both values, for an assertion message.</summary>
    public static IReadOnlyList<string> Differences(IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> after) =>
        [.. before.Keys.Union(after.Keys).Order(StringComparer.Ordinal)
            .Where(key => before.GetValueOrDefault(key) != after.GetValueOrDefault(key))
            .Select(key => $"{key}:\n  before: {before.GetValueOrDefault(key) ?? "(absent)"}\n  after:  {after.GetValueOrDefault(key) ?? "(absent)"}")];

    /// <summary>JSON with object keys sorted, so equal configurations compare equal whatever order Vault answers in.</summary>
    public static string Canonical(JsonNode? node) => Sort(node)?.ToJsonString() ?? "null";

    private static JsonNode? Sort(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sort(p.Value)))),
        JsonArray a => new JsonArray([.. a.Select(Sort)]),
        null => null,
        _ => node.DeepClone(),
    };
}
