using System.Text;
using DevVault.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace DevVault.Tests.Server;

/// <summary>
/// A server stopped and started again on the same storage has everything back once unsealed, and the storage
/// itself holds none of the secrets in the clear. Each storage backend runs the same scenario.
/// </summary>
public abstract class RestartTests
{
    private static readonly TimeSpan Downtime = TimeSpan.FromMinutes(2);

    /// <summary>The <c>storage</c> stanza of a fresh, empty storage for one test.</summary>
    protected abstract Task<string> NewStorageStanzaAsync();

    /// <summary>Every byte the physical storage holds, names and values, as a scan of the disk or table would see it.</summary>
    protected abstract Task<byte[]> ReadRawStorageAsync();

    [Fact]
    public async Task EverythingIsBackAfterARestartAndNothingIsStoredInTheClear()
    {
        var stanza = await NewStorageStanzaAsync();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var leases = new RecordingLeaseBackend();
        var auditFile = Path.Combine(Path.GetTempPath(), $"devvault-audit-{Guid.NewGuid():N}.log");
        var secrets = new Secrets();
        IReadOnlyList<string> keys;
        Written written;

        string clusterId;
        await using (var first = await StartAsync(stanza, clock, leases))
        {
            (keys, secrets.RootToken) = await first.InitializeAsync(5, 3);
            await first.UnsealAsync(keys.Take(3));
            written = await WriteEverythingAsync(first.As(secrets.RootToken), first, secrets, auditFile);
            clusterId = (await first.Anonymous.GetAsync("sys/health")).Json!["cluster_id"]!.GetValue<string>();
        }

        clock.Advance(Downtime);
        await using var second = await StartAsync(stanza, clock, leases);
        Assert.Equal(503, (await second.As(secrets.RootToken).GetAsync("kv/data/app/config")).Status);
        await second.UnsealAsync(keys.Skip(2));
        var root = second.As(secrets.RootToken);
        Assert.Equal(clusterId, (await second.Anonymous.GetAsync("sys/seal-status")).Json!["cluster_id"]!.GetValue<string>());

        // KV versions and metadata.
        Assert.Equal(secrets.KvFirst, (await root.GetAsync("kv/data/app/config?version=1")).Expect(200).Data!["data"]!["password"]!.GetValue<string>());
        Assert.Equal(secrets.KvSecond, (await root.GetAsync("kv/data/app/config")).Expect(200).Data!["data"]!["password"]!.GetValue<string>());
        Assert.Equal(2, (await root.GetAsync("kv/metadata/app/config")).Expect(200).Data!["current_version"]!.GetValue<int>());

        // Policies, and a token with what is left of its TTL, whose cubbyhole is still there.
        Assert.Contains("kv/data/app/*", (await root.GetAsync("sys/policies/acl/app")).Expect(200).Data!["policy"]!.GetValue<string>());
        var token = second.As(secrets.Token);
        var lookup = (await token.GetAsync("auth/token/lookup-self")).Expect(200).Data!;
        Assert.Equal(3600 - (int)Downtime.TotalSeconds, lookup["ttl"]!.GetValue<int>());
        Assert.Equal(secrets.Cubbyhole, (await token.GetAsync("cubbyhole/note")).Expect(200).Data!["value"]!.GetValue<string>());
        (await token.GetAsync("kv/data/app/config")).Expect(200);

        // A limited-use token keeps the uses it had left: one spent before the restart, one by this lookup.
        Assert.Equal(1, (await second.As(secrets.LimitedToken).GetAsync("auth/token/lookup-self")).Expect(200).Data!["num_uses"]!.GetValue<int>());

        // Auth methods: AppRole with its stored secret id, userpass with its password.
        (await second.Anonymous.PostAsync("auth/approle/login", new { role_id = written.RoleId, secret_id = secrets.SecretId })).Expect(200);
        (await second.Anonymous.PostAsync("auth/userpass/login/alice", new { password = secrets.Password })).Expect(200);

        // Transit: both key versions still decrypt.
        foreach (var ciphertext in written.Ciphertexts)
        {
            var plaintext = (await root.PostAsync("transit/decrypt/orders", new { ciphertext })).Expect(200).Data!["plaintext"]!.GetValue<string>();
            Assert.Equal(secrets.TransitPlaintext, Encoding.UTF8.GetString(Convert.FromBase64String(plaintext)));
        }

        Assert.Equal(2, (await root.GetAsync("transit/keys/orders")).Expect(200).Data!["latest_version"]!.GetValue<int>());

        // The audit device, hashing as before.
        Assert.NotNull((await root.GetAsync("sys/audit")).Expect(200).Data!["file/"]);
        Assert.Equal(written.AuditHash, (await root.PostAsync("sys/audit-hash/file", new { input = "probe" })).Expect(200).Data!["hash"]!.GetValue<string>());

        // A wrapped response unwraps once.
        var unwrapped = (await second.Anonymous.PostAsync("sys/wrapping/unwrap", null, secrets.WrappingToken)).Expect(200);
        Assert.Equal(secrets.Wrapped, unwrapped.Data!["secret"]!.GetValue<string>());

        // Leases: the one that expired while the server was down is revoked at unseal; the other is still there.
        await Poll.UntilAsync(() => Task.FromResult(leases.Revoked.Contains(written.ShortLease)), "the lease that expired while down to be revoked");
        Assert.DoesNotContain(written.LongLease, leases.Revoked);
        (await root.PutAsync("sys/leases/lookup", new { lease_id = written.LongLease })).Expect(200);

        var raw = Encoding.UTF8.GetString(await ReadRawStorageAsync());
        foreach (var (secret, index) in secrets.All.Select((secret, index) => (secret, index)))
        {
            // Assert.False, not DoesNotContain, whose failure message would print the secret and the whole store.
            Assert.False(raw.Contains(secret, StringComparison.Ordinal), $"secret #{index} of the written set is stored in the clear");
        }

        File.Delete(auditFile);
    }

    [Fact]
    public async Task RotatedKeyringKeepsOldDataReadableAcrossARestart()
    {
        var stanza = await NewStorageStanzaAsync();
        IReadOnlyList<string> keys;
        string root;
        await using (var first = await StartAsync(stanza))
        {
            (keys, root) = await first.InitializeAsync(1, 1);
            await first.UnsealAsync(keys);
            var admin = first.As(root);
            (await admin.PostAsync("sys/mounts/kv", new { type = "kv", options = new { version = "2" } })).Expect(204);
            (await admin.PostAsync("kv/data/before", new { data = new { v = "term-one" } })).Expect(200);
            (await admin.PutAsync("sys/rotate")).Expect(204);
            Assert.Equal(2, (await admin.GetAsync("sys/key-status")).Expect(200).Data!["term"]!.GetValue<int>());
            (await admin.PostAsync("kv/data/after", new { data = new { v = "term-two" } })).Expect(200);
        }

        await using var second = await StartAsync(stanza);
        await second.UnsealAsync(keys);
        var again = second.As(root);
        Assert.Equal(2, (await again.GetAsync("sys/key-status")).Expect(200).Data!["term"]!.GetValue<int>());
        (await again.PutAsync("sys/rotate")).Expect(204);
        Assert.Equal("term-one", (await again.GetAsync("kv/data/before")).Expect(200).Data!["data"]!["v"]!.GetValue<string>());
        Assert.Equal("term-two", (await again.GetAsync("kv/data/after")).Expect(200).Data!["data"]!["v"]!.GetValue<string>());
        Assert.Equal(3, (await again.GetAsync("sys/key-status")).Expect(200).Data!["term"]!.GetValue<int>());
    }

    [Fact]
    public async Task AnIrrevocableLeaseStaysSoAcrossARestart()
    {
        var stanza = await NewStorageStanzaAsync();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var engine = new RecordingLeaseBackend();
        IReadOnlyList<string> keys;
        string root, stubborn;
        await using (var first = await StartAsync(stanza, clock, engine))
        {
            (keys, root) = await first.InitializeAsync(1, 1);
            await first.UnsealAsync(keys);
            var admin = first.As(root);
            (await admin.PostAsync("sys/mounts/leasing", new { type = RecordingLeaseBackend.TypeName })).Expect(204);
            stubborn = (await admin.GetAsync("leasing/creds/gone?ttl=30")).Expect(200).Json!["lease_id"]!.GetValue<string>();
            await LeaseRevocations.FailUntilIrrevocableAsync(admin, clock, engine, stubborn);
        }

        await using var second = await StartAsync(stanza, clock, engine);
        await second.UnsealAsync(keys);
        var again = second.As(root);
        Assert.NotNull((await LeaseRevocations.LookupAsync(again, stubborn))["irrevocable"]);
        await LeaseRevocations.AssertNotRetriedAsync(again, clock, engine, stubborn);
        Assert.Equal(6, (await LeaseRevocations.LookupAsync(again, stubborn))["revocation_attempts"]!.GetValue<int>());
    }

    protected static Task<ServerModeVault> StartAsync(string stanza, TimeProvider? clock = null, RecordingLeaseBackend? leases = null) =>
        ServerModeVault.StartAsync(
            stanza + "\n" + ServerModeVault.PlainListener,
            clock,
            services => RecordingLeaseBackend.Register(services, leases ?? new RecordingLeaseBackend()));

    private static async Task<Written> WriteEverythingAsync(VaultHttp root, ServerModeVault vault, Secrets secrets, string auditFile)
    {
        (await root.PutAsync("sys/policies/acl/app", new { policy = """path "kv/data/app/*" { capabilities = ["read"] }""" })).Expect(204);
        (await root.PostAsync("sys/mounts/kv", new { type = "kv", options = new { version = "2" } })).Expect(204);
        (await root.PostAsync("kv/data/app/config", new { data = new { password = secrets.KvFirst } })).Expect(200);
        (await root.PostAsync("kv/data/app/config", new { data = new { password = secrets.KvSecond } })).Expect(200);

        secrets.Token = (await root.PostAsync("auth/token/create", new { policies = new[] { "app" }, ttl = "1h" })).Expect(200).Auth!["client_token"]!.GetValue<string>();
        (await vault.As(secrets.Token).PostAsync("cubbyhole/note", new { value = secrets.Cubbyhole })).Expect(204);
        secrets.LimitedToken = (await root.PostAsync("auth/token/create", new { policies = new[] { "app" }, num_uses = 3 })).Expect(200).Auth!["client_token"]!.GetValue<string>();
        Assert.Equal(2, (await vault.As(secrets.LimitedToken).GetAsync("auth/token/lookup-self")).Expect(200).Data!["num_uses"]!.GetValue<int>());

        (await root.PostAsync("sys/auth/approle", new { type = "approle" })).Expect(204);
        (await root.PostAsync("auth/approle/role/app", new { token_policies = new[] { "app" } })).Expect(204);
        var roleId = (await root.GetAsync("auth/approle/role/app/role-id")).Expect(200).Data!["role_id"]!.GetValue<string>();
        secrets.SecretId = (await root.PostAsync("auth/approle/role/app/secret-id")).Expect(200).Data!["secret_id"]!.GetValue<string>();

        (await root.PostAsync("sys/auth/userpass", new { type = "userpass" })).Expect(204);
        (await root.PostAsync("auth/userpass/users/alice", new { password = secrets.Password, token_policies = new[] { "app" } })).Expect(204);

        (await root.PostAsync("sys/mounts/transit", new { type = "transit" })).Expect(204);
        (await root.PostAsync("transit/keys/orders")).Expect(200);
        var plaintext = Convert.ToBase64String(Encoding.UTF8.GetBytes(secrets.TransitPlaintext));
        var firstCiphertext = (await root.PostAsync("transit/encrypt/orders", new { plaintext })).Expect(200).Data!["ciphertext"]!.GetValue<string>();
        (await root.PostAsync("transit/keys/orders/rotate")).Expect(200);
        var secondCiphertext = (await root.PostAsync("transit/encrypt/orders", new { plaintext })).Expect(200).Data!["ciphertext"]!.GetValue<string>();

        (await root.PutAsync("sys/audit/file", new { type = "file", options = new { file_path = auditFile } })).Expect(204);
        var auditHash = (await root.PostAsync("sys/audit-hash/file", new { input = "probe" })).Expect(200).Data!["hash"]!.GetValue<string>();

        var wrapped = (await root.PostAsync("sys/wrapping/wrap", new { secret = secrets.Wrapped })).Expect(200);
        secrets.WrappingToken = wrapped.Json!["wrap_info"]!["token"]!.GetValue<string>();

        (await root.PostAsync("sys/mounts/leases", new { type = RecordingLeaseBackend.TypeName })).Expect(204);
        var shortLease = (await root.GetAsync("leases/creds/short?ttl=1m")).Expect(200).Json!["lease_id"]!.GetValue<string>();
        var longLease = (await root.GetAsync("leases/creds/long?ttl=10m")).Expect(200).Json!["lease_id"]!.GetValue<string>();

        return new Written(roleId, [firstCiphertext, secondCiphertext], auditHash, shortLease, longLease);
    }

    private sealed record Written(string RoleId, IReadOnlyList<string> Ciphertexts, string AuditHash, string ShortLease, string LongLease);

    /// <summary>Every secret written, each unique, so a scan of the raw storage can look for it.</summary>
    private sealed class Secrets
    {
        public string RootToken { get; set; } = "";

        public string Token { get; set; } = "";

        public string SecretId { get; set; } = "";

        public string LimitedToken { get; set; } = "";

        public string WrappingToken { get; set; } = "";

        public string KvFirst { get; } = "kv-first-" + Guid.NewGuid().ToString("N");

        public string KvSecond { get; } = "kv-second-" + Guid.NewGuid().ToString("N");

        public string Cubbyhole { get; } = "cubby-" + Guid.NewGuid().ToString("N");

        public string Password { get; } = "pw-" + Guid.NewGuid().ToString("N");

        public string TransitPlaintext { get; } = "card-" + Guid.NewGuid().ToString("N");

        public string Wrapped { get; } = "wrapped-" + Guid.NewGuid().ToString("N");

        public IEnumerable<string> All => [RootToken, Token, LimitedToken, SecretId, WrappingToken, KvFirst, KvSecond, Cubbyhole, Password, TransitPlaintext, Wrapped];
    }
}
