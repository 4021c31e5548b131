using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Time.Testing;
using VaultDemo.VaultClient.Auth;
using VaultDemo.VaultClient.Tests.Infrastructure;
using TokenAction = VaultDemo.VaultClient.Auth.VaultTokenManager.TokenAction;

namespace VaultDemo.VaultClient.Tests.Auth;

/// <summary>
/// The token lifecycle on a fake clock. The only in-test HTTP handler in this suite: these rules (when to renew,
/// when to log in again, single flight, backoff) are pure logic; every wire behaviour is tested against DevVault.
/// </summary>
public sealed class TokenLifecycleTests : IDisposable
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(500);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly FakeAuthVault _vault;
    private readonly VaultClient _client;
    private readonly ConcurrentQueue<(TokenAction Action, DateTimeOffset DueAt)> _schedule = new();
    private readonly CancellationTokenSource _stop = new();

    public TokenLifecycleTests()
    {
        _vault = new FakeAuthVault(_time);
        _client = CreateClient(new AppRoleAuthMethod(new AppRoleAuthOptions { RoleId = "role", SecretId = "secret" }));
        _client.Token.Scheduled += (action, due) => _schedule.Enqueue((action, due));
    }

    [Fact]
    public async Task TokenIsRenewedAtAboutTwoThirdsOfItsTtl()
    {
        var start = _time.GetUtcNow();
        var run = _client.Token.RunAsync(_stop.Token);

        var first = await NextScheduleAsync();
        Assert.Equal(TokenAction.Renew, first.Action);
        Assert.InRange(first.DueAt - start, _vault.TokenTtl * 0.6, _vault.TokenTtl * (2.0 / 3.0));

        await AdvanceUntilAsync(() => _vault.Renewals == 1, "the first renewal");
        Assert.Equal(1, _vault.Logins);
        Assert.True(_client.Token.HasValidToken);
        await StopAsync(run);
    }

    [Fact]
    public async Task TokenIsReplacedByANewLoginBeforeItsMaxTtl()
    {
        _vault.TokenTtl = TimeSpan.FromSeconds(30);
        _vault.TokenMaxTtl = TimeSpan.FromSeconds(60);
        var start = _time.GetUtcNow();
        DateTimeOffset? replacedAt = null;
        _client.Token.TokenReplaced += generation =>
        {
            if (generation == 2)
            {
                replacedAt = _time.GetUtcNow();
            }
        };
        var run = _client.Token.RunAsync(_stop.Token);

        await AdvanceUntilAsync(() => _vault.Logins == 2, "a second login");

        Assert.NotNull(replacedAt);
        Assert.True(replacedAt < start + _vault.TokenMaxTtl, $"re-login at {replacedAt - start} must come before the max TTL {_vault.TokenMaxTtl}");
        Assert.Contains(_schedule, s => s.Action == TokenAction.Relogin);
        Assert.Equal(2, _client.Token.Generation);
        Assert.True(_vault.Renewals >= 1, "the token is renewed until renewals are capped");
        await StopAsync(run);
    }

    [Fact]
    public async Task RefusedRenewalLeadsToANewLogin()
    {
        await _client.Token.EnsureLoggedInAsync();
        _vault.RevokeServerSide(_vault.LastIssuedToken!);
        var run = _client.Token.RunAsync(_stop.Token);

        await AdvanceUntilAsync(() => _vault.Logins == 2, "a login after the refused renewal");

        Assert.Equal(0, _vault.Renewals);
        Assert.True(_client.Token.HasValidToken);
        await StopAsync(run);
    }

    [Fact]
    public async Task ConcurrentCallsRejectedForAnInvalidTokenLogInOnceAndAllSucceed()
    {
        await _client.Token.EnsureLoggedInAsync();
        _vault.RevokeServerSide(_vault.LastIssuedToken!);

        var reads = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => _client.KeyValue.ReadAsync("app")));

        Assert.All(reads, r => Assert.Equal("v", r!.Data!["value"]));
        Assert.Equal(2, _vault.Logins);
        Assert.Equal(2, _client.Token.Generation);
    }

    [Fact]
    public async Task UnavailableVaultIsRetriedWithBackoffWithoutLoggingInAgain()
    {
        await _client.Token.EnsureLoggedInAsync();
        _vault.RenewFailure = HttpStatusCode.ServiceUnavailable;
        var run = _client.Token.RunAsync(_stop.Token);

        await AdvanceUntilAsync(() => _schedule.Count(s => s.Action == TokenAction.Backoff) >= 2, "two backoff retries while Vault is sealed");
        var backoffs = _schedule.Where(s => s.Action == TokenAction.Backoff).Select(s => s.DueAt).ToList();
        _vault.RenewFailure = null;
        await AdvanceUntilAsync(() => _vault.Renewals == 1, "a renewal once Vault is back");

        Assert.Equal(1, _vault.Logins);
        Assert.True(backoffs[1] > backoffs[0]);
        await StopAsync(run);
    }

    [Fact]
    public async Task ShutdownRevokesATokenObtainedByLogin()
    {
        await _client.Token.EnsureLoggedInAsync();
        var token = _vault.LastIssuedToken;

        await _client.Token.RevokeAsync();
        await _client.Token.RevokeAsync();

        Assert.Equal([token!], _vault.RevokedTokens);
    }

    [Fact]
    public async Task ShutdownNeverRevokesATokenItWasGiven()
    {
        await _client.Token.EnsureLoggedInAsync();
        using var given = CreateClient(TokenAuthMethod.FromValue(_vault.LastIssuedToken!));
        await given.Token.EnsureLoggedInAsync();

        await given.Token.RevokeAsync();

        Assert.Empty(_vault.RevokedTokens);
        Assert.Equal(1, _vault.Logins);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _client.Dispose();
        _vault.Dispose();
    }

    private VaultClient CreateClient(IVaultAuthMethod method) => new(
        new HttpClient(_vault, disposeHandler: false),
        new VaultClientOptions { Address = new Uri("http://vault.test"), AuthMethod = method, LatestReadCacheDuration = TimeSpan.Zero },
        _time);

    private async Task<(TokenAction Action, DateTimeOffset DueAt)> NextScheduleAsync()
    {
        (TokenAction, DateTimeOffset) next = default;
        await Poll.UntilAsync(() => _schedule.TryDequeue(out next), "the lifecycle to schedule its next action");
        return next;
    }

    /// <summary>Moves the fake clock forward in small steps until <paramref name="condition"/> holds.</summary>
    private Task AdvanceUntilAsync(Func<bool> condition, string what) =>
        Poll.UntilAsync(condition, what, betweenChecks: () => _time.Advance(Step));

    private async Task StopAsync(Task run)
    {
        await _stop.CancelAsync();
        await run.WaitAsync(Poll.DefaultTimeout);
    }
}
