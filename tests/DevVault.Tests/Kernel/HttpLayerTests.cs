using System.Net.Http.Headers;
using System.Text;
using DevVault.Tests.Infrastructure;

namespace DevVault.Tests.Kernel;

public sealed class HttpLayerTests(DevVaultFixture fixture) : IClassFixture<DevVaultFixture>
{
    private VaultHttp Vault => fixture.Vault;

    [Fact]
    public async Task ResponsesCarryTheFullEnvelope()
    {
        var reply = (await Vault.GetAsync("auth/token/lookup-self")).Expect(200);

        foreach (var field in new[] { "request_id", "lease_id", "renewable", "lease_duration", "data", "wrap_info", "warnings", "auth", "mount_type" })
        {
            Assert.True(reply.Json!.AsObject().ContainsKey(field), $"missing envelope field {field}: {reply.Body}");
        }

        Assert.True(Guid.TryParse(reply.Json!["request_id"]!.GetValue<string>(), out _));
        Assert.Equal("no-store", reply.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task ARequestWithoutATokenIsDenied()
    {
        var reply = (await Vault.GetAsync("auth/token/lookup-self", token: "")).Expect(403);
        Assert.Contains("permission denied", reply.Errors[0]);
    }

    [Fact]
    public async Task AnUnknownTokenIsDeniedAsInvalid()
    {
        var reply = (await Vault.GetAsync("auth/token/lookup-self", token: "hvs.not-a-real-token")).Expect(403);
        Assert.Contains("invalid token", reply.Errors[0]);
    }

    [Fact]
    public async Task BearerAuthorizationIsAcceptedLikeTheTokenHeader()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "v1/auth/token/lookup-self");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", fixture.RootToken);
        using var response = await Vault.Http.SendAsync(request);
        Assert.Equal(200, (int)response.StatusCode);
    }

    [Fact]
    public async Task AnUnmountedPathIsNotFoundForRoot()
    {
        var reply = (await Vault.GetAsync("nowhere/at/all")).Expect(404);
        Assert.Equal("no handler for route \"nowhere/at/all\". route entry not found.", reply.Errors[0]);
    }

    [Fact]
    public async Task PathsEndingInADotAreNotFound()
    {
        (await Vault.GetAsync("cubbyhole/name.")).Expect(404);
    }

    [Fact]
    public async Task MalformedJsonIsABadRequest()
    {
        var reply = (await Vault.PostAsync("cubbyhole/x", "{\"a\":")).Expect(400);
        Assert.StartsWith("failed to parse JSON input", reply.Errors[0]);
        (await Vault.GetAsync("cubbyhole/x")).Expect(404);
    }

    [Fact]
    public async Task PatchNeedsTheMergePatchContentType()
    {
        var reply = (await Vault.SendAsync(HttpMethod.Patch, "cubbyhole/x", "{}", contentType: "application/json")).Expect(415);
        Assert.Equal("PATCH requires Content-Type of application/merge-patch+json, provided application/json", reply.Errors[0]);
    }

    [Fact]
    public async Task ListMethodAndListQueryAreTheSame()
    {
        (await Vault.PostAsync("cubbyhole/list-test/a", new { v = "1" })).Expect(204);

        var viaMethod = (await Vault.ListAsync("cubbyhole/list-test")).Expect(200);
        var viaQuery = (await Vault.GetAsync("cubbyhole/list-test?list=true")).Expect(200);

        Assert.Equal("a", viaMethod.Data!["keys"]![0]!.GetValue<string>());
        Assert.Equal(viaMethod.Data!["keys"]!.ToJsonString(), viaQuery.Data!["keys"]!.ToJsonString());
        (await Vault.GetAsync("cubbyhole/list-test?list=maybe")).Expect(400);
    }

    [Fact]
    public async Task FormEncodedBodiesAreAccepted()
    {
        (await Vault.SendAsync(HttpMethod.Post, "cubbyhole/form", "color=blue", contentType: "application/x-www-form-urlencoded")).Expect(204);
        var reply = (await Vault.GetAsync("cubbyhole/form")).Expect(200);
        Assert.Equal("blue", reply.Data!["color"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnUnparseableWrapTtlIsABadRequest()
    {
        var reply = (await Vault.PostAsync("sys/wrapping/wrap", new { a = "b" }, headers: new Dictionary<string, string> { ["X-Vault-Wrap-TTL"] = "soon" })).Expect(400);
        Assert.StartsWith("error parsing X-Vault-Wrap-TTL header", reply.Errors[0]);
    }

    [Fact]
    public async Task MountListingsCopyDataToTheTopLevel()
    {
        var reply = (await Vault.GetAsync("sys/mounts")).Expect(200);
        Assert.NotNull(reply.Data!["sys/"]);
        Assert.NotNull(reply.Json!["sys/"]);
        Assert.NotNull(reply.Json!["cubbyhole/"]);
    }

    [Fact]
    public async Task PutIsTheSameAsPost()
    {
        (await Vault.PutAsync("cubbyhole/put", new { v = "x" })).Expect(204);
        Assert.Equal("x", (await Vault.GetAsync("cubbyhole/put")).Expect(200).Data!["v"]!.GetValue<string>());
    }

    [Fact]
    public async Task OversizedBodiesAreRejected()
    {
        // Announce a 40 MiB body and read the reply before sending it, as the server answers at once.
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(fixture.Server.Address.Host, fixture.Server.Address.Port);
        await using var stream = tcp.GetStream();
        var head = $"POST /v1/cubbyhole/big HTTP/1.1\r\nHost: localhost\r\nX-Vault-Token: {fixture.RootToken}\r\nContent-Type: application/json\r\nContent-Length: {40 * 1024 * 1024}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));

        var buffer = new byte[4096];
        var read = await stream.ReadAsync(buffer);
        Assert.StartsWith("HTTP/1.1 413", Encoding.ASCII.GetString(buffer, 0, read));
    }
}
