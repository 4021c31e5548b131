using VaultDemo.Orchestrator.ApplicationModel;
using VaultDemo.Orchestrator.Hosting;
using VaultDemo.Orchestrator.Testing;

namespace VaultDemo.Orchestrator.Tests.Orchestration;

public sealed class ParameterTests
{
    [Fact]
    public async Task ConfigurationOverridesAParameterAndSecretsWithoutOneAreGenerated()
    {
        var cancellationToken = TestTimeout.Token();
        var builder = DistributedApplicationTestingBuilder.Create();
        builder.Configuration["Parameters:greeting"] = "hello from configuration";
        var greeting = builder.AddParameter("greeting");
        var overridden = builder.AddParameter("overridden-secret", secret: true);
        builder.Configuration["Parameters:overridden-secret"] = "chosen-secret";
        var generated = builder.AddParameter("generated-secret", secret: true);
        var other = builder.AddParameter("other-generated-secret", secret: true);
        builder.AddShell("printer", "echo \"$GREETING|${#OVERRIDDEN}|${#GENERATED}\"; " + TestApplications.RunUntilTerminated)
            .WithEnvironment("GREETING", greeting)
            .WithEnvironment("OVERRIDDEN", overridden)
            .WithEnvironment("GENERATED", generated);
        await using var app = await builder.StartAsync(cancellationToken);

        var line = await app.WaitForOutputAsync("printer", "|", cancellationToken);

        // Secrets are printed as lengths: their values would be masked in the captured output.
        Assert.Equal($"hello from configuration|{"chosen-secret".Length}|{generated.Resource.Value.Length}", line);
        Assert.Equal("chosen-secret", overridden.Resource.Value);
        Assert.True(generated.Resource.Value.Length >= 32, "a generated secret must be long enough to be a password");
        Assert.NotEqual(generated.Resource.Value, other.Resource.Value);
    }

    [Fact]
    public void ANonSecretParameterWithoutAValueFailsTheBuildNamingItsKey()
    {
        var builder = DistributedApplicationTestingBuilder.Create();
        builder.AddParameter("region");

        var error = Assert.Throws<InvalidOperationException>(() => builder.Build());

        Assert.Contains("Parameters:region", error.Message);
    }

    [Fact]
    public async Task SecretValuesAreMaskedInTheResourceSnapshot()
    {
        var cancellationToken = TestTimeout.Token();
        var builder = DistributedApplicationTestingBuilder.Create();
        var password = builder.AddParameter("password", secret: true);
        builder.AddShell("user", TestApplications.RunUntilTerminated)
            .WithEnvironment("PASSWORD", password)
            .WithEnvironment("PLAIN", "visible");
        await using var app = await builder.StartAsync(cancellationToken);

        var running = await app.WaitForStateAsync("user", ResourceState.Running, cancellationToken);

        var environment = running.Snapshot.Environment.ToDictionary(v => v.Name);
        Assert.Equal((EnvironmentVariableSnapshot.Mask, true), (environment["PASSWORD"].Value, environment["PASSWORD"].IsSecret));
        Assert.Equal("visible", environment["PLAIN"].Value);
        Assert.DoesNotContain(running.Snapshot.Environment, v => v.Value.Contains(password.Resource.Value, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ASecretPrintedByAResourceIsMaskedInItsCapturedOutput()
    {
        var cancellationToken = TestTimeout.Token();
        var builder = DistributedApplicationTestingBuilder.Create();
        var token = builder.AddParameter("root-token", secret: true);
        builder.AddShell("chatty", "echo \"Root Token: $TOKEN\"; " + TestApplications.RunUntilTerminated).WithEnvironment("TOKEN", token);
        await using var app = await builder.StartAsync(cancellationToken);

        var line = await app.WaitForOutputAsync("chatty", "Root Token:", cancellationToken);

        Assert.Equal($"Root Token: {EnvironmentVariableSnapshot.Mask}", line);
        Assert.DoesNotContain(app.ResourceLogs.GetLines("chatty"), l => l.Line.Text.Contains(token.Resource.Value, StringComparison.Ordinal));
    }
}
