namespace VaultDemo.Bench.Server;

/// <summary>Server-mode configuration text (HCL, as <c>server -config</c> reads it) for the benchmarks.</summary>
internal static class ServerConfig
{
    /// <summary>A plain-HTTP loopback listener on <paramref name="port"/> (0: a free one, for in-process servers).</summary>
    public static string Listener(int port) => $$"""
        listener "tcp" {
          address     = "127.0.0.1:{{port}}"
          tls_disable = true
        }
        """;

    public const string InMemoryStorage = """
        storage "inmem" {}
        """;

    /// <summary>
    /// A PostgreSQL stanza with the default <c>max_parallel</c>. A started process gets no <c>connection_url</c>: the
    /// URL, which carries the password, reaches it in <c>VAULT_PG_CONNECTION_URL</c> instead of a file on disk.
    /// </summary>
    public static string PostgreSqlStorage(string table, string? connectionUrl = null) => $$"""
        storage "postgresql" {
          table = "{{table}}"
          {{(connectionUrl is null ? "" : $"connection_url = \"{connectionUrl}\"")}}
        }
        """;

    public static string FileStorage(string path) => $$"""
        storage "file" {
          path = "{{path}}"
        }
        """;
}
