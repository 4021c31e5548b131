using System.Net;
using VaultDemo.VaultClient.Tests.Infrastructure;

namespace VaultDemo.VaultClient.Tests.KeyValue;

public sealed class KeyValueTests(DevVaultFixture vault) : IClassFixture<DevVaultFixture>
{
    private sealed record ApiCredentials(string ApiKey, int Port);

    [Fact]
    public async Task WrittenVersionsReadBackTypedLatestAndByNumber()
    {
        var kv = vault.Root.KeyValue;
        var path = DevVaultFixture.Unique("app") + "/api";

        var first = await kv.WriteAsync(path, new ApiCredentials("one", 1));
        var second = await kv.WriteAsync(path, new ApiCredentials("two", 2));

        Assert.Equal(1, first.Version);
        Assert.Equal(2, second.Version);
        Assert.Equal(new ApiCredentials("two", 2), (await kv.ReadAsync<ApiCredentials>(path))!.Data);
        Assert.Equal(new ApiCredentials("one", 1), (await kv.ReadAsync<ApiCredentials>(path, version: 1))!.Data);
    }

    [Fact]
    public async Task MissingKeysAndVersionsReadAsNull()
    {
        var kv = vault.Root.KeyValue;
        var path = DevVaultFixture.Unique("missing");

        Assert.Null(await kv.ReadAsync(path));
        await kv.WriteAsync(path, new Dictionary<string, string> { ["a"] = "b" });
        Assert.Null(await kv.ReadAsync(path, version: 7));
    }

    [Fact]
    public async Task CheckAndSetRejectsAStaleWriteAndChangesNothing()
    {
        var kv = vault.Root.KeyValue;
        var path = DevVaultFixture.Unique("cas");
        await kv.WriteAsync(path, new Dictionary<string, string> { ["v"] = "1" }, checkAndSet: 0);

        var conflict = await Assert.ThrowsAsync<VaultApiException>(() => kv.WriteAsync(path, new Dictionary<string, string> { ["v"] = "stale" }, checkAndSet: 0));

        Assert.True(conflict.IsCheckAndSetConflict);
        Assert.Equal(HttpStatusCode.BadRequest, conflict.StatusCode);
        Assert.False(conflict.IsTransient);
        var current = await kv.ReadMetadataAsync(path);
        Assert.Equal(1, current!.CurrentVersion);
    }

    [Fact]
    public async Task AWriteToAVaultThatRefusesConnectionsIsKnownNeverToHaveBeenSent()
    {
        await using var stopped = await TestVault.StartAsync();
        using var client = stopped.CreateRootClient();
        await stopped.DisposeAsync();

        var unreachable = await Assert.ThrowsAsync<VaultApiException>(() => client.KeyValue.WriteAsync("app/config", new Dictionary<string, string> { ["v"] = "1" }));

        Assert.True(unreachable.IsTransient);
        Assert.True(unreachable.WasNeverSent);
    }

    [Fact]
    public async Task AMissingCasWhereOneIsRequiredIsNotAConflict()
    {
        var kv = vault.Root.KeyValue;
        var path = DevVaultFixture.Unique("cas-required");
        await kv.WriteMetadataAsync(path, new VaultDemo.VaultClient.KeyValue.KvMetadataUpdate { CasRequired = true });

        var refused = await Assert.ThrowsAsync<VaultApiException>(() => kv.WriteAsync(path, new Dictionary<string, string> { ["v"] = "1" }));

        Assert.True(refused.IsCheckAndSetRequired);
        Assert.False(refused.IsCheckAndSetConflict);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }

    [Fact]
    public async Task PatchMergesIntoANewVersion()
    {
        var kv = vault.Root.KeyValue;
        var path = DevVaultFixture.Unique("patch");
        await kv.WriteAsync(path, new Dictionary<string, string> { ["keep"] = "k", ["change"] = "old" });

        var patched = await kv.PatchAsync(path, new Dictionary<string, string?> { ["change"] = "new", ["added"] = "a" });

        Assert.Equal(2, patched.Version);
        var data = (await kv.ReadAsync(path))!.Data!;
        Assert.Equal("k", data["keep"]);
        Assert.Equal("new", data["change"]);
        Assert.Equal("a", data["added"]);
    }

    [Fact]
    public async Task SoftDeletedVersionsReportTheirDeletionAndCanBeUndeleted()
    {
        var kv = vault.Root.KeyValue;
        var path = DevVaultFixture.Unique("delete");
        await kv.WriteAsync(path, new Dictionary<string, string> { ["v"] = "1" });
        await kv.WriteAsync(path, new Dictionary<string, string> { ["v"] = "2" });

        await kv.DeleteLatestAsync(path);
        var deleted = await kv.ReadAsync(path, version: 2);
        Assert.NotNull(deleted);
        Assert.True(deleted.IsDeleted);
        Assert.Null(deleted.Data);
        Assert.NotNull(deleted.Metadata.DeletionTime);

        await kv.UndeleteVersionsAsync(path, [2]);
        Assert.Equal("2", (await kv.ReadAsync(path, version: 2))!.Data!["v"]);

        await kv.DestroyVersionsAsync(path, [1]);
        var destroyed = await kv.ReadAsync(path, version: 1);
        Assert.True(destroyed!.Metadata.Destroyed);
    }

    [Fact]
    public async Task MetadataListingAndPermanentDeletion()
    {
        var kv = vault.Root.KeyValue;
        var folder = DevVaultFixture.Unique("list");
        await kv.WriteAsync(folder + "/a", new Dictionary<string, string> { ["v"] = "1" });
        await kv.WriteAsync(folder + "/sub/b", new Dictionary<string, string> { ["v"] = "1" });
        await kv.WriteMetadataAsync(folder + "/a", new VaultDemo.VaultClient.KeyValue.KvMetadataUpdate { MaxVersions = 3, CustomMetadata = new Dictionary<string, string> { ["owner"] = "tests" } });

        Assert.Equal(["a", "sub/"], (await kv.ListAsync(folder)).Order(StringComparer.Ordinal));
        Assert.Empty(await kv.ListAsync(DevVaultFixture.Unique("nothing-here")));
        var metadata = await kv.ReadMetadataAsync(folder + "/a");
        Assert.Equal(3, metadata!.MaxVersions);
        Assert.Equal("tests", metadata.CustomMetadata!["owner"]);

        await kv.DeleteMetadataAsync(folder + "/a");
        Assert.Null(await kv.ReadMetadataAsync(folder + "/a"));
        Assert.Null(await kv.ReadAsync(folder + "/a"));
    }

    [Fact]
    public async Task BadPathsAreRefusedBeforeAnythingIsSent()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => vault.Root.KeyValue.ReadAsync("app/../sys"));
        await Assert.ThrowsAsync<ArgumentException>(() => vault.Root.KeyValue.WriteAsync(" ", new { }));
    }

    [Fact]
    public async Task PermissionDeniedIsNotMistakenForAnInvalidToken()
    {
        var policy = DevVaultFixture.Unique("nothing");
        await vault.Root.Admin.WritePolicyAsync(policy, "path \"secret/data/elsewhere/*\" { capabilities = [\"read\"] }");
        var token = await vault.Root.Auth.CreateTokenAsync(new VaultDemo.VaultClient.Auth.TokenCreateRequest { Policies = [policy], NoDefaultPolicy = false });
        using var client = vault.Server.CreateClient(new VaultClientOptions { AuthMethod = VaultDemo.VaultClient.Auth.TokenAuthMethod.FromValue(token.ClientToken) });

        var denied = await Assert.ThrowsAsync<VaultApiException>(() => client.KeyValue.ReadAsync(DevVaultFixture.Unique("forbidden")));

        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.True(denied.IsPermissionDenied);
        Assert.False(denied.IsInvalidToken);
        Assert.DoesNotContain(token.ClientToken, denied.Message, StringComparison.Ordinal);
    }
}
