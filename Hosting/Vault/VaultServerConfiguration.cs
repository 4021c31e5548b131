using System.Globalization;

namespace VaultDemo.Hosting.Vault;

/// <summary>
/// The configuration file a Vault in server mode starts from: the production guide's shape, read alike by
/// <c>vault server</c>, <c>bao server</c> and DevVault. It holds no secret: the storage's connection URL, password
/// included, reaches Vault in <c>VAULT_PG_CONNECTION_URL</c>, which all three read when the stanza has none.
/// </summary>
internal static class VaultServerConfiguration
{
    public const string FileName = "vault.hcl";

    /// <summary>The variable Vault's PostgreSQL storage backend reads its <c>connection_url</c> from.</summary>
    public const string StorageUrlVariable = "VAULT_PG_CONNECTION_URL";

    /// <summary>Vault's default table name; real Vault expects it to exist (see <see cref="VaultStorageTable"/>).</summary>
    public const string StorageTable = "vault_kv_store";

    /// <summary>
    /// Writes the file for a listener on <paramref name="port"/> and returns its path. Rewritten before every start,
    /// because Aspire may allocate another port each run.
    /// </summary>
    public static string Write(string directory, int port)
    {
        var address = string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{port}");
        var path = Path.Combine(directory, FileName);
        // Plain HTTP on loopback only, as the dashboard: this machine has no trusted certificate, and nothing off the
        // machine can reach 127.0.0.1. Anywhere else, give the listener tls_cert_file and tls_key_file.
        PrivateFiles.Write(path, $$"""
            # Written by the AppHost before every start of Vault; edits are overwritten.
            storage "postgresql" {
              table = "{{StorageTable}}"
            }

            listener "tcp" {
              address     = "{{address}}"
              tls_disable = true
            }

            api_addr      = "http://{{address}}"
            disable_mlock = true

            """);
        return path;
    }
}
