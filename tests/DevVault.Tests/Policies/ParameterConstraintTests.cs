using System.Text.Json.Nodes;
using DevVault.Core;
using DevVault.Policies;

namespace DevVault.Tests.Policies;

public sealed class ParameterConstraintTests
{
    private static Acl Build(params string[] policies) =>
        new(policies.Select((text, i) => PolicyParser.Parse($"p{i}", text)));

    [Fact]
    public void RequiredParametersMatchTheRequestsKeysCaseSensitively()
    {
        var acl = Build("""path "app/config" { capabilities = ["update"] required_parameters = ["Owner"] }""");

        Assert.True(acl.Check("app/config", Operation.Update, new JsonObject { ["owner"] = "x" }).Allowed);
        Assert.False(acl.Check("app/config", Operation.Update, new JsonObject { ["OWNER"] = "x" }).Allowed);
    }

    [Theory]
    [InlineData("*prod*", "eu-prod-1", true)]
    [InlineData("*prod*", "eu-test-1", false)]
    [InlineData("eu-*-1", "eu-prod-1", true)]
    [InlineData("eu-*-1", "eu-prod-2", false)]
    [InlineData("a*b*c", "aXbYc", true)]
    [InlineData("a*b*c", "acb", false)]
    [InlineData("prod-*", "prod-1", true)]
    [InlineData("*-1", "prod-1", true)]
    public void AllowedParameterValuesMatchAsGlobs(string pattern, string value, bool allowed)
    {
        var acl = Build($$"""path "app/config" { capabilities = ["update"] allowed_parameters = { "env" = ["{{pattern}}"] } }""");

        Assert.Equal(allowed, acl.Check("app/config", Operation.Update, new JsonObject { ["env"] = value }).Allowed);
    }

    [Fact]
    public void WrappingTtlBoundsDemandAWrappedResponseWithinThem()
    {
        var acl = Build("""path "app/creds" { capabilities = ["read"] min_wrapping_ttl = "1m" max_wrapping_ttl = "10m" }""");

        Assert.False(acl.Check("app/creds", Operation.Read, new JsonObject()).Allowed);
        Assert.False(acl.Check("app/creds", Operation.Read, new JsonObject(), TimeSpan.FromSeconds(30)).Allowed);
        Assert.False(acl.Check("app/creds", Operation.Read, new JsonObject(), TimeSpan.FromMinutes(11)).Allowed);
        Assert.True(acl.Check("app/creds", Operation.Read, new JsonObject(), TimeSpan.FromMinutes(5)).Allowed);
    }

    [Fact]
    public void MergedWrappingBoundsKeepTheLesserOfEachAsVaultDoes()
    {
        // vault/acl.go NewACL: "we take the lesser of two specified max values, or ... the lesser of two specified min values".
        var acl = Build(
            """path "app/creds" { capabilities = ["read"] min_wrapping_ttl = "2m" max_wrapping_ttl = "10m" }""",
            """path "app/creds" { capabilities = ["read"] min_wrapping_ttl = "1m" max_wrapping_ttl = "20m" }""");

        Assert.True(acl.Check("app/creds", Operation.Read, new JsonObject(), TimeSpan.FromSeconds(90)).Allowed);
        Assert.False(acl.Check("app/creds", Operation.Read, new JsonObject(), TimeSpan.FromMinutes(15)).Allowed);
    }

    [Fact]
    public void MergedWrappingBoundsThatCrossDenyEverything()
    {
        var acl = Build(
            """path "app/creds" { capabilities = ["read"] min_wrapping_ttl = "10m" }""",
            """path "app/creds" { capabilities = ["read"] max_wrapping_ttl = "5m" }""");

        Assert.False(acl.Check("app/creds", Operation.Read, new JsonObject(), TimeSpan.FromMinutes(7)).Allowed);
    }
}
