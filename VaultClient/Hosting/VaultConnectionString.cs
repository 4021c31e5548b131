using System.Data.Common;
using Microsoft.Extensions.Configuration;

namespace VaultDemo.VaultClient.Hosting;

/// <summary>Finds Vault's address the way Aspire injects it: <c>ConnectionStrings:vault</c> (a URI or <c>Endpoint=...</c>), then <c>services:vault:http:0</c>.</summary>
internal static class VaultConnectionString
{
    public static Uri? Resolve(IConfiguration configuration, string connectionName)
    {
        var connectionString = configuration.GetConnectionString(connectionName);
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            if (Uri.TryCreate(connectionString, UriKind.Absolute, out var direct))
            {
                return direct;
            }

            var parts = new DbConnectionStringBuilder { ConnectionString = connectionString };
            if (parts.TryGetValue("Endpoint", out var endpoint) && Uri.TryCreate(endpoint?.ToString(), UriKind.Absolute, out var fromEndpoint))
            {
                return fromEndpoint;
            }
        }

        var service = configuration[$"services:{connectionName}:https:0"] ?? configuration[$"services:{connectionName}:http:0"];
        return Uri.TryCreate(service, UriKind.Absolute, out var fromService) ? fromService : null;
    }
}
