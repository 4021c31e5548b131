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

    [Fact]
    public async Task ASecretsEngineMovesWithItsDataAndTheMigrationReportsSuccess()
    {
        (await _vault.PostAsync("sys/mounts/kv-old", new { type = "kv-v2" })).Expect(204);
        (await _vault.PostAsync("kv-old/data/app", new { data = new { password = "p1" } })).Expect(200);

        var reply = (await _vault.PostAsync("sys/remount", new { from = "kv-old", to = "kv-new" })).Expect(200);
        var migrationId = reply.Data!["migration_id"]!.GetValue<string>();
        Assert.Equal(migrationId, reply.Json!["migration_id"]!.GetValue<string>());

        var status = (await _vault.GetAsync($"sys/remount/status/{migrationId}")).Expect(200).Data!;
        Assert.Equal("success", status["migration_info"]!["status"]!.GetValue<string>());
        Assert.Equal("kv-old/", status["migration_info"]!["source_mount"]!.GetValue<string>());
        Assert.Equal("kv-new/", status["migration_info"]!["target_mount"]!.GetValue<string>());

        Assert.Equal("p1", (await _vault.GetAsync("kv-new/data/app")).Expect(200).Data!["data"]!["password"]!.GetValue<string>());
        (await _vault.GetAsync("kv-old/data/app")).Expect(404);
        var mounts = (await _vault.GetAsync("sys/mounts")).Expect(200).Data!;
        Assert.NotNull(mounts["kv-new/"]);
        Assert.Null(mounts["kv-old/"]);
    }

    [Fact]
    public async Task RemountingRevokesTheLeasesIssuedUnderTheOldPath()
    {
        (await _vault.PostAsync("sys/mounts/leases-a", new { type = RecordingLeaseBackend.TypeName })).Expect(204);
        var lease = (await _vault.GetAsync("leases-a/creds/x")).Expect(200).Json!["lease_id"]!.GetValue<string>();

        (await _vault.PostAsync("sys/remount", new { from = "leases-a/", to = "leases-b/" })).Expect(200);

        Assert.Contains(lease, _engine.Revoked);
        (await _vault.GetAsync("leases-b/creds/x")).Expect(200);
    }

    [Fact]
    public async Task AnAuthMethodMovesWithinAuth()
    {
        (await _vault.PostAsync("sys/auth/approle-old", new { type = "approle" })).Expect(204);
        (await _vault.PostAsync("auth/approle-old/role/r", new { token_policies = "default" })).Expect(204);

        (await _vault.PostAsync("sys/remount", new { from = "auth/approle-old", to = "auth/approle-new" })).Expect(200);

        (await _vault.GetAsync("auth/approle-new/role/r")).Expect(200);
        var wrongKind = (await _vault.PostAsync("sys/remount", new { from = "auth/approle-new", to = "approle-secrets" })).Expect(400);
        Assert.Equal("cannot remount auth mount to non-auth mount", wrongKind.Errors[0]);
    }

    [Fact]
    public async Task BadRemountsAreRefusedAndChangeNothing()
    {
        (await _vault.PostAsync("sys/remount", new { from = "nowhere", to = "somewhere" })).Expect(400);
        (await _vault.PostAsync("sys/remount", new { from = "sys", to = "system2" })).Expect(400);
        (await _vault.PostAsync("sys/remount", new { from = "secret", to = "cubbyhole" })).Expect(400);
        (await _vault.PostAsync("sys/remount", new { from = "secret" })).Expect(400);
        Assert.NotNull((await _vault.GetAsync("sys/mounts")).Expect(200).Data!["secret/"]);
        (await _vault.GetAsync("sys/remount/status/unknown")).Expect(404);
    }

    [Fact]
    public async Task RemountNeedsSudo()
    {
        (await _vault.PutAsync("sys/policies/acl/remounter", new { policy = """path "sys/remount" { capabilities = ["update"] }""" })).Expect(204);
        var token = (await _vault.PostAsync("auth/token/create", new { policies = new[] { "remounter" } })).Expect(200).Auth!["client_token"]!.GetValue<string>();

        (await _vault.PostAsync("sys/remount", new { from = "secret", to = "secret2" }, token)).Expect(403);
    }
}
