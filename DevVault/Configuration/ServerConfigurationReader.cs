using DevVault.Core;

namespace DevVault.Configuration;

/// <summary>
/// Reads <c>server -config</c> sources (files, directories of <c>*.hcl</c>/<c>*.json</c>, and the text of
/// <c>VAULT_LOCAL_CONFIG</c>) into a <see cref="ServerConfiguration"/>. What DevVault cannot honour is refused with
/// the file and line of the stanza that asks for it, so a production config is never half-applied.
/// </summary>
public static class ServerConfigurationReader
{
    public const string LocalConfigVariable = "VAULT_LOCAL_CONFIG";
    public const string DefaultPostgresTable = "vault_kv_store";

    private static readonly Dictionary<string, string[]> StorageSettings = new(StringComparer.Ordinal)
    {
        ["inmem"] = [],
        ["file"] = ["path"],
        ["postgresql"] = ["connection_url", "table", "max_parallel"],
    };

    private static readonly string[] ListenerSettings = ["address", "tls_disable", "tls_cert_file", "tls_key_file", "tls_min_version"];
    private static readonly string[] TlsVersions = ["tls10", "tls11", "tls12", "tls13"];

    /// <summary>Reads every path given to <c>-config</c> and, when set, <c>VAULT_LOCAL_CONFIG</c>'s text.</summary>
    public static ServerConfiguration Read(IReadOnlyList<string> paths, string? localConfig)
    {
        var documents = new List<ConfigObject>();
        foreach (var path in paths)
        {
            documents.AddRange(ReadPath(path));
        }

        if (!string.IsNullOrWhiteSpace(localConfig))
        {
            documents.Add(ParseText(localConfig, LocalConfigVariable));
        }

        return Interpret(documents);
    }

    /// <summary>Reads configuration text; JSON when it starts with <c>{</c> (an HCL body cannot), else HCL.</summary>
    public static ConfigObject ParseText(string text, string file) =>
        text.TrimStart().StartsWith('{') ? JsonConfigParser.Parse(text, file) : HclConfigParser.Parse(text, file);

    private static IEnumerable<ConfigObject> ReadPath(string path)
    {
        if (Directory.Exists(path))
        {
            // Vault reads a directory's .hcl and .json files in name order and merges them.
            return Directory.EnumerateFiles(path)
                .Where(f => f.EndsWith(".hcl", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
                .Select(f => ParseText(File.ReadAllText(f), f))
                .ToList();
        }

        if (!File.Exists(path))
        {
            throw new ConfigException($"error loading configuration from {path}: no such file or directory");
        }

        return [ParseText(File.ReadAllText(path), path)];
    }

    private static ServerConfiguration Interpret(IReadOnlyList<ConfigObject> documents)
    {
        var config = new ServerConfiguration { Storage = new StorageConfiguration("", new Dictionary<string, string>()) };
        ConfigPosition? storageAt = null;
        var listeners = new List<ListenerConfiguration>();
        foreach (var entry in documents.SelectMany(d => d.Entries))
        {
            switch (entry.Key)
            {
                case "storage" or "backend":
                    var (type, body, position) = SingleBlock(entry);
                    if (storageAt is { } first)
                    {
                        throw ConfigException.At(position, $"storage is already configured at {first}; DevVault takes one storage backend");
                    }

                    storageAt = position;
                    config = config with { Storage = ReadStorage(type, body, position) };
                    break;
                case "listener":
                    listeners.AddRange(Blocks(entry).Select(block => ReadListener(block.Type, block.Body, block.Position)));
                    break;
                case "api_addr":
                    config = config with { ApiAddress = String(entry) };
                    break;
                case "cluster_addr":
                    config = config with { ClusterAddress = String(entry) };
                    break;
                case "ui":
                    config = config with { Ui = Bool(entry) };
                    break;
                case "disable_mlock":
                    config = config with { DisableMlock = Bool(entry) };
                    break;
                case "log_level":
                    config = config with { LogLevel = OneOf(entry, ["trace", "debug", "info", "warn", "warning", "error", "err"]) };
                    break;
                case "log_format":
                    config = config with { LogFormat = OneOf(entry, ["standard", "json"]) };
                    break;
                case "default_lease_ttl":
                    config = config with { DefaultLeaseTtl = Duration(entry) };
                    break;
                case "max_lease_ttl":
                    config = config with { MaxLeaseTtl = Duration(entry) };
                    break;
                case "telemetry":
                    config = config with { Telemetry = ReadTelemetry(entry) };
                    break;
                case "ha_storage":
                    throw ConfigException.At(entry.Position, "stanza \"ha_storage\" is not supported: DevVault runs a single active node without high availability");
                case "seal":
                    // seal "shamir" {} only names what DevVault does anyway; any other seal would unseal without key holders.
                    var seal = Blocks(entry).FirstOrDefault(block => block.Type != "shamir" || block.Body.Entries.Count > 0);
                    if (seal.Body is not null)
                    {
                        throw ConfigException.At(entry.Position, $"stanza \"seal\" ({seal.Type}) is not supported: DevVault unseals with Shamir key shares only");
                    }

                    break;
                default:
                    throw ConfigException.At(entry.Position, $"stanza \"{entry.Key}\" is not supported by DevVault");
            }
        }

        if (storageAt is null)
        {
            throw new ConfigException("no storage stanza: a storage backend must be specified (inmem, file or postgresql)");
        }

        if (listeners.Count == 0)
        {
            throw new ConfigException("no listener stanza: at least one listener \"tcp\" must be specified");
        }

        if (config.DefaultLeaseTtl > config.MaxLeaseTtl)
        {
            throw new ConfigException("default_lease_ttl cannot be larger than max_lease_ttl");
        }

        return config with { Listeners = listeners };
    }

    private static StorageConfiguration ReadStorage(string type, ConfigObject body, ConfigPosition position)
    {
        if (!StorageSettings.TryGetValue(type, out var allowed))
        {
            throw ConfigException.At(position, $"storage \"{type}\" is not supported by DevVault (supported: inmem, file, postgresql)");
        }

        var settings = ReadSettings($"storage \"{type}\"", body, allowed);
        if (type == "file" && settings.GetValueOrDefault("path", "").Length == 0)
        {
            throw ConfigException.At(position, "storage \"file\": 'path' must be set");
        }

        if (settings.TryGetValue("max_parallel", out var maxParallel) && !StorageConfiguration.TryParseMaxParallel(maxParallel, out _))
        {
            // At the setting's own line, as an unknown setting is: the stanza may be long.
            var setting = body.Entries.Last(e => e.Key == "max_parallel");
            throw ConfigException.At(setting.Position, StorageConfiguration.MaxParallelProblem(type, maxParallel));
        }

        return new StorageConfiguration(type, settings);
    }

    private static ListenerConfiguration ReadListener(string type, ConfigObject body, ConfigPosition position)
    {
        if (type != "tcp")
        {
            throw ConfigException.At(position, $"listener \"{type}\" is not supported by DevVault (supported: tcp)");
        }

        var settings = ReadSettings("listener \"tcp\"", body, ListenerSettings);
        var listener = new ListenerConfiguration
        {
            Address = settings.GetValueOrDefault("address", "127.0.0.1:8200"),
            TlsDisable = settings.TryGetValue("tls_disable", out var disable) && ParseBool(disable, position, "tls_disable"),
            TlsCertFile = settings.GetValueOrDefault("tls_cert_file", ""),
            TlsKeyFile = settings.GetValueOrDefault("tls_key_file", ""),
            TlsMinVersion = settings.GetValueOrDefault("tls_min_version", "tls12"),
        };
        if (!TlsVersions.Contains(listener.TlsMinVersion))
        {
            throw ConfigException.At(position, $"listener \"tcp\": tls_min_version must be one of {string.Join(", ", TlsVersions)}, got \"{listener.TlsMinVersion}\"");
        }

        if (!listener.TlsDisable && (listener.TlsCertFile.Length == 0 || listener.TlsKeyFile.Length == 0))
        {
            throw ConfigException.At(position, "listener \"tcp\": TLS is enabled, so tls_cert_file and tls_key_file must be set (or tls_disable = true)");
        }

        return listener;
    }

    private static TelemetryConfiguration ReadTelemetry(ConfigEntry entry)
    {
        var body = entry.Value as ConfigObject ?? throw ConfigException.At(entry.Position, "telemetry must be a block");
        var settings = ReadSettings("telemetry", body, ["prometheus_retention_time", "disable_hostname"]);
        var telemetry = new TelemetryConfiguration();
        if (settings.TryGetValue("prometheus_retention_time", out var retention))
        {
            telemetry = telemetry with { PrometheusRetentionTime = ParseDuration(retention, entry.Position, "prometheus_retention_time") };
        }

        if (settings.TryGetValue("disable_hostname", out var disableHostname))
        {
            telemetry = telemetry with { DisableHostname = ParseBool(disableHostname, entry.Position, "disable_hostname") };
        }

        return telemetry;
    }

    /// <summary>A stanza's scalar settings; a setting DevVault does not know is refused at its own line.</summary>
    private static Dictionary<string, string> ReadSettings(string stanza, ConfigObject body, string[] allowed)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var setting in body.Entries)
        {
            if (!allowed.Contains(setting.Key))
            {
                throw ConfigException.At(setting.Position, $"{stanza}: setting \"{setting.Key}\" is not supported by DevVault");
            }

            settings[setting.Key] = setting.Value is ConfigScalar scalar
                ? scalar.Text
                : throw ConfigException.At(setting.Position, $"{stanza}: \"{setting.Key}\" must be a single value");
        }

        return settings;
    }

    /// <summary>
    /// The typed blocks of a stanza: HCL's <c>listener "tcp" { }</c> (repeated stanzas are repeated entries) and
    /// JSON's <c>"listener": {"tcp": {}}</c> or <c>"listener": [{"tcp": {}}]</c> all read the same.
    /// </summary>
    private static IEnumerable<(string Type, ConfigObject Body, ConfigPosition Position)> Blocks(ConfigEntry entry)
    {
        var objects = entry.Value switch
        {
            ConfigObject single => [single],
            ConfigList list => list.Items.Select(item => item as ConfigObject ?? throw ConfigException.At(item.Position, $"\"{entry.Key}\" must hold blocks")).ToList(),
            _ => throw ConfigException.At(entry.Position, $"\"{entry.Key}\" must be a block such as {entry.Key} \"type\" {{ ... }}"),
        };
        foreach (var typed in objects.SelectMany(o => o.Entries))
        {
            var body = typed.Value as ConfigObject ?? throw ConfigException.At(typed.Position, $"{entry.Key} \"{typed.Key}\" must be a block");
            yield return (typed.Key, body, entry.Position);
        }
    }

    private static (string Type, ConfigObject Body, ConfigPosition Position) SingleBlock(ConfigEntry entry)
    {
        var blocks = Blocks(entry).ToList();
        return blocks.Count == 1 ? blocks[0] : throw ConfigException.At(entry.Position, $"\"{entry.Key}\" must hold exactly one typed block, found {blocks.Count}");
    }

    private static string String(ConfigEntry entry) =>
        entry.Value is ConfigScalar scalar ? scalar.Text : throw ConfigException.At(entry.Position, $"\"{entry.Key}\" must be a single value");

    private static bool Bool(ConfigEntry entry) => ParseBool(String(entry), entry.Position, entry.Key);

    private static TimeSpan Duration(ConfigEntry entry) => ParseDuration(String(entry), entry.Position, entry.Key);

    private static string OneOf(ConfigEntry entry, string[] allowed)
    {
        var value = String(entry).ToLowerInvariant();
        return allowed.Contains(value) ? value : throw ConfigException.At(entry.Position, $"\"{entry.Key}\" must be one of {string.Join(", ", allowed)}, got \"{value}\"");
    }

    private static bool ParseBool(string text, ConfigPosition position, string name) => text.ToLowerInvariant() switch
    {
        "true" or "1" or "t" => true,
        "false" or "0" or "f" or "" => false,
        _ => throw ConfigException.At(position, $"\"{name}\" must be a boolean, got \"{text}\""),
    };

    private static TimeSpan ParseDuration(string text, ConfigPosition position, string name) =>
        Fields.TryParseDuration(text, out var duration) && duration >= TimeSpan.Zero
            ? duration
            : throw ConfigException.At(position, $"\"{name}\" must be a duration such as \"168h\", got \"{text}\"");
}
