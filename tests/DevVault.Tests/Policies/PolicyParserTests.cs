using DevVault.Policies;

namespace DevVault.Tests.Policies;

public sealed class PolicyParserTests
{
    [Fact]
    public void HclAndJsonPoliciesParseToTheSameRules()
    {
        var hcl = PolicyParser.Parse("h", """
            # a comment
            path "secret/data/*" {
              capabilities = ["read", "list"] // trailing comment
            }
            /* block
               comment */
            path "/sys/mounts" { policy = "read" }
            """);
        var json = PolicyParser.Parse("j", """{"path":{"secret/data/*":{"capabilities":["read","list"]},"sys/mounts":{"policy":"read"}}}""");

        Assert.Equal(hcl.Rules.Select(r => (r.Pattern, r.Capabilities)), json.Rules.Select(r => (r.Pattern, r.Capabilities)));
        Assert.Equal(Capability.Read | Capability.List, hcl.Rules[1].Capabilities);
    }

    [Fact]
    public void AnInvalidCapabilityIsNamed()
    {
        var error = Assert.Throws<PolicyParseException>(() => PolicyParser.Parse("x", """path "a" { capabilities = ["fly"] }"""));
        Assert.Equal("path \"a\": invalid capability \"fly\"", error.Message);
    }

    [Fact]
    public void UnknownKeysAreRejected()
    {
        Assert.Throws<PolicyParseException>(() => PolicyParser.Parse("x", """path "a" { capabilitiez = ["read"] }"""));
        Assert.Throws<PolicyParseException>(() => PolicyParser.Parse("x", """pathz "a" { capabilities = ["read"] }"""));
    }

    [Fact]
    public void ParseErrorsSayWhere()
    {
        var error = Assert.Throws<PolicyParseException>(() => PolicyParser.Parse("x", "path \"a\" {\n  capabilities = [\"read\"\n}"));
        Assert.StartsWith("At 3:", error.Message);
    }

    [Fact]
    public void PlusStarIsForbidden()
    {
        Assert.Throws<PolicyParseException>(() => PolicyParser.Parse("x", """path "secret/+*" { capabilities = ["read"] }"""));
    }

    [Fact]
    public void DenyDiscardsTheOtherCapabilitiesOfItsStanza()
    {
        var policy = PolicyParser.Parse("x", """path "a" { capabilities = ["read", "deny"] }""");
        Assert.Equal(Capability.Deny, policy.Rules[0].Capabilities);
    }

    [Fact]
    public void TheDefaultPolicyParses()
    {
        var policy = PolicyParser.Parse("default", BuiltInPolicies.DefaultText);
        Assert.Contains(policy.Rules, r => r.Pattern == "auth/token/lookup-self" && r.Capabilities == Capability.Read);
    }
}
