using VaultDemo.Orchestrator.Hosting;
using VaultDemo.Orchestrator.Hosting.Postgres;
using VaultDemo.Orchestrator.Hosting.Vault;
using VaultDemo.Orchestrator.Testing;

namespace VaultDemo.Orchestrator.Tests.Orchestration;

public sealed class EnvironmentInjectionTests
{
    [Fact]
    public async Task AReferenceInjectsConnectionStringsServiceUrlsAndTheOtlpSettings()
    {
        var cancellationToken = TestTimeout.Token();
        var builder = DistributedApplicationTestingBuilder.Create();
        // An external database: configured, so nothing is started for it.
        builder.Configuration["ConnectionStrings:db"] = "Host=db.example;Database=app";
        var db = builder.AddPostgres("db");
        var api = builder.AddShell("api", TestApplications.RunUntilTerminated).WithHttpEndpoint(env: "API_PORT");
        builder.AddShell("client", "env | sort; " + TestApplications.RunUntilTerminated)
            .WithReference(db).WithReference(api).WithOtlpExporter();
        await using var app = await builder.StartAsync(cancellationToken);

        await app.WaitForOutputAsync("client", "services__api__http__0=", cancellationToken);
        var environment = app.ResourceLogs.GetLines("client").Select(l => l.Line.Text).Where(t => t.Contains('=')).ToDictionary(t => t[..t.IndexOf('=')], t => t[(t.IndexOf('=') + 1)..]);

        Assert.Equal("Host=db.example;Database=app", environment["ConnectionStrings__db"]);
        Assert.Equal(app.Snapshot("api").Urls.Single().Url, environment["services__api__http__0"]);
        Assert.Equal(app.DashboardUrl, environment["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        Assert.Equal("http/protobuf", environment["OTEL_EXPORTER_OTLP_PROTOCOL"]);
        Assert.Equal("client", environment["OTEL_SERVICE_NAME"]);
        Assert.StartsWith("service.instance.id=client-", environment["OTEL_RESOURCE_ATTRIBUTES"]);
        Assert.Equal("1000", environment["OTEL_BSP_SCHEDULE_DELAY"]);
        Assert.Equal("1000", environment["OTEL_BLRP_SCHEDULE_DELAY"]);
        Assert.Equal("1000", environment["OTEL_METRIC_EXPORT_INTERVAL"]);
        Assert.Equal("external instance", app.Snapshot("db").Message);
    }

    [Fact]
    public async Task AnEndpointPortReachesTheProcessThroughItsVariable()
    {
        var cancellationToken = TestTimeout.Token();
        var builder = DistributedApplicationTestingBuilder.Create();
        builder.AddShell("server", "echo \"port=$SERVER_PORT\"; " + TestApplications.RunUntilTerminated).WithHttpEndpoint(env: "SERVER_PORT");
        await using var app = await builder.StartAsync(cancellationToken);

        var line = await app.WaitForOutputAsync("server", "port=", cancellationToken);

        Assert.Equal($"port={new Uri(app.Snapshot("server").Urls.Single().Url).Port}", line);
    }

    [Fact]
    public async Task AnExternalServiceReplacesTheResourceForItsReferences()
    {
        var cancellationToken = TestTimeout.Token();
        var builder = DistributedApplicationTestingBuilder.Create();
        builder.Configuration["ConnectionStrings:vault"] = "http://127.0.0.1:8200";
        var vault = builder.AddVault("vault");
        builder.AddShell("client", "echo \"vault=$services__vault__http__0 $ConnectionStrings__vault\"; " + TestApplications.RunUntilTerminated).WithReference(vault);
        await using var app = await builder.StartAsync(cancellationToken);

        var line = await app.WaitForOutputAsync("client", "vault=", cancellationToken);

        Assert.Equal("vault=http://127.0.0.1:8200 http://127.0.0.1:8200", line);
        Assert.Null(app.Snapshot("vault").ProcessId);
    }

    [Fact]
    public async Task EveryResourceHasAnOwnerOnlyStateDirectoryThatOthersCanBeToldAbout()
    {
        var cancellationToken = TestTimeout.Token();
        var builder = DistributedApplicationTestingBuilder.Create();
        // The writer fills the directory of a resource that has not started yet (it waits for the writer).
        var writer = builder.AddShell("writer-of-files", "test -d \"$TARGET\" && echo present > \"$TARGET/file\" && echo done")
            .WithEnvironment("TARGET", builder.GetResourceStateDirectory("later"));
        builder.AddShell("later", TestApplications.RunUntilTerminated).WaitForCompletion(writer);
        await using var app = await builder.StartAsync(cancellationToken);

        await app.WaitForOutputAsync("writer-of-files", "done", cancellationToken);

        var directory = builder.GetResourceStateDirectory("later");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(directory));
        Assert.Equal("present", File.ReadAllText(Path.Combine(directory, "file")).Trim());
    }
}
