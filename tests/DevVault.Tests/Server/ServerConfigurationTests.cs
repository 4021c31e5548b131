using DevVault.Configuration;
using DevVault.Storage;

namespace DevVault.Tests.Server;

/// <summary><c>server -config</c>: Vault's HCL and JSON read alike; what DevVault cannot honour is refused at its line.</summary>
public sealed class ServerConfigurationTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("devvault-config-").FullName;

    // The production guide's configuration, line for line in what it asks.
    private const string ProductionGuide = """
        storage "postgresql" {
          connection_url = "postgres://vault:secret@db:5432/vault?sslmode=disable"
          table          = "vault_kv_store"
          max_parallel   = "64"
        }

        listener "tcp" {
          address         = "0.0.0.0:8200"
          tls_cert_file   = "tls/vault.crt"
          tls_key_file    = "tls/vault.key"
          tls_min_version = "tls12"
        }

        api_addr          = "https://vault.example.com:8200"
        cluster_addr      = "https://vault.example.com:8201"
        ui                = true
        disable_mlock     = true
        log_level         = "info"
        log_format        = "json"
        default_lease_ttl = "168h"
        max_lease_ttl     = "720h"

        telemetry {
          prometheus_retention_time = "30s" # scraped often
          disable_hostname          = true
        }
        """;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void ReadsTheProductionGuidesHcl()
    {
        var config = ServerConfigurationReader.Read([Write("vault.hcl", ProductionGuide)], null);

        Assert.Equal("postgresql", config.Storage.Type);
        Assert.Equal("vault_kv_store", config.Storage.Setting("table"));
        Assert.Equal("64", config.Storage.Setting("max_parallel"));
        var listener = Assert.Single(config.Listeners);
        Assert.Equal("0.0.0.0:8200", listener.Address);
        Assert.False(listener.TlsDisable);
        Assert.Equal("tls/vault.key", listener.TlsKeyFile);
        Assert.Equal("tls12", listener.TlsMinVersion);
        Assert.Equal("https://vault.example.com:8200", config.ApiAddress);
        Assert.True(config.Ui);
        Assert.Equal("json", config.LogFormat);
        Assert.Equal(TimeSpan.FromHours(168), config.DefaultLeaseTtl);
        Assert.Equal(TimeSpan.FromHours(720), config.MaxLeaseTtl);
        Assert.Equal(TimeSpan.FromSeconds(30), config.Telemetry.PrometheusRetentionTime);
        Assert.True(config.Telemetry.DisableHostname);
    }

    [Fact]
    public void JsonReadsLikeHcl()
    {
        var json = """
            {
              "storage": {"file": {"path": "data/vault"}},
              "listener": [{"tcp": {"address": "127.0.0.1:8200", "tls_disable": true}}],
              "default_lease_ttl": "1h",
              "ui": false
            }
            """;

        var config = ServerConfigurationReader.Read([Write("local.json", json)], null);

        Assert.Equal("file", config.Storage.Type);
        Assert.Equal("data/vault", config.Storage.Setting("path"));
        Assert.True(Assert.Single(config.Listeners).TlsDisable);
        Assert.Equal(TimeSpan.FromHours(1), config.DefaultLeaseTtl);
    }

    [Fact]
    public void ADirectoryAndVaultLocalConfigMerge()
    {
        Write("a-storage.hcl", """storage "inmem" {}""");
        Write("b-listener.json", """{"listener": {"tcp": {"address": "127.0.0.1:8300", "tls_disable": "true"}}}""");

        var config = ServerConfigurationReader.Read([_folder], """{"listener": {"tcp": {"address": "127.0.0.1:8301", "tls_disable": true}}, "log_level": "debug"}""");

        Assert.Equal("inmem", config.Storage.Type);
        Assert.Equal(["127.0.0.1:8300", "127.0.0.1:8301"], config.Listeners.Select(l => l.Address));
        Assert.Equal("debug", config.LogLevel);
    }

    [Theory]
    [InlineData("ha_storage \"consul\" {\n  address = \"x\"\n}", "ha_storage")]
    [InlineData("seal \"awskms\" {\n  region = \"eu-west-1\"\n}", "seal")]
    [InlineData("storage \"consul\" {\n  address = \"x\"\n}", "storage \"consul\"")]
    [InlineData("plugin_directory = \"plugins\"", "plugin_directory")]
    public void RefusesWhatItCannotHonourAtItsLine(string stanza, string named)
    {
        // Three lines before the stanza, so it starts at line 4.
        var file = Write("vault.hcl", "listener \"tcp\" {\n  tls_disable = true\n}\n" + stanza + "\n");

        var error = Assert.Throws<ConfigException>(() => ServerConfigurationReader.Read([file], null));

        Assert.Contains(named, error.Message);
        Assert.Contains($"{file}:4:", error.Message);
    }

    [Fact]
    public void AcceptsAnExplicitShamirSeal()
    {
        var file = Write("vault.hcl", "storage \"inmem\" {}\nlistener \"tcp\" { tls_disable = true }\nseal \"shamir\" {}\n");

        Assert.Equal("inmem", ServerConfigurationReader.Read([file], null).Storage.Type);
    }

    [Fact]
    public void RefusesAnUnknownSettingAtItsOwnLine()
    {
        var file = Write("vault.hcl", "storage \"postgresql\" {\n  connection_url = \"x\"\n  ha_enabled = \"true\"\n}\n");

        var error = Assert.Throws<ConfigException>(() => ServerConfigurationReader.Read([file], null));

        Assert.Contains($"{file}:3:3", error.Message);
        Assert.Contains("ha_enabled", error.Message);
    }

    [Theory]
    [InlineData("\"lots\"")]
    [InlineData("\"0\"")]
    [InlineData("\"99999999999\"")]
    [InlineData("1.5")]
    public void RefusesABadMaxParallelAtItsOwnLine(string value)
    {
        var file = Write("vault.hcl", $"storage \"postgresql\" {{\n  connection_url = \"x\"\n  max_parallel = {value}\n}}\n");

        var error = Assert.Throws<ConfigException>(() => ServerConfigurationReader.Read([file], null));

        Assert.Contains($"{file}:3:3", error.Message);
        Assert.Contains("max_parallel", error.Message);
    }

    [Fact]
    public async Task StorageRefusesABadMaxParallelAsAConfigurationError()
    {
        // A configuration that did not come through the reader (built in code) must fail as configuration, too.
        var storage = new StorageConfiguration("postgresql", new Dictionary<string, string>
        {
            ["connection_url"] = "postgresql://vault@127.0.0.1:1/vault",
            ["max_parallel"] = "lots",
        });

        var error = await Assert.ThrowsAsync<ConfigException>(() => PhysicalStorageFactory.OpenAsync(storage));

        Assert.Contains("max_parallel", error.Message);
    }

    [Theory]
    [InlineData("storage \"file\" {\n  path = \"data\n}\n", 2, 10)]
    [InlineData("storage \"file\" {\n  path = \"data\"\n", 3, 1)]
    [InlineData("ui = yes\n", 1, 6)]
    [InlineData("listener \"tcp\" {\n  address = [\"a\" \"b\"]\n}\n", 2, 18)]
    public void MalformedHclGivesLineAndColumn(string text, int line, int column)
    {
        var file = Write("vault.hcl", text);

        var error = Assert.Throws<ConfigException>(() => ServerConfigurationReader.Read([file], null));

        Assert.Contains($"{file}:{line}:{column}:", error.Message);
    }

    [Fact]
    public void MalformedJsonGivesLineAndColumn()
    {
        var file = Write("vault.json", "{\n  \"ui\": true,\n  \"storage\": {\"file\" {}}\n}\n");

        var error = Assert.Throws<ConfigException>(() => ServerConfigurationReader.Read([file], null));

        Assert.Contains($"{file}:3:", error.Message);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }
}
