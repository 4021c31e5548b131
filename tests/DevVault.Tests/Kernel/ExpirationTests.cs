using DevVault.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace DevVault.Tests.Kernel;

/// <summary>Token and lease lifetimes on a fake clock: expiry is driven by advancing time, never by sleeping.</summary>
public sealed class ExpirationTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z"));
    private readonly RecordingLeaseBackend _engine = new();
    private DevVault.Hosting.DevVaultServer _server = null!;
    private HttpClient _http = null!;
    private VaultHttp _vault = null!;

    public async Task InitializeAsync()
    {
        (_server, _http, _vault) = await DevVaultFixture.StartAsync(_clock, s => RecordingLeaseBackend.Register(s, _engine));
        (await _vault.PostAsync("sys/mounts/leasing", new { type = "test-lease" })).Expect(204);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private async Task<string> TokenAsync(object body, string? parent = null) =>
        (await _vault.PostAsync("auth/token/create", body, parent)).Expect(200).Auth!["client_token"]!.GetValue<string>();


    [Fact]
    public async Task ATokenStopsWorkingWhenItsTtlPasses()
    {
        var token = await TokenAsync(new { ttl = "10m" });
        (await _vault.GetAsync("auth/token/lookup-self", token)).Expect(200);

        _clock.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));

        (await _vault.GetAsync("auth/token/lookup-self", token)).Expect(403);
    }

    [Fact]
    public async Task AnExpiringTokenTakesItsChildrenAndLeasesWithIt()
    {
        var parent = await TokenAsync(new { ttl = "5m" });
        var child = await TokenAsync(new { ttl = "1h" }, parent);
        var lease = (await _vault.GetAsync("leasing/creds/child", child)).Expect(200).Json!["lease_id"]!.GetValue<string>();

        _clock.Advance(TimeSpan.FromMinutes(6));

        await Poll.UntilAsync(() => Task.FromResult(_engine.Revoked.Contains(lease)), "the child's lease to be revoked");
        (await _vault.GetAsync("auth/token/lookup-self", child)).Expect(403);
    }

    [Fact]
    public async Task ALeaseIsRevokedWhenItExpires()
    {
        var reply = (await _vault.GetAsync("leasing/creds/short?ttl=60")).Expect(200);
        var lease = reply.Json!["lease_id"]!.GetValue<string>();
        Assert.StartsWith("leasing/creds/short/", lease);
        Assert.Equal(60, reply.Json!["lease_duration"]!.GetValue<int>());
        Assert.True(reply.Json!["renewable"]!.GetValue<bool>());

        _clock.Advance(TimeSpan.FromSeconds(61));

        await Poll.UntilAsync(() => Task.FromResult(_engine.Revoked.Contains(lease)), "the lease to be revoked at expiry");
        (await _vault.PostAsync("sys/leases/lookup", new { lease_id = lease })).Expect(400);
    }

    [Fact]
    public async Task RenewalExtendsALeaseUpToItsMaxTtl()
    {
        var lease = (await _vault.GetAsync("leasing/creds/renew?ttl=600")).Expect(200).Json!["lease_id"]!.GetValue<string>();

        var renewed = (await _vault.PostAsync("sys/leases/renew", new { lease_id = lease, increment = "20m" })).Expect(200);
        Assert.Equal(1200, renewed.Json!["lease_duration"]!.GetValue<int>());
        Assert.Equal(lease, renewed.Json!["lease_id"]!.GetValue<string>());

        _clock.Advance(TimeSpan.FromMinutes(15));
        var capped = (await _vault.PostAsync("sys/leases/renew", new { lease_id = lease, increment = "1h" })).Expect(200);
        Assert.Equal(900, capped.Json!["lease_duration"]!.GetValue<int>());
        Assert.NotNull(capped.Json!["warnings"]);
        Assert.Contains(lease, _engine.Renewed);
    }

    [Fact]
    public async Task LookupDescribesALease()
    {
        var lease = (await _vault.GetAsync("leasing/creds/look?ttl=300")).Expect(200).Json!["lease_id"]!.GetValue<string>();

        var data = (await _vault.PostAsync("sys/leases/lookup", new { lease_id = lease })).Expect(200).Data!;
        Assert.Equal(lease, data["id"]!.GetValue<string>());
        Assert.Equal("2026-01-01T00:05:00Z", data["expire_time"]!.GetValue<string>());

        var missing = (await _vault.PostAsync("sys/leases/lookup", new { })).Expect(400);
        Assert.Equal("lease_id must be specified", missing.Errors[0]);
        var keys = (await _vault.ListAsync("sys/leases/lookup/leasing/creds/look/")).Expect(200).Data!["keys"]!.AsArray();
        Assert.Single(keys);
    }

    [Fact]
    public async Task RevokePrefixRevokesEveryLeaseBelowIt()
    {
        var a = (await _vault.GetAsync("leasing/creds/p1")).Expect(200).Json!["lease_id"]!.GetValue<string>();
        var b = (await _vault.GetAsync("leasing/creds/p2")).Expect(200).Json!["lease_id"]!.GetValue<string>();

        (await _vault.PostAsync("sys/leases/revoke-prefix/leasing/creds/", new { sync = true })).Expect(204);

        Assert.Contains(a, _engine.Revoked);
        Assert.Contains(b, _engine.Revoked);
    }

    [Fact]
    public async Task AFailingRevocationIsRetriedAndVisible()
    {
        var lease = (await _vault.GetAsync("leasing/creds/stubborn?ttl=30")).Expect(200).Json!["lease_id"]!.GetValue<string>();
        _engine.FailRevocations = true;

        _clock.Advance(TimeSpan.FromSeconds(31));
        await Poll.UntilAsync(
            async () => (await _vault.PostAsync("sys/leases/lookup", new { lease_id = lease })).Data?["revocation_attempts"] is not null,
            "the failed revocation to show in the lease lookup");

        _engine.FailRevocations = false;
        _clock.Advance(TimeSpan.FromMinutes(2));
        await Poll.UntilAsync(() => Task.FromResult(_engine.Revoked.Contains(lease)), "the retried revocation to succeed");
    }

    [Fact]
    public async Task ALeaseThatFailsSixRevocationsIsIrrevocableAndNoLongerRetried()
    {
        var stubborn = (await _vault.GetAsync("leasing/creds/gone?ttl=30")).Expect(200).Json!["lease_id"]!.GetValue<string>();

        await LeaseRevocations.FailUntilIrrevocableAsync(_vault, _clock, _engine, stubborn);

        await LeaseRevocations.AssertNotRetriedAsync(_vault, _clock, _engine, stubborn);
        Assert.Equal(6, (await LeaseRevocations.LookupAsync(_vault, stubborn))["revocation_attempts"]!.GetValue<int>());

        // An operator's revocation still works, and takes it away.
        (await _vault.PostAsync("sys/leases/revoke", new { lease_id = stubborn })).Expect(204);
        Assert.Contains(stubborn, _engine.Revoked);
        (await _vault.PostAsync("sys/leases/lookup", new { lease_id = stubborn })).Expect(400);
    }

    [Fact]
    public async Task AWrappingTokenExpiresWithItsTtl()
    {
        var wrapping = (await _vault.PostAsync("sys/wrapping/wrap", new { a = "b" }, headers: new Dictionary<string, string> { ["X-Vault-Wrap-TTL"] = "30s" }))
            .Expect(200).Json!["wrap_info"]!["token"]!.GetValue<string>();

        _clock.Advance(TimeSpan.FromSeconds(31));

        (await _vault.PostAsync("sys/wrapping/unwrap", new { token = wrapping })).Expect(400);
    }

    [Fact]
    public async Task LeaseLookupCountsTheTtlOnTheServersClock()
    {
        var lease = (await _vault.GetAsync("leasing/creds/clock?ttl=600")).Expect(200).Json!["lease_id"]!.GetValue<string>();

        _clock.Advance(TimeSpan.FromMinutes(4));

        var data = (await _vault.PostAsync("sys/leases/lookup", new { lease_id = lease })).Expect(200).Data!;
        Assert.Equal(360, data["ttl"]!.GetValue<long>());
    }

    [Fact]
    public async Task RevokingALeaseThatDoesNotExistIsANoOp()
    {
        (await _vault.PostAsync("sys/leases/revoke", new { lease_id = "leasing/creds/none/abc" })).Expect(204);
        (await _vault.PutAsync("sys/leases/revoke/leasing/creds/none/abc")).Expect(204);
        (await _vault.PostAsync("sys/leases/revoke", new { lease_id = "leasing/creds/none/abc", sync = false })).Expect(202);
        Assert.Empty(_engine.Revoked);
    }
}
