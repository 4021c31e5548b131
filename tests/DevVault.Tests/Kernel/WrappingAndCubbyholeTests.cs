using DevVault.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace DevVault.Tests.Kernel;

public sealed class WrappingAndCubbyholeTests(DevVaultFixture fixture) : IClassFixture<DevVaultFixture>
{
    private VaultHttp Vault => fixture.Vault;

    private static readonly Dictionary<string, string> Wrap60 = new() { ["X-Vault-Wrap-TTL"] = "60s" };

    private async Task<string> WrapAsync(object body)
    {
        var reply = (await Vault.PostAsync("sys/wrapping/wrap", body, headers: Wrap60)).Expect(200);
        Assert.Null(reply.Data);
        Assert.Equal("", reply.Json!["request_id"]!.GetValue<string>());
        var info = reply.Json!["wrap_info"]!;
        Assert.Equal(60, info["ttl"]!.GetValue<int>());
        Assert.Equal("sys/wrapping/wrap", info["creation_path"]!.GetValue<string>());
        return info["token"]!.GetValue<string>();
    }

    [Fact]
    public async Task AWrappedResponseUnwrapsOnceWithItsOwnToken()
    {
        var wrapping = await WrapAsync(new { secret = "s3cr3t" });

        var unwrapped = (await Vault.PostAsync("sys/wrapping/unwrap", null, wrapping)).Expect(200);
        Assert.Equal("s3cr3t", unwrapped.Data!["secret"]!.GetValue<string>());

        var again = await Vault.PostAsync("sys/wrapping/unwrap", null, wrapping);
        Assert.True(again.Status is 400 or 403, again.Body);
    }

    [Fact]
    public async Task AWrappingTokenInTheBodyUnwrapsOnce()
    {
        var wrapping = await WrapAsync(new { secret = "body" });

        (await Vault.PostAsync("sys/wrapping/unwrap", new { token = wrapping })).Expect(200);
        var again = (await Vault.PostAsync("sys/wrapping/unwrap", new { token = wrapping })).Expect(400);
        Assert.Contains("wrapping token is not valid or does not exist", again.Errors[0]);
    }

    [Fact]
    public async Task LookupDescribesAWrappingTokenWithoutConsumingIt()
    {
        var wrapping = await WrapAsync(new { secret = "x" });

        var info = (await Vault.PostAsync("sys/wrapping/lookup", new { token = wrapping }, token: "")).Expect(200).Data!;
        Assert.Equal("sys/wrapping/wrap", info["creation_path"]!.GetValue<string>());
        Assert.Equal(60, info["creation_ttl"]!.GetValue<int>());

        (await Vault.PostAsync("sys/wrapping/unwrap", new { token = wrapping })).Expect(200);
    }

    [Fact]
    public async Task AWrappingTokenCannotBeUsedForAnythingElse()
    {
        var wrapping = await WrapAsync(new { secret = "x" });
        (await Vault.GetAsync("sys/mounts", wrapping)).Expect(403);
    }

    [Fact]
    public async Task RewrapMovesTheContentToANewToken()
    {
        var wrapping = await WrapAsync(new { secret = "moved" });
        var rewrapped = (await Vault.PostAsync("sys/wrapping/rewrap", new { token = wrapping })).Expect(200).Json!["wrap_info"]!["token"]!.GetValue<string>();

        (await Vault.PostAsync("sys/wrapping/unwrap", new { token = wrapping })).Expect(400);
        Assert.Equal("moved", (await Vault.PostAsync("sys/wrapping/unwrap", new { token = rewrapped })).Expect(200).Data!["secret"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnyResponseCanBeWrappedWithTheHeader()
    {
        var reply = (await Vault.PostAsync("auth/token/create", new { ttl = "5m" }, headers: Wrap60)).Expect(200);
        Assert.Null(reply.Auth);
        var info = reply.Json!["wrap_info"]!;
        Assert.NotNull(info["wrapped_accessor"]);

        var unwrapped = (await Vault.PostAsync("sys/wrapping/unwrap", new { token = info["token"]!.GetValue<string>() })).Expect(200);
        Assert.StartsWith("hvs.", unwrapped.Auth!["client_token"]!.GetValue<string>());
    }

    [Fact]
    public async Task ACubbyholeIsPrivateToItsToken()
    {
        var other = (await Vault.PostAsync("auth/token/create", new { ttl = "10m" })).Expect(200).Auth!["client_token"]!.GetValue<string>();

        (await Vault.PostAsync("cubbyhole/private", new { v = "mine" }, other)).Expect(204);

        Assert.Equal("mine", (await Vault.GetAsync("cubbyhole/private", other)).Expect(200).Data!["v"]!.GetValue<string>());
        (await Vault.GetAsync("cubbyhole/private")).Expect(404);
    }

    [Fact]
    public async Task ACubbyholeDiesWithItsToken()
    {
        var token = (await Vault.PostAsync("auth/token/create", new { ttl = "10m" })).Expect(200).Auth!["client_token"]!.GetValue<string>();
        (await Vault.PostAsync("cubbyhole/gone", new { v = "x" }, token)).Expect(204);

        (await Vault.PostAsync("auth/token/revoke", new { token })).Expect(204);

        var cubbyholes = fixture.Server.Services.GetRequiredService<DevVault.Cubbyhole.CubbyholeStore>();
        Assert.Empty(await cubbyholes.For(token).ListAsync(""));
    }
}
