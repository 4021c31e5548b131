using DevVault.Tests.Infrastructure;

namespace DevVault.Tests.KeyValue;

public sealed class KvV2Tests(DevVaultFixture fixture) : IClassFixture<DevVaultFixture>
{
    private VaultHttp Vault => fixture.Vault;

    private static string Key() => "t-" + Guid.NewGuid().ToString("N")[..8];

    private async Task<int> WriteAsync(string key, object data, int? cas = null)
    {
        object body = cas is null ? new { data } : new { data, options = new { cas } };
        return (await Vault.PostAsync($"secret/data/{key}", body)).Expect(200).Data!["version"]!.GetValue<int>();
    }

    [Fact]
    public async Task WritesCreateVersionsAndReadsReturnThem()
    {
        var key = Key();
        Assert.Equal(1, await WriteAsync(key, new { password = "one" }));
        Assert.Equal(2, await WriteAsync(key, new { password = "two" }));

        var latest = (await Vault.GetAsync($"secret/data/{key}")).Expect(200).Data!;
        Assert.Equal("two", latest["data"]!["password"]!.GetValue<string>());
        Assert.Equal(2, latest["metadata"]!["version"]!.GetValue<int>());
        Assert.Equal("", latest["metadata"]!["deletion_time"]!.GetValue<string>());

        var first = (await Vault.GetAsync($"secret/data/{key}?version=1")).Expect(200).Data!;
        Assert.Equal("one", first["data"]!["password"]!.GetValue<string>());
    }

    [Fact]
    public async Task CheckAndSetRejectsAStaleVersion()
    {
        var key = Key();
        Assert.Equal(1, await WriteAsync(key, new { v = "a" }, cas: 0));
        var conflict = (await Vault.PostAsync($"secret/data/{key}", new { data = new { v = "b" }, options = new { cas = 0 } })).Expect(400);
        Assert.Equal("check-and-set parameter did not match the current version", conflict.Errors[0]);
        Assert.Equal(2, await WriteAsync(key, new { v = "b" }, cas: 1));
    }

    [Fact]
    public async Task CasRequiredNeedsTheParameter()
    {
        var key = Key();
        (await Vault.PostAsync($"secret/metadata/{key}", new { cas_required = true })).Expect(204);
        var reply = (await Vault.PostAsync($"secret/data/{key}", new { data = new { v = "a" } })).Expect(400);
        Assert.Equal("check-and-set parameter required for this call", reply.Errors[0]);
    }

    [Fact]
    public async Task ASoftDeletedVersionIsA404WithItsMetadata()
    {
        var key = Key();
        await WriteAsync(key, new { v = "a" });
        (await Vault.DeleteAsync($"secret/data/{key}")).Expect(204);

        var reply = (await Vault.GetAsync($"secret/data/{key}")).Expect(404);
        Assert.Null(reply.Json!["errors"]);
        Assert.NotEqual("", reply.Data!["metadata"]!["deletion_time"]!.GetValue<string>());
        Assert.Null(reply.Data!["data"]);

        (await Vault.PostAsync($"secret/undelete/{key}", new { versions = new[] { 1 } })).Expect(204);
        (await Vault.GetAsync($"secret/data/{key}")).Expect(200);
    }

    [Fact]
    public async Task ADestroyedVersionIsGoneForGood()
    {
        var key = Key();
        await WriteAsync(key, new { v = "a" });
        (await Vault.PostAsync($"secret/destroy/{key}", new { versions = new[] { 1 } })).Expect(204);

        var reply = (await Vault.GetAsync($"secret/data/{key}")).Expect(404);
        Assert.True(reply.Data!["metadata"]!["destroyed"]!.GetValue<bool>());
        (await Vault.PostAsync($"secret/undelete/{key}", new { versions = new[] { 1 } })).Expect(204);
        (await Vault.GetAsync($"secret/data/{key}")).Expect(404);
        Assert.Equal("no version number provided", (await Vault.PostAsync($"secret/destroy/{key}", new { versions = Array.Empty<int>() })).Expect(400).Errors[0]);
    }

    [Fact]
    public async Task MissingKeysAndVersionsAreAnEmpty404()
    {
        var key = Key();
        Assert.Empty((await Vault.GetAsync($"secret/data/{key}")).Expect(404).Errors);
        await WriteAsync(key, new { v = "a" });
        (await Vault.GetAsync($"secret/data/{key}?version=7")).Expect(404);
    }

    [Fact]
    public async Task OldVersionsArePrunedPastMaxVersions()
    {
        var key = Key();
        (await Vault.PostAsync($"secret/metadata/{key}", new { max_versions = 2 })).Expect(204);
        for (var i = 0; i < 3; i++)
        {
            await WriteAsync(key, new { v = i });
        }

        (await Vault.GetAsync($"secret/data/{key}?version=1")).Expect(404);
        var metadata = (await Vault.GetAsync($"secret/metadata/{key}")).Expect(200).Data!;
        Assert.Equal(3, metadata["current_version"]!.GetValue<int>());
        Assert.Equal(2, metadata["oldest_version"]!.GetValue<int>());
        Assert.Equal(2, metadata["versions"]!.AsObject().Count);
    }

    [Fact]
    public async Task MetadataListsKeysAndFolders()
    {
        var folder = Key();
        await WriteAsync($"{folder}/a", new { v = 1 });
        await WriteAsync($"{folder}/sub/b", new { v = 1 });

        var keys = (await Vault.ListAsync($"secret/metadata/{folder}")).Expect(200).Data!["keys"]!.AsArray().Select(k => k!.GetValue<string>());
        Assert.Equal(["a", "sub/"], keys);
        (await Vault.ListAsync($"secret/metadata/{Key()}")).Expect(404);
    }

    [Fact]
    public async Task DeletingMetadataRemovesEveryVersion()
    {
        var key = Key();
        await WriteAsync(key, new { v = 1 });
        (await Vault.DeleteAsync($"secret/metadata/{key}")).Expect(204);
        (await Vault.GetAsync($"secret/metadata/{key}")).Expect(404);
        (await Vault.GetAsync($"secret/data/{key}?version=1")).Expect(404);
    }

    [Fact]
    public async Task PatchMergesIntoANewVersion()
    {
        var key = Key();
        await WriteAsync(key, new { a = "1", b = "2" });
        var reply = (await Vault.SendAsync(HttpMethod.Patch, $"secret/data/{key}", "{\"data\":{\"b\":null,\"c\":\"3\"}}", contentType: "application/merge-patch+json")).Expect(200);
        Assert.Equal(2, reply.Data!["version"]!.GetValue<int>());

        var data = (await Vault.GetAsync($"secret/data/{key}")).Expect(200).Data!["data"]!.AsObject();
        Assert.Equal(["a", "c"], data.Select(kv => kv.Key).Order());
        (await Vault.SendAsync(HttpMethod.Patch, $"secret/data/{Key()}", "{\"data\":{\"x\":1}}", contentType: "application/merge-patch+json")).Expect(404);
    }

    [Fact]
    public async Task SubkeysShowTheShapeWithoutValues()
    {
        var key = Key();
        await WriteAsync(key, new { user = "u", nested = new { inner = "secret" } });
        var subkeys = (await Vault.GetAsync($"secret/subkeys/{key}")).Expect(200).Data!["subkeys"]!;
        Assert.Null(subkeys["user"]);
        Assert.Null(subkeys["nested"]!["inner"]);
        Assert.DoesNotContain("secret", subkeys.ToJsonString());
    }

    [Fact]
    public async Task AnInvalidSubPathIsA404WithAWarning()
    {
        var reply = (await Vault.GetAsync("secret/not-a-versioned-path")).Expect(404);
        Assert.Contains("Invalid path for a versioned K/V secrets engine", reply.Json!["warnings"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task WritesWithoutDataAreRejected()
    {
        Assert.Equal("no data provided", (await Vault.PostAsync($"secret/data/{Key()}", new { options = new { cas = 0 } })).Expect(400).Errors[0]);
    }

    [Fact]
    public async Task ConfigIsReadAndWritten()
    {
        (await Vault.PostAsync("sys/mounts/kvconf", new { type = "kv-v2" })).Expect(204);
        (await Vault.PostAsync("kvconf/config", new { max_versions = 4, delete_version_after = "1h" })).Expect(204);
        var config = (await Vault.GetAsync("kvconf/config")).Expect(200).Data!;
        Assert.Equal(4, config["max_versions"]!.GetValue<int>());
        Assert.Equal("1h0m0s", config["delete_version_after"]!.GetValue<string>());
    }

    [Fact]
    public async Task KvVersionOneStoresTheBodyItself()
    {
        (await Vault.PostAsync("sys/mounts/kv1", new { type = "kv" })).Expect(204);
        (await Vault.PostAsync("kv1/app/db", new { password = "p" })).Expect(204);
        Assert.Equal("p", (await Vault.GetAsync("kv1/app/db")).Expect(200).Data!["password"]!.GetValue<string>());
        Assert.Equal("db", (await Vault.ListAsync("kv1/app")).Expect(200).Data!["keys"]![0]!.GetValue<string>());
    }
}
