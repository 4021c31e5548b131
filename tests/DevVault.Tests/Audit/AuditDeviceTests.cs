using System.Text.Json.Nodes;
using DevVault.Tests.Infrastructure;

namespace DevVault.Tests.Audit;

public sealed class AuditDeviceTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "devvault-audit-" + Guid.NewGuid().ToString("N"));
    private DevVault.Hosting.DevVaultServer _server = null!;
    private HttpClient _http = null!;
    private VaultHttp _vault = null!;

    private string LogPath => Path.Combine(_directory, "audit.log");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        (_server, _http, _vault) = await DevVaultFixture.StartAsync();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private async Task EnableAsync(object? extraOptions = null)
    {
        var options = new JsonObject { ["file_path"] = LogPath };
        foreach (var (key, value) in JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(extraOptions ?? new { }))!.AsObject())
        {
            options[key] = value?.DeepClone();
        }

        (await _vault.PutAsync("sys/audit/file", new JsonObject { ["type"] = "file", ["options"] = options })).Expect(204);
    }

    private List<JsonObject> Entries() =>
        [.. File.ReadAllLines(LogPath).Where(l => l.Length > 0).Select(l => JsonNode.Parse(l)!.AsObject())];

    [Fact]
    public async Task EveryRequestIsAuditedTwiceWithSecretsHashed()
    {
        await EnableAsync();

        (await _vault.PostAsync("cubbyhole/db", new { password = "hunter2-plaintext" })).Expect(204);

        var text = await File.ReadAllTextAsync(LogPath);
        Assert.DoesNotContain("hunter2-plaintext", text);
        Assert.DoesNotContain(_server.RootToken, text);

        var entries = Entries().Where(e => e["request"]!["path"]!.GetValue<string>() == "cubbyhole/db").ToList();
        Assert.Equal(["request", "response"], entries.Select(e => e["type"]!.GetValue<string>()));
        Assert.Equal(entries[0]["request"]!["id"]!.GetValue<string>(), entries[1]["request"]!["id"]!.GetValue<string>());

        var hashed = entries[0]["request"]!["data"]!["password"]!.GetValue<string>();
        var expected = (await _vault.PostAsync("sys/audit-hash/file", new { input = "hunter2-plaintext" })).Expect(200).Data!["hash"]!.GetValue<string>();
        Assert.Equal(expected, hashed);
        Assert.StartsWith("hmac-sha256:", entries[0]["auth"]!["client_token"]!.GetValue<string>());
        Assert.Equal("root", entries[0]["auth"]!["policies"]![0]!.GetValue<string>());
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task TheLogFileGetsMode0600ByDefault()
    {
        await EnableAsync();
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(LogPath));
    }

    [Fact]
    public async Task DevicesAreListedAndDisabled()
    {
        await EnableAsync();
        var listed = (await _vault.GetAsync("sys/audit")).Expect(200);
        Assert.Equal("file", listed.Data!["file/"]!["type"]!.GetValue<string>());
        Assert.NotNull(listed.Json!["file/"]);

        (await _vault.DeleteAsync("sys/audit/file")).Expect(204);
        Assert.Null((await _vault.GetAsync("sys/audit")).Expect(200).Data!["file/"]);
    }

    [Fact]
    public async Task AnUnwritablePathCannotBeEnabled()
    {
        var reply = (await _vault.PutAsync("sys/audit/bad", new { type = "file", options = new { file_path = "/nonexistent-dir/x/audit.log" } })).Expect(400);
        Assert.Contains("/nonexistent-dir/x/audit.log", reply.Errors[0]);
        (await _vault.PutAsync("sys/audit/nopath", new { type = "file", options = new { } })).Expect(400);
    }

    [Fact]
    public async Task WhenNoDeviceCanWriteRequestsFailAndChangeNothing()
    {
        await EnableAsync();
        Directory.Delete(_directory, recursive: true);

        (await _vault.PostAsync("cubbyhole/should-not-exist", new { v = "x" })).Expect(500);

        Directory.CreateDirectory(_directory);
        (await _vault.DeleteAsync("sys/audit/file")).Expect(204);
        (await _vault.GetAsync("cubbyhole/should-not-exist")).Expect(404);
    }

    [Fact]
    public async Task HealthIsNotAudited()
    {
        await EnableAsync();
        (await _vault.GetAsync("sys/health", token: "")).Expect(200);
        Assert.DoesNotContain(Entries(), e => e["request"]!["path"]!.GetValue<string>() == "sys/health");
    }

    [Fact]
    public async Task AuditingNeedsSudo()
    {
        (await _vault.PutAsync("sys/policies/acl/audit-no-sudo", new { policy = "path \"sys/audit*\" { capabilities = [\"read\", \"update\"] }" })).Expect(204);
        var token = (await _vault.PostAsync("auth/token/create", new { policies = new[] { "audit-no-sudo" }, ttl = "5m" })).Expect(200).Auth!["client_token"]!.GetValue<string>();

        (await _vault.GetAsync("sys/audit", token)).Expect(403);
    }
}
