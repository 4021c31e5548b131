using DevVault.Core;
using Npgsql;

namespace DevVault.Database;

/// <summary>
/// Turns a Vault <c>connection_url</c> (URL form <c>postgresql://{{username}}:{{password}}@host:5432/db?sslmode=disable</c>
/// or keyword form <c>host=... user={{username}} password={{password}}</c>) into an Npgsql connection string.
/// </summary>
public static class PostgresConnectionUrl
{
    public static string ToConnectionString(ConnectionConfig config)
    {
        var url = config.ConnectionUrl.Trim();
        if (url.Length == 0)
        {
            throw VaultException.BadRequest("connection_url cannot be empty");
        }

        var builder = url.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
            ? FromUrl(url, config)
            : FromKeywords(url, config);
        builder.MaxPoolSize = Math.Max(1, config.MaxOpenConnections);
        builder.Timeout = 15;
        builder.ApplicationName = "DevVault database engine";
        return builder.ConnectionString;
    }

    private static NpgsqlConnectionStringBuilder FromUrl(string url, ConnectionConfig config)
    {
        // Template placeholders are not valid URL user info, so substitute them with URL-escaped values first.
        var substituted = Substitute(url, Uri.EscapeDataString(config.Username), Uri.EscapeDataString(config.Password));
        if (!Uri.TryCreate(substituted, UriKind.Absolute, out var uri))
        {
            throw VaultException.BadRequest("error creating database object: invalid connection URL");
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.Port > 0 ? uri.Port : 5432,
            Database = uri.AbsolutePath.Trim('/') is { Length: > 0 } db ? Uri.UnescapeDataString(db) : "postgres",
        };
        var userInfo = uri.UserInfo.Split(':', 2);
        builder.Username = Uri.UnescapeDataString(userInfo[0]);
        if (userInfo.Length > 1)
        {
            builder.Password = Uri.UnescapeDataString(userInfo[1]);
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            ApplyKeyword(builder, Uri.UnescapeDataString(parts[0]), parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : "");
        }

        return builder;
    }

    private static NpgsqlConnectionStringBuilder FromKeywords(string text, ConnectionConfig config)
    {
        var builder = new NpgsqlConnectionStringBuilder();
        foreach (var pair in Substitute(text, config.Username, config.Password).Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            ApplyKeyword(builder, parts[0], parts.Length > 1 ? parts[1].Trim('\'') : "");
        }

        return builder;
    }

    private static void ApplyKeyword(NpgsqlConnectionStringBuilder builder, string key, string value)
    {
        switch (key)
        {
            case "host":
                builder.Host = value;
                break;
            case "port":
                builder.Port = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
                break;
            case "user" or "username":
                builder.Username = value;
                break;
            case "password":
                builder.Password = value;
                break;
            case "dbname" or "database":
                builder.Database = value;
                break;
            case "sslmode":
                builder.SslMode = value switch
                {
                    "disable" => SslMode.Disable,
                    "require" => SslMode.Require,
                    "verify-ca" => SslMode.VerifyCA,
                    "verify-full" => SslMode.VerifyFull,
                    _ => SslMode.Prefer,
                };
                break;
            case "connect_timeout":
                builder.Timeout = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
                break;
        }
    }

    private static string Substitute(string template, string username, string password) =>
        template.Replace("{{username}}", username, StringComparison.Ordinal)
            .Replace("{{name}}", username, StringComparison.Ordinal)
            .Replace("{{password}}", password, StringComparison.Ordinal);
}
