using System.Text.Json.Nodes;
using DevVault.Tests.Infrastructure;

namespace DevVault.Tests.Kernel;

/// <summary>Places where a client written against Vault found DevVault answering differently.</summary>
public sealed class VaultBehaviourTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "devvault-behaviour-" + Guid.NewGuid().ToString("N"));
    private DevVault.Hosting.DevVaultServer _server = null!;
    private HttpClient _http = null!;
    private VaultHttp _vault = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        (_server, _http, _vault) = await DevVaultFixture.StartAsync(configureServices: FaultingBackend.Register);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task AnUnexpectedFaultAnswersTheErrorEnvelopeAndIsAudited()
    {
        var log = Path.Combine(_directory, "audit.log");
        (await _vault.PutAsync("sys/audit/file", new { type = "file", options = new { file_path = log } })).Expect(204);
        (await _vault.PostAsync("sys/mounts/faulty", new { type = FaultingBackend.TypeName })).Expect(204);

        var reply = (await _vault.GetAsync("faulty/anything")).Expect(500);
        Assert.Equal(["1 error occurred:\n\t* internal error\n\n"], reply.Errors);
        Assert.DoesNotContain(FaultingBackend.SecretInTheFault, reply.Body);

        var entries = File.ReadAllLines(log).Select(l => JsonNode.Parse(l)!).Where(e => e["request"]!["path"]!.GetValue<string>() == "faulty/anything").ToList();
        Assert.Equal(["request", "response"], entries.Select(e => e["type"]!.GetValue<string>()));
        Assert.Contains("internal error", entries[1]["error"]!.GetValue<string>());
        Assert.DoesNotContain(FaultingBackend.SecretInTheFault, File.ReadAllText(log));
    }

    [Fact]
    public async Task QueryParametersAreNotMergedIntoAWritesBody()
    {
        (await _vault.PostAsync("cubbyhole/query-test?extra=from-query", new { value = "from-body" })).Expect(204);

        var data = (await _vault.GetAsync("cubbyhole/query-test")).Expect(200).Data!.AsObject();
        Assert.Equal(["value"], data.Select(kv => kv.Key));
    }

    [Fact]
    public async Task APolicysWrappingTtlBoundsAreEnforcedOnRequests()
    {
        (await _vault.PutAsync("sys/policies/acl/wrapped-random", new { policy = """path "sys/tools/random" { capabilities = ["update"] max_wrapping_ttl = "5m" }""" })).Expect(204);
        var token = (await _vault.PostAsync("auth/token/create", new { policies = new[] { "wrapped-random" } })).Expect(200).Auth!["client_token"]!.GetValue<string>();

        (await _vault.PostAsync("sys/tools/random", new { bytes = 8 }, token)).Expect(403);
        (await _vault.PostAsync("sys/tools/random", new { bytes = 8 }, token, new Dictionary<string, string> { ["X-Vault-Wrap-TTL"] = "10m" })).Expect(403);
        var wrapped = (await _vault.PostAsync("sys/tools/random", new { bytes = 8 }, token, new Dictionary<string, string> { ["X-Vault-Wrap-TTL"] = "2m" })).Expect(200);
        Assert.Equal(120, wrapped.Json!["wrap_info"]!["ttl"]!.GetValue<int>());
    }
}
