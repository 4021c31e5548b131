namespace DevVault.Configuration;

/// <summary>
/// What <c>server -config</c> asks for: the subset of Vault's server configuration DevVault honours.
/// Anything else in the file is refused when it is read (<see cref="ServerConfigurationReader"/>), never ignored.
/// </summary>
public sealed record ServerConfiguration
{
    public required StorageConfiguration Storage { get; init; }

    public IReadOnlyList<ListenerConfiguration> Listeners { get; init; } = [];

    public string ApiAddress { get; init; } = "";

    public string ClusterAddress { get; init; } = "";

    public bool Ui { get; init; }

    public string LogLevel { get; init; } = "info";

    /// <summary><c>standard</c> or <c>json</c>.</summary>
    public string LogFormat { get; init; } = "standard";

    /// <summary>Vault's system-wide lease defaults (768h each unless set).</summary>
    public TimeSpan DefaultLeaseTtl { get; init; } = TimeSpan.FromHours(768);

    public TimeSpan MaxLeaseTtl { get; init; } = TimeSpan.FromHours(768);

    /// <summary>Accepted for compatibility: .NET gives no portable mlock, and DevVault never swaps keys to disk itself.</summary>
    public bool DisableMlock { get; init; }

    public TelemetryConfiguration Telemetry { get; init; } = new();
}

/// <summary>A <c>storage</c> stanza: its type (<c>inmem</c>, <c>file</c>, <c>postgresql</c>) and its settings as written.</summary>
public sealed record StorageConfiguration(string Type, IReadOnlyDictionary<string, string> Settings)
{
    public const int DefaultMaxParallel = 128;

    public string Setting(string name, string defaultValue = "") => Settings.TryGetValue(name, out var value) ? value : defaultValue;

    /// <summary>
    /// <c>max_parallel</c>, the most storage operations at once. The reader refuses a bad value at its own line; a
    /// configuration built another way gets the same refusal here (without the line), never a bare FormatException.
    /// </summary>
    public int MaxParallel => Settings.TryGetValue("max_parallel", out var text)
        ? TryParseMaxParallel(text, out var value) ? value : throw new ConfigException(MaxParallelProblem(Type, text))
        : DefaultMaxParallel;

    /// <summary>One rule for every reader of the setting: a positive integer, whatever the machine's culture.</summary>
    public static bool TryParseMaxParallel(string text, out int value) =>
        int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out value) && value > 0;

    public static string MaxParallelProblem(string type, string text) => $"storage \"{type}\": max_parallel must be a positive integer, got \"{text}\"";
}

/// <summary>A <c>listener "tcp"</c> stanza.</summary>
public sealed record ListenerConfiguration
{
    public string Address { get; init; } = "127.0.0.1:8200";

    public bool TlsDisable { get; init; }

    public string TlsCertFile { get; init; } = "";

    public string TlsKeyFile { get; init; } = "";

    /// <summary><c>tls10</c> to <c>tls13</c>; Vault's default is <c>tls12</c>.</summary>
    public string TlsMinVersion { get; init; } = "tls12";
}

public sealed record TelemetryConfiguration
{
    public TimeSpan PrometheusRetentionTime { get; init; } = TimeSpan.FromHours(24);

    public bool DisableHostname { get; init; }
}
