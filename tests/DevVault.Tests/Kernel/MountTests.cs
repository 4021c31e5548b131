using DevVault.Tests.Infrastructure;

namespace DevVault.Tests.Kernel;

public sealed class MountTests : IAsyncLifetime
{
    private readonly RecordingLeaseBackend _engine = new();
    private DevVault.Hosting.DevVaultServer _server = null!;
    private HttpClient _http = null!;
    private VaultHttp _vault = null!;

    public async Task InitializeAsync() =>
        (_server, _http, _vault) = await DevVaultFixture.StartAsync(configureServices: s => RecordingLeaseBackend.Register(s, _engine));

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task AnEngineIsEnabledListedTunedAndDisabled()
    {
        (await _vault.PostAsync("sys/mounts/leasing", new { type = "test-lease", description = "for tests", config = new { default_lease_ttl = "1h", max_lease_ttl = "2h" } })).Expect(204);

        var listed = (await _vault.GetAsync("sys/mounts")).Expect(200).Data!["leasing/"]!;
        Assert.Equal("test-lease", listed["type"]!.GetValue<string>());
        Assert.Equal(3600, listed["config"]!["default_lease_ttl"]!.GetValue<long>());

        (await _vault.PostAsync("sys/mounts/leasing/tune", new { max_lease_ttl = "3h" })).Expect(204);
        var tune = (await _vault.GetAsync("sys/mounts/leasing/tune")).Expect(200).Data!;
        Assert.Equal(10800, tune["max_lease_ttl"]!.GetValue<long>());

        (await _vault.DeleteAsync("sys/mounts/leasing")).Expect(204);
        Assert.Null((await _vault.GetAsync("sys/mounts")).Expect(200).Data!["leasing/"]);
        (await _vault.GetAsync("leasing/creds/x")).Expect(404);
    }

    [Fact]
    public async Task EnablingNeedsAKnownTypeAndAFreePath()
    {
        var missing = (await _vault.PostAsync("sys/mounts/x", new { description = "no type" })).Expect(400);
        Assert.Equal("backend type must be specified as a string", missing.Errors[0]);

        (await _vault.PostAsync("sys/mounts/x", new { type = "no-such-engine" })).Expect(400);

        var taken = (await _vault.PostAsync("sys/mounts/cubbyhole", new { type = "test-lease" })).Expect(400);
        Assert.Contains("cubbyhole/", taken.Errors[0]);

        var version = (await _vault.PostAsync("sys/mounts/y", new { type = "test-lease", options = new { version = "2" } })).Expect(400);
        Assert.Equal("secrets engine \"test-lease\" does not allow setting a version", version.Errors[0]);
    }

    [Fact]
    public async Task DisablingAnEngineRevokesItsLeases()
    {
        (await _vault.PostAsync("sys/mounts/doomed", new { type = "test-lease" })).Expect(204);
        var lease = (await _vault.GetAsync("doomed/creds/a")).Expect(200).Json!["lease_id"]!.GetValue<string>();

        (await _vault.DeleteAsync("sys/mounts/doomed")).Expect(204);

        Assert.Contains(lease, _engine.Revoked);
    }

    [Fact]
    public async Task TheTokenAuthMethodIsAlwaysListed()
    {
        var auth = (await _vault.GetAsync("sys/auth")).Expect(200).Data!;
        Assert.Equal("token", auth["token/"]!["type"]!.GetValue<string>());
        Assert.Equal("token based credentials", auth["token/"]!["description"]!.GetValue<string>());
    }
}
