using Npgsql;
using VaultDemo.VaultClient.Auth;
using VaultDemo.VaultClient.Database;
using VaultDemo.VaultClient.Leases;

namespace VaultDemo.VaultClient.Tests.Database;

/// <summary>When the rotating data source renews and when it replaces credentials: pure timing rules, no server.</summary>
public sealed class LeasePlanTests : IAsyncDisposable
{
    private static readonly DateTimeOffset Obtained = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly VaultClient _client = new(new HttpClient(), new VaultClientOptions { Address = new Uri("http://127.0.0.1:1"), AuthMethod = TokenAuthMethod.FromValue("unused") });
    private readonly NpgsqlDataSource _pool = NpgsqlDataSource.Create("Host=127.0.0.1;Database=app");
    private readonly VaultNpgsqlDataSource _dataSource;

    public LeasePlanTests() => _dataSource = new VaultNpgsqlDataSource(_client, new VaultNpgsqlDataSourceOptions { ConnectionString = "Host=127.0.0.1;Database=app", Role = "app" });

    [Fact]
    public void RenewableLeaseIsRenewedAtTwoThirds()
    {
        var pool = Pool(TimeSpan.FromMinutes(30), renewable: true);

        var (renew, due) = _dataSource.NextAction(pool);

        Assert.True(renew);
        Assert.Equal(Obtained + TimeSpan.FromMinutes(20), due);
    }

    [Fact]
    public void CappedLeaseIsReplacedAtEightyFivePercentOfWhatIsLeft()
    {
        var pool = Pool(TimeSpan.FromMinutes(30), renewable: true);
        pool.RefreshedAt = Obtained + TimeSpan.FromMinutes(20);
        pool.Ttl = TimeSpan.FromMinutes(10);
        pool.NearMaxTtl = true;

        var (renew, due) = _dataSource.NextAction(pool);

        Assert.False(renew);
        Assert.Equal(Obtained + TimeSpan.FromMinutes(28.5), due);
    }

    [Fact]
    public void NonRenewableLeaseIsReplacedAtEightyFivePercent()
    {
        var (renew, due) = _dataSource.NextAction(Pool(TimeSpan.FromMinutes(10), renewable: false));

        Assert.False(renew);
        Assert.Equal(Obtained + TimeSpan.FromMinutes(8.5), due);
    }

    [Fact]
    public void ShortRemainingLifeIsReplacedAtLeastTheLeadTimeBeforeItEnds()
    {
        var pool = Pool(TimeSpan.FromSeconds(30), renewable: true);
        pool.RefreshedAt = Obtained + TimeSpan.FromSeconds(20);
        pool.Ttl = TimeSpan.FromSeconds(8);
        pool.NearMaxTtl = true;

        var (renew, due) = _dataSource.NextAction(pool);

        Assert.False(renew);
        Assert.Equal(Obtained + TimeSpan.FromSeconds(23), due);
    }

    [Fact]
    public void CredentialsAreNeverPrinted()
    {
        var credentials = new DatabaseCredentials("v-app-x", "the-password", new VaultLease("database/creds/app/1", TimeSpan.FromMinutes(1), true));

        Assert.DoesNotContain("the-password", credentials.ToString(), StringComparison.Ordinal);
        Assert.Contains("v-app-x", credentials.ToString(), StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        await _pool.DisposeAsync();
        _client.Dispose();
    }

    private VaultNpgsqlDataSource.CredentialPool Pool(TimeSpan ttl, bool renewable) =>
        new(_pool, new DatabaseCredentials("v-app-x", "p", new VaultLease("database/creds/app/1", ttl, renewable)), tokenGeneration: 1, Obtained);
}
