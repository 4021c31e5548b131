namespace VaultDemo.VaultClient.Configuration;

/// <summary>Which KV v2 secret becomes configuration, and how often to check for a new version.</summary>
public sealed class VaultKeyValueConfigurationOptions
{
    /// <summary>Path below the KV mount, e.g. <c>app/settings</c>.</summary>
    public string Path { get; set; } = "";

    /// <summary>KV mount; null uses <see cref="VaultClientOptions.KeyValueMount"/>.</summary>
    public string? Mount { get; set; }

    /// <summary>Prefix for every key (e.g. <c>Secrets</c> gives <c>Secrets:ApiKey</c>); nested JSON objects add sections.</summary>
    public string? Prefix { get; set; }

    /// <summary>How often the metadata is polled for a new version; zero loads once.</summary>
    public TimeSpan ReloadInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>When true, a missing path contributes nothing; otherwise it fails configuration building.</summary>
    public bool Optional { get; set; }
}
