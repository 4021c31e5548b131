using System.Text;
using DevVault.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace DevVault.Tests.Transit;

/// <summary>Auto-rotation on a fake clock: a key whose period has passed gets a new version before its next use.</summary>
public sealed class TransitAutoRotationTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z"));
    private DevVault.Hosting.DevVaultServer _server = null!;
    private HttpClient _http = null!;
    private VaultHttp _vault = null!;

    public async Task InitializeAsync()
    {
        (_server, _http, _vault) = await DevVaultFixture.StartAsync(_clock);
        (await _vault.PostAsync("sys/mounts/transit", new { type = "transit" })).Expect(204);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task AKeyPastItsAutoRotatePeriodEncryptsWithANewVersion()
    {
        (await _vault.PostAsync("transit/keys/rotating", new { auto_rotate_period = "24h" })).Expect(200);
        var plaintext = Convert.ToBase64String(Encoding.UTF8.GetBytes("x"));
        var before = (await _vault.PostAsync("transit/encrypt/rotating", new { plaintext })).Expect(200).Data!;
        Assert.Equal(1, before["key_version"]!.GetValue<int>());

        _clock.Advance(TimeSpan.FromHours(23));
        Assert.Equal(1, (await _vault.PostAsync("transit/encrypt/rotating", new { plaintext })).Expect(200).Data!["key_version"]!.GetValue<int>());

        _clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(2, (await _vault.PostAsync("transit/encrypt/rotating", new { plaintext })).Expect(200).Data!["key_version"]!.GetValue<int>());
        Assert.Equal(86400, (await _vault.GetAsync("transit/keys/rotating")).Expect(200).Data!["auto_rotate_period"]!.GetValue<int>());
        (await _vault.PostAsync("transit/decrypt/rotating", new { ciphertext = before["ciphertext"]!.GetValue<string>() })).Expect(200);
    }
}
