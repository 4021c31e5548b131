namespace DevVault.Tests.Server;

/// <summary><c>sys/health</c> query flags as Vault reads them: by name, each parsed strictly, a bad one a bare 400.</summary>
public sealed class HealthTests : InMemoryServerTests
{
    [Theory]
    [InlineData("activecode=abc")]
    [InlineData("uninitcode=5xx")]
    [InlineData("removedcode=")]
    [InlineData("standbyok=maybe")]
    [InlineData("perfstandbyok=2")]
    public async Task AMalformedFlagIsABadRequestWithNoErrorText(string query)
    {
        var reply = await Vault.Anonymous.GetAsync("sys/health?" + query);

        Assert.Equal(400, reply.Status);
        Assert.Equal("""{"errors":[]}""", reply.Body.Trim());
    }

    [Theory]
    [InlineData("othercode=abc")]
    [InlineData("haunhealhty=299")]
    [InlineData("standbyok=")]
    [InlineData("standbyok=true&perfstandbyok=F")]
    public async Task FlagsVaultDoesNotReadOrReadsAsBooleansLeaveTheAnswerAlone(string query)
    {
        Assert.Equal(501, (await Vault.Anonymous.GetAsync("sys/health?" + query)).Status);
    }
}
