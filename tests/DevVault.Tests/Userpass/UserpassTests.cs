using System.Text;
using System.Text.Json.Nodes;
using DevVault.Storage;
using DevVault.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace DevVault.Tests.Userpass;

public sealed class UserpassTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "devvault-userpass-" + Guid.NewGuid().ToString("N"));
    private DevVault.Hosting.DevVaultServer _server = null!;
    private HttpClient _http = null!;
    private VaultHttp _vault = null!;

    private string AuditLog => Path.Combine(_directory, "audit.log");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        (_server, _http, _vault) = await DevVaultFixture.StartAsync();
        (await _vault.PostAsync("sys/auth/userpass", new { type = "userpass" })).Expect(204);
        (await _vault.PutAsync("sys/audit/file", new { type = "file", options = new { file_path = AuditLog } })).Expect(204);
        (await _vault.PutAsync("sys/policies/acl/dev", new { policy = """path "secret/data/dev/*" { capabilities = ["read", "create", "update"] }""" })).Expect(204);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private Task<VaultReply> LoginAsync(string user, string password) =>
        _vault.PostAsync($"auth/userpass/login/{user}", new { password }, token: "");

    [Fact]
    public async Task AUserLogsInWithTheirPoliciesAndUsername()
    {
        (await _vault.PostAsync("auth/userpass/users/alice", new { password = "correct horse battery", token_policies = "dev", token_ttl = "30m", token_max_ttl = "2h" })).Expect(204);

        var login = (await LoginAsync("alice", "correct horse battery")).Expect(200);
        var auth = login.Auth!;
        Assert.Equal(["default", "dev"], auth["policies"]!.AsArray().Select(p => p!.GetValue<string>()).Order());
        Assert.Equal("alice", auth["metadata"]!["username"]!.GetValue<string>());
        Assert.Equal(1800, auth["lease_duration"]!.GetValue<int>());
        Assert.Equal("userpass", login.Json!["mount_type"]!.GetValue<string>());

        var token = auth["client_token"]!.GetValue<string>();
        (await _vault.PostAsync("secret/data/dev/app", new { data = new { v = "1" } }, token)).Expect(200);
        Assert.Equal("userpass-alice", (await _vault.GetAsync("auth/token/lookup-self", token)).Expect(200).Data!["display_name"]!.GetValue<string>());
    }

    [Fact]
    public async Task AWrongPasswordAndAnUnknownUserAreRefusedAlike()
    {
        (await _vault.PostAsync("auth/userpass/users/bob", new { password = "bobs-password" })).Expect(204);

        var wrong = (await LoginAsync("bob", "not-bobs-password")).Expect(400);
        var unknown = (await LoginAsync("nobody", "whatever")).Expect(400);

        Assert.Equal(["invalid username or password"], wrong.Errors);
        Assert.Equal(wrong.Errors, unknown.Errors);
        Assert.Null(wrong.Auth);
        Assert.Null(unknown.Auth);
    }

    [Fact]
    public async Task PasswordAndPoliciesChangeThroughTheirOwnPaths()
    {
        (await _vault.PostAsync("auth/userpass/users/carol", new { password = "first", token_policies = "dev" })).Expect(204);

        (await _vault.PostAsync("auth/userpass/users/carol/password", new { password = "second" })).Expect(204);
        (await LoginAsync("carol", "first")).Expect(400);
        (await LoginAsync("carol", "second")).Expect(200);

        (await _vault.PostAsync("auth/userpass/users/carol/policies", new { token_policies = "other" })).Expect(204);
        var data = (await _vault.GetAsync("auth/userpass/users/carol")).Expect(200).Data!;
        Assert.Equal(["other"], data["token_policies"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Null(data["password"]);
        (await _vault.PostAsync("auth/userpass/users/nobody/password", new { password = "x" })).Expect(400);
    }

    [Fact]
    public async Task UsersAreListedAndDeletedCaseInsensitively()
    {
        (await _vault.PostAsync("auth/userpass/users/Dave", new { password = "pw" })).Expect(204);
        Assert.Contains("dave", (await _vault.ListAsync("auth/userpass/users")).Expect(200).Data!["keys"]!.AsArray().Select(k => k!.GetValue<string>()));
        (await LoginAsync("DAVE", "pw")).Expect(200);

        (await _vault.DeleteAsync("auth/userpass/users/dave")).Expect(204);
        (await _vault.GetAsync("auth/userpass/users/dave")).Expect(404);
        (await LoginAsync("dave", "pw")).Expect(400);
    }

    [Fact]
    public async Task ANewUserNeedsAPasswordAndBadFieldsChangeNothing()
    {
        (await _vault.PostAsync("auth/userpass/users/erin", new { token_policies = "dev" })).Expect(400);
        (await _vault.GetAsync("auth/userpass/users/erin")).Expect(404);

        (await _vault.PostAsync("auth/userpass/users/erin", new { password = "pw", token_ttl = "2h", token_max_ttl = "1h" })).Expect(400);
        (await _vault.GetAsync("auth/userpass/users/erin")).Expect(404);
    }

    [Fact]
    public async Task ThePasswordIsNeitherStoredNorAuditedInTheClear()
    {
        const string password = "plain-password-to-look-for";
        (await _vault.PostAsync("auth/userpass/users/frank", new { password })).Expect(204);
        (await LoginAsync("frank", password)).Expect(200);

        var uuid = (await _vault.GetAsync("sys/auth")).Expect(200).Data!["userpass/"]!["uuid"]!.GetValue<string>();
        var stored = await _server.Services.GetRequiredService<IStorage>().GetAsync($"auth/{uuid}/user/frank");
        Assert.NotNull(stored);
        Assert.DoesNotContain(password, Encoding.UTF8.GetString(stored));
        Assert.Contains("pbkdf2-sha512", Encoding.UTF8.GetString(stored));

        var log = File.ReadAllText(AuditLog);
        Assert.DoesNotContain(password, log);
        var login = log.Split('\n').Where(l => l.Contains("auth/userpass/login/frank")).Select(l => JsonNode.Parse(l)!).First();
        Assert.StartsWith("hmac-sha256:", login["request"]!["data"]!["password"]!.GetValue<string>());
    }
}
