using System.Text.Json.Nodes;
using DevVault.Core;
using DevVault.Policies;

namespace DevVault.Tests.Policies;

public sealed class AclTests
{
    private static Acl Build(params string[] policies) =>
        new(policies.Select((text, i) => PolicyParser.Parse($"p{i}", text)));

    private static bool Allowed(Acl acl, string path, Operation operation, JsonObject? data = null) =>
        acl.Check(path, operation, data ?? new JsonObject()).Allowed;

    private const string Writer = """
        path "secret/data/apps/*" { capabilities = ["create", "update"] }
        """;

    private const string Reader = """
        path "secret/data/apps/*" { capabilities = ["read"] }
        path "secret/metadata/apps/*" { capabilities = ["read", "list"] }
        """;

    [Fact]
    public void AWriterPolicyCannotRead()
    {
        var acl = Build(Writer);
        Assert.True(Allowed(acl, "secret/data/apps/db", Operation.Create));
        Assert.True(Allowed(acl, "secret/data/apps/db", Operation.Update));
        Assert.False(Allowed(acl, "secret/data/apps/db", Operation.Read));
        Assert.False(Allowed(acl, "secret/metadata/apps/", Operation.List));
    }

    [Fact]
    public void AReaderPolicyCannotWrite()
    {
        var acl = Build(Reader);
        Assert.True(Allowed(acl, "secret/data/apps/db", Operation.Read));
        Assert.True(Allowed(acl, "secret/metadata/apps/", Operation.List));
        Assert.False(Allowed(acl, "secret/data/apps/db", Operation.Update));
        Assert.False(Allowed(acl, "secret/data/apps/db", Operation.Create));
    }

    [Fact]
    public void PlusMatchesExactlyOneSegment()
    {
        var acl = Build("""path "secret/+/teamb" { capabilities = ["read"] }""");
        Assert.True(Allowed(acl, "secret/a/teamb", Operation.Read));
        Assert.False(Allowed(acl, "secret/a/b/teamb", Operation.Read));
        Assert.False(Allowed(acl, "secret/teamb", Operation.Read));
    }

    [Fact]
    public void DenyWinsOverAnyGrantOnTheSamePattern()
    {
        var acl = Build(
            """path "secret/data/locked" { capabilities = ["read", "update"] }""",
            """path "secret/data/locked" { capabilities = ["deny"] }""");
        Assert.False(Allowed(acl, "secret/data/locked", Operation.Read));
        Assert.Equal(["deny"], acl.Capabilities("secret/data/locked"));
    }

    [Fact]
    public void IdenticalPatternsFromSeveralPoliciesUnite()
    {
        var acl = Build(
            """path "kv/x" { capabilities = ["read"] }""",
            """path "kv/x" { capabilities = ["list"] }""");
        Assert.Equal(["list", "read"], acl.Capabilities("kv/x"));
    }

    [Fact]
    public void AnExactRuleBeatsAGlobAndOnlyTheWinnerApplies()
    {
        var acl = Build("""
            path "secret/*" { capabilities = ["read", "update"] }
            path "secret/special" { capabilities = ["list"] }
            """);
        Assert.False(Allowed(acl, "secret/special", Operation.Read));
        Assert.True(Allowed(acl, "secret/other", Operation.Read));
    }

    [Fact]
    public void TheLongestPrefixWins()
    {
        var acl = Build("""
            path "secret/*" { capabilities = ["read"] }
            path "secret/team/*" { capabilities = ["deny"] }
            """);
        Assert.True(Allowed(acl, "secret/other", Operation.Read));
        Assert.False(Allowed(acl, "secret/team/x", Operation.Read));
    }

    [Fact]
    public void ALaterWildcardOutranksAnEarlierOne()
    {
        Assert.True(Acl.Outranks("secret/a/+", "secret/+/b"));
        Assert.True(Acl.Outranks("secret/+/b", "secret/+/b*"));
        Assert.True(Acl.Outranks("secret/+/c/d", "secret/+/+/d"));
    }

    [Fact]
    public void ListUsesTheTrailingSlashRules()
    {
        var acl = Build("""path "secret/metadata/apps" { capabilities = ["list"] }""");
        Assert.True(Allowed(acl, "secret/metadata/apps/", Operation.List));
    }

    [Fact]
    public void ParameterConstraintsAreEnforced()
    {
        var acl = Build("""
            path "auth/token/create" {
              capabilities = ["update"]
              allowed_parameters = { "policies" = ["web", "app-*"] "ttl" = [] }
              denied_parameters = { "no_parent" = [] }
              required_parameters = ["ttl"]
            }
            """);
        Assert.True(Allowed(acl, "auth/token/create", Operation.Update, new JsonObject { ["ttl"] = "1h", ["policies"] = "web" }));
        Assert.True(Allowed(acl, "auth/token/create", Operation.Update, new JsonObject { ["ttl"] = "1h", ["policies"] = new JsonArray("app-1", "web") }));
        Assert.False(Allowed(acl, "auth/token/create", Operation.Update, new JsonObject { ["ttl"] = "1h", ["policies"] = "admin" }));
        Assert.False(Allowed(acl, "auth/token/create", Operation.Update, new JsonObject { ["policies"] = "web" }));
        Assert.False(Allowed(acl, "auth/token/create", Operation.Update, new JsonObject { ["ttl"] = "1h", ["no_parent"] = true }));
        Assert.False(Allowed(acl, "auth/token/create", Operation.Update, new JsonObject { ["ttl"] = "1h", ["period"] = "1h" }));
    }

    [Fact]
    public void SudoIsReportedOnlyWhenGranted()
    {
        var acl = Build("""
            path "sys/audit*" { capabilities = ["read", "sudo"] }
            path "sys/mounts" { capabilities = ["read"] }
            """);
        Assert.True(acl.Check("sys/audit", Operation.Read, new JsonObject()).HasSudo);
        Assert.False(acl.Check("sys/mounts", Operation.Read, new JsonObject()).HasSudo);
    }

    [Fact]
    public void NoMatchingRuleMeansDenied()
    {
        var acl = Build(Reader);
        Assert.False(Allowed(acl, "sys/mounts", Operation.Read));
        Assert.Equal(["deny"], acl.Capabilities("sys/mounts"));
    }
}
