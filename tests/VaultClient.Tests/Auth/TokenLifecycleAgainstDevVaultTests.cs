using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using VaultDemo.VaultClient.Tests.Infrastructure;

namespace VaultDemo.VaultClient.Tests.Auth;

/// <summary>The token lifecycle against DevVault's real token store: scheduling on a fake clock shared with the server, plus one case in real time.</summary>
public sealed class TokenLifecycleAgainstDevVaultTests(DevVaultFixture vault) : IClassFixture<DevVaultFixture>
{
    [Fact]
    public async Task TokenIsRenewedThenReplacedBeforeItsMaxTtlWhileCallsKeepSucceeding()
    {
        // DevVault and the client share one fake clock: TTLs, renewals and the re-login deadline are exact, and a
        // loaded machine cannot make a gap look longer than it was.
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await TestVault.StartAsync(time);
        using var root = server.CreateRootClient();
        var maxTtl = TimeSpan.FromSeconds(80);
        var login = new ChildTokenAuthMethod(root, ttl: TimeSpan.FromSeconds(30), maxTtl);
        using var client = server.CreateClient(new VaultClientOptions { AuthMethod = login }, time);
        var logins = new ConcurrentQueue<DateTimeOffset>();
        client.Token.TokenReplaced += _ => logins.Enqueue(time.GetUtcNow());
        using var stop = new CancellationTokenSource();
        var lifecycle = client.Token.RunAsync(stop.Token);
        var renewals = 0L;
        using var counting = CountRenewals(client, () => Interlocked.Increment(ref renewals));

        await Poll.UntilAsync(
            () => client.Token.Generation >= 3,
            "two replacements of the token, each before the previous one's max TTL",
            betweenChecks: () => time.Advance(TimeSpan.FromSeconds(1)));
        await client.Auth.LookupSelfAsync();
        await stop.CancelAsync();
        await lifecycle.WaitAsync(Poll.DefaultTimeout);

        Assert.True(Interlocked.Read(ref renewals) >= 2, "each token is renewed before it is replaced");
        var times = logins.ToArray();
        Assert.All(times.Zip(times.Skip(1)), pair => Assert.True(pair.Second - pair.First < maxTtl, $"a login came {pair.Second - pair.First} after the previous one, past the max TTL"));
        Assert.Equal(login.Logins, client.Token.Generation);
    }

    /// <summary>The same lifecycle in real time, end to end: only what happened is asserted, never how long it took.</summary>
    [Fact]
    public async Task InRealTimeTheTokenIsReplacedAndEveryCallSucceeds()
    {
        var login = new ChildTokenAuthMethod(vault.Root, ttl: TimeSpan.FromSeconds(2), maxTtl: TimeSpan.FromSeconds(4));
        using var client = vault.Server.CreateClient(new VaultClientOptions { AuthMethod = login });
        using var stop = new CancellationTokenSource();
        var lifecycle = client.Token.RunAsync(stop.Token);
        var calls = 0;

        await Poll.UntilAsync(
            async () =>
            {
                await client.Auth.LookupSelfAsync(); // a failure would throw out of the poll and fail the test
                calls++;
                return client.Token.Generation >= 2;
            },
            "a replacement of the token while calls continue",
            TimeSpan.FromSeconds(60));
        await stop.CancelAsync();
        await lifecycle.WaitAsync(Poll.DefaultTimeout);

        Assert.True(calls > 0);
        Assert.Equal(login.Logins, client.Token.Generation);
    }

    [Fact]
    public async Task RevokedTokenIsReplacedOnceForConcurrentCallsThatAllSucceed()
    {
        var login = new ChildTokenAuthMethod(vault.Root, ttl: TimeSpan.FromMinutes(5), maxTtl: TimeSpan.FromMinutes(10));
        using var client = vault.Server.CreateClient(new VaultClientOptions { AuthMethod = login });
        await client.Token.EnsureLoggedInAsync();

        await client.Auth.RevokeSelfAsync();
        var lookups = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => client.Auth.LookupSelfAsync()));

        Assert.All(lookups, l => Assert.Equal(client.Token.Accessor, l.Accessor));
        Assert.Equal(2, login.Logins);
    }

    [Fact]
    public async Task RevokingOnShutdownInvalidatesTheToken()
    {
        var login = new ChildTokenAuthMethod(vault.Root, ttl: TimeSpan.FromMinutes(5), maxTtl: TimeSpan.FromMinutes(10));
        using var client = vault.Server.CreateClient(new VaultClientOptions { AuthMethod = login });
        await client.Token.EnsureLoggedInAsync();
        var lookup = await client.Auth.LookupSelfAsync();

        await client.Token.RevokeAsync();

        Assert.False(client.Token.HasValidToken);
        var gone = await Assert.ThrowsAsync<VaultApiException>(() => vault.Root.Auth.LookupTokenAsync("not-a-token"));
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, gone.StatusCode);
        Assert.NotNull(lookup.Accessor);
    }

    [Fact]
    public async Task WrappedDataIsUnwrappedExactlyOnce()
    {
        var wrapped = await vault.Root.Wrapping.WrapAsync(new Dictionary<string, string> { ["secret_id"] = "s-1" }, TimeSpan.FromMinutes(1));

        var lookup = await vault.Root.Wrapping.LookupAsync(wrapped.Token);
        var data = await vault.Root.Wrapping.UnwrapAsync(wrapped.Token);
        var second = await Assert.ThrowsAsync<VaultApiException>(() => vault.Root.Wrapping.UnwrapAsync(wrapped.Token));

        Assert.Equal("sys/wrapping/wrap", lookup.CreationPath);
        Assert.Equal("s-1", data["secret_id"]);
        Assert.True(second.IsInvalidWrappingToken);
        Assert.DoesNotContain(wrapped.Token, second.Message, StringComparison.Ordinal);
    }

    private static IDisposable CountRenewals(VaultClient client, Action onRenewal)
    {
        var listener = new System.Diagnostics.Metrics.MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter, client.Telemetry.Meter) && instrument.Name == "vault.token.renewals")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, _, _, _) => onRenewal());
        listener.Start();
        return listener;
    }
}
