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

    /// <summary>The connection string name of the broker (its administrator login, used only here and by Vault).</summary>
    public string BrokerConnectionName { get; set; } = "messaging";

    /// <summary>The broker's management API (<c>http://host:port</c>), which Vault's RabbitMQ engine manages users through.</summary>
    public string BrokerManagementUri { get; set; } = "";

    /// <summary>TTL and max TTL of the services' leased broker users.</summary>
    public string BrokerCredentialTtl { get; set; } = "1h";

    public string BrokerCredentialMaxTtl { get; set; } = "24h";

    /// <summary>
    /// The services to set up, each <c>true</c> (<c>Bootstrap:Services:writer=true</c>): a service's name is its policy,
    /// AppRole, database role and broker role. The AppHost delivers each its AppRole login before every start.
    /// </summary>
    public Dictionary<string, bool> Services { get; set; } = new(StringComparer.Ordinal);
}
