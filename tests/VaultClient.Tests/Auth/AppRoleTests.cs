using Microsoft.Extensions.Time.Testing;
using VaultDemo.VaultClient.Admin;
using VaultDemo.VaultClient.Auth;
using VaultDemo.VaultClient.Tests.Infrastructure;

namespace VaultDemo.VaultClient.Tests.Auth;

public sealed class AppRoleTests(DevVaultFixture vault) : IClassFixture<DevVaultFixture>, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("vaultclient-approle-").FullName;

    [Fact]
    public async Task AppRoleCredentialsFromFilesLogInAndReadWithinThePolicy()
    {
        var role = await AppRoleSetup.CreateAsync(vault.Root);
        var secretId = await vault.Root.Admin.CreateSecretIdAsync(role.RoleName);
        var options = AppRoleOptions(role, File(role.RoleId), File(secretId.SecretId), wrapped: false);
        using var client = vault.Server.CreateClient(options);

        await client.KeyValue.WriteAsync(role.SecretPath + "/config", new Dictionary<string, string> { ["k"] = "v" });

        Assert.Equal("v", (await client.KeyValue.ReadAsync(role.SecretPath + "/config"))!.Data!["k"]);
        Assert.Equal(1, client.Token.Generation);
        Assert.True(client.Token.Method.IssuesTokens);
    }

    [Fact]
    public async Task WrappedSecretIdIsUnwrappedOnceAndNeverWrittenBack()
    {
        var role = await AppRoleSetup.CreateAsync(vault.Root);
        var wrapped = await vault.Root.Admin.CreateWrappedSecretIdAsync(role.RoleName, TimeSpan.FromMinutes(5));
        Assert.Equal($"auth/approle/role/{role.RoleName}/secret-id", wrapped.CreationPath);
        var secretIdFile = File(wrapped.Token);

        using (var first = vault.Server.CreateClient(AppRoleOptions(role, File(role.RoleId), secretIdFile, wrapped: true)))
        {
            await first.Token.EnsureLoggedInAsync();
            // Re-login uses the secret id kept in memory, not the (now consumed) wrapping token.
            await first.Token.LoginAsync();
            Assert.Equal(2, first.Token.Generation);
        }

        Assert.Equal(wrapped.Token, System.IO.File.ReadAllText(secretIdFile).Trim());
        using var second = vault.Server.CreateClient(AppRoleOptions(role, File(role.RoleId), secretIdFile, wrapped: true));
        var refused = await Assert.ThrowsAsync<VaultApiException>(() => second.Token.EnsureLoggedInAsync());
        Assert.Contains("already unwrapped", refused.Message, StringComparison.Ordinal);
        Assert.Contains(secretIdFile, refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrapped.Token, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrappingTokenFromAnotherPathIsRefusedAndLeftUnused()
    {
        var role = await AppRoleSetup.CreateAsync(vault.Root);
        var impostor = await vault.Root.Wrapping.WrapAsync(new Dictionary<string, string> { ["secret_id"] = "chosen-by-an-attacker" }, TimeSpan.FromMinutes(5));
        using var client = vault.Server.CreateClient(AppRoleOptions(role, File(role.RoleId), File(impostor.Token), wrapped: true));

        var refused = await Assert.ThrowsAsync<VaultApiException>(() => client.Token.EnsureLoggedInAsync());

        Assert.Contains("sys/wrapping/wrap", refused.Message, StringComparison.Ordinal);
        Assert.Equal("sys/wrapping/wrap", (await vault.Root.Wrapping.LookupAsync(impostor.Token)).CreationPath);
    }

    [Fact]
    public async Task WrongSecretIdFailsLoginWithVaultsError()
    {
        var role = await AppRoleSetup.CreateAsync(vault.Root);
        using var client = vault.Server.CreateClient(AppRoleOptions(role, File(role.RoleId), File("not-the-secret-id"), wrapped: false));

        var failed = await Assert.ThrowsAsync<VaultApiException>(() => client.KeyValue.ReadAsync(role.SecretPath + "/x"));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, failed.StatusCode);
        Assert.DoesNotContain("not-the-secret-id", failed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RevokedTokenIsReplacedTransparentlyOnTheNextCall()
    {
        var role = await AppRoleSetup.CreateAsync(vault.Root);
        var secretId = await vault.Root.Admin.CreateSecretIdAsync(role.RoleName);
        using var client = vault.Server.CreateClient(AppRoleOptions(role, File(role.RoleId), File(secretId.SecretId), wrapped: false));
        await client.KeyValue.WriteAsync(role.SecretPath + "/a", new Dictionary<string, string> { ["v"] = "1" });

        await client.Auth.RevokeSelfAsync();
        var read = await client.KeyValue.ReadAsync(role.SecretPath + "/a", version: 1);

        Assert.Equal("1", read!.Data!["v"]);
        Assert.Equal(2, client.Token.Generation);
    }

    /// <summary>
    /// DevVault and the client share one fake clock, so the renew and re-login schedule is exact: a loaded machine
    /// cannot stretch a gap, and nothing waits for real TTLs to pass.
    /// </summary>
    [Fact]
    public async Task TokenIsRenewedAndReplacedAcrossItsMaxTtlWithoutAFailedCall()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await TestVault.StartAsync(time);
        using var root = server.CreateRootClient();
        var maxTtl = TimeSpan.FromSeconds(80);
        var role = await AppRoleSetup.CreateAsync(root, policy => new AppRoleDefinition { TokenPolicies = [policy], TokenTtl = TimeSpan.FromSeconds(30), TokenMaxTtl = maxTtl });
        var secretId = await root.Admin.CreateSecretIdAsync(role.RoleName);
        using var client = server.CreateClient(AppRoleOptions(role, File(role.RoleId), File(secretId.SecretId), wrapped: false), time);
        var loginTimes = new System.Collections.Concurrent.ConcurrentQueue<DateTimeOffset>();
        client.Token.TokenReplaced += _ => loginTimes.Enqueue(time.GetUtcNow());
        await client.KeyValue.WriteAsync(role.SecretPath + "/live", new Dictionary<string, string> { ["v"] = "1" });
        using var stop = new CancellationTokenSource();
        var lifecycle = client.Token.RunAsync(stop.Token);
        var firstAccessor = client.Token.Accessor;

        await Poll.UntilAsync(
            async () =>
            {
                await client.KeyValue.ReadAsync(role.SecretPath + "/live"); // a failed call throws out of the poll and fails the test
                if (client.Token.Generation >= 3)
                {
                    return true;
                }

                time.Advance(TimeSpan.FromSeconds(1));
                return false;
            },
            "two logins beyond the first, each before the previous token's max TTL",
            TimeSpan.FromSeconds(60));

        await stop.CancelAsync();
        await lifecycle.WaitAsync(Poll.DefaultTimeout);
        Assert.NotEqual(firstAccessor, client.Token.Accessor);
        var logins = loginTimes.ToArray();
        Assert.All(logins.Zip(logins.Skip(1)), pair => Assert.True(pair.Second - pair.First < maxTtl, $"a login came {pair.Second - pair.First} after the previous one, past the max TTL"));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static VaultClientOptions AppRoleOptions(AppRoleSetup role, string roleIdFile, string secretIdFile, bool wrapped) => new()
    {
        LatestReadCacheDuration = TimeSpan.Zero,
        Auth = new VaultAuthOptions
        {
            AppRole = new AppRoleAuthOptions { RoleName = role.RoleName, RoleIdFile = roleIdFile, SecretIdFile = secretIdFile, SecretIdIsWrapped = wrapped },
        },
    };

    private string File(string content)
    {
        var path = Path.Combine(_directory, Guid.NewGuid().ToString("N"));
        System.IO.File.WriteAllText(path, content);
        return path;
    }
}
