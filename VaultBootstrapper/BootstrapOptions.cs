namespace VaultDemo.VaultBootstrapper;

/// <summary>What the AppHost tells the bootstrapper (section <c>Bootstrap</c>); the durations accept Vault's forms (<c>90s</c>, <c>1h</c>, seconds).</summary>
public sealed class BootstrapOptions
{
    public const string SectionName = "Bootstrap";

    /// <summary>Where Vault writes its file audit log (a path in Vault's state directory).</summary>
    public string AuditLogPath { get; set; } = "";

    /// <summary>The connection string name of the application database (a superuser connection, used only here).</summary>
    public string DatabaseConnectionName { get; set; } = "appdb";

    /// <summary>TTL and max TTL of the services' dynamic database users.</summary>
    public string DatabaseCredentialTtl { get; set; } = "1h";

    public string DatabaseCredentialMaxTtl { get; set; } = "24h";

    /// <summary>TTL and max TTL of the services' AppRole tokens.</summary>
    public string TokenTtl { get; set; } = "1h";

    public string TokenMaxTtl { get; set; } = "24h";

    /// <summary>How long a delivered wrapped secret id can wait for its service to unwrap it.</summary>
    public string SecretIdWrapTtl { get; set; } = "15m";

    /// <summary>Service name (= AppRole, policy and database role name) → the private directory its credential files go to.</summary>
    public Dictionary<string, string> ServiceDirectories { get; set; } = new(StringComparer.Ordinal);
}
