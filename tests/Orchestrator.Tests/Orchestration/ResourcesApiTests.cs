using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using VaultDemo.Orchestrator.ApplicationModel;
using VaultDemo.Orchestrator.Hosting;
using VaultDemo.Orchestrator.Testing;

namespace VaultDemo.Orchestrator.Tests.Orchestration;

public sealed class ResourcesApiTests
{
    [Fact]
    public async Task TheResourcesApiRefusesRequestsWithoutTheToken()
    {
        var cancellationToken = TestTimeout.Token();
        var builder = DistributedApplicationTestingBuilder.Create();
        builder.AddShell("service", TestApplications.RunUntilTerminated);
        await using var app = await builder.StartAsync(cancellationToken);
        using var client = new HttpClient { BaseAddress = new Uri(app.DashboardUrl) };

        using var anonymous = await client.GetAsync("/api/resources", cancellationToken);
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/api/resources") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "not-the-token") } };
        using var wrongResponse = await client.SendAsync(wrong, cancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongResponse.StatusCode);
    }

    [Fact]
    public async Task TheResourcesApiDescribesEveryResourceWithSecretsMasked()
    {
        var cancellationToken = TestTimeout.Token();
        var builder = DistributedApplicationTestingBuilder.Create();
        var password = builder.AddParameter("api-password", secret: true);
        var setup = builder.AddShell("setup", "exit 0");
        builder.AddShell("service", TestApplications.RunUntilTerminated)
            .WithHttpEndpoint(env: "PORT")
            .WithEnvironment("API_PASSWORD", password)
            .WaitForCompletion(setup);
        await using var app = await builder.StartAsync(cancellationToken);
        await app.WaitForResourceHealthyAsync("service", cancellationToken);
        using var client = new HttpClient { BaseAddress = new Uri(app.DashboardUrl) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", app.DashboardToken);

        var body = await client.GetStringAsync("/api/resources", cancellationToken);

        Assert.DoesNotContain(password.Resource.Value, body, StringComparison.Ordinal);
        var resources = JsonDocument.Parse(body).RootElement.EnumerateArray().ToDictionary(r => r.GetProperty("name").GetString()!);
        var service = resources["service"];
        Assert.Equal(("Executable", "Running", "Healthy"), (service.GetProperty("type").GetString(), service.GetProperty("state").GetString(), service.GetProperty("health").GetString()));
        Assert.Equal(app.Snapshot("service").Urls.Single().Url, service.GetProperty("urls")[0].GetProperty("url").GetString());
        var secret = service.GetProperty("environment").EnumerateArray().Single(v => v.GetProperty("name").GetString() == "API_PASSWORD");
        Assert.Equal((EnvironmentVariableSnapshot.Mask, true), (secret.GetProperty("value").GetString(), secret.GetProperty("isSecret").GetBoolean()));
        Assert.Equal(("Finished", 0), (resources["setup"].GetProperty("state").GetString(), resources["setup"].GetProperty("exitCode").GetInt32()));
        Assert.Equal("Parameter", resources["api-password"].GetProperty("type").GetString());
    }

    [Fact]
    public async Task TheResourcesApiStopsAndStartsAResourceBehindTheToken()
    {
        var cancellationToken = TestTimeout.Token();
        var builder = DistributedApplicationTestingBuilder.Create();
        builder.AddShell("service", TestApplications.RunUntilTerminated);
        await using var app = await builder.StartAsync(cancellationToken);
        await app.WaitForResourceHealthyAsync("service", cancellationToken);
        using var anonymous = new HttpClient { BaseAddress = new Uri(app.DashboardUrl) };
        using var client = new HttpClient { BaseAddress = new Uri(app.DashboardUrl) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", app.DashboardToken);

        using var refused = await anonymous.PostAsync("/api/resources/service/stop", null, cancellationToken);
        Assert.Equal((HttpStatusCode.Unauthorized, ResourceState.Running), (refused.StatusCode, app.Snapshot("service").State));
        using var stop = await client.PostAsync("/api/resources/service/stop", null, cancellationToken);
        using var stopAgain = await client.PostAsync("/api/resources/service/stop", null, cancellationToken);
        using var unknown = await client.PostAsync("/api/resources/no-such-resource/start", null, cancellationToken);
        using var start = await client.PostAsync("/api/resources/service/start", null, cancellationToken);

        Assert.Equal((HttpStatusCode.OK, "Exited"), (stop.StatusCode, await StateInAsync(stop, cancellationToken)));
        Assert.Equal(HttpStatusCode.Conflict, stopAgain.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal((HttpStatusCode.OK, "Running"), (start.StatusCode, await StateInAsync(start, cancellationToken)));
    }

    [Fact]
    public async Task TheLoginLinkSetsACookieThatOpensTheApi()
    {
        var cancellationToken = TestTimeout.Token();
        var builder = DistributedApplicationTestingBuilder.Create();
        builder.AddShell("service", TestApplications.RunUntilTerminated);
        await using var app = await builder.StartAsync(cancellationToken);
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(app.DashboardUrl) };

        using var login = await client.GetAsync($"/login?t={app.DashboardToken}", cancellationToken);
        using var resources = await client.GetAsync("/api/resources", cancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal(HttpStatusCode.OK, resources.StatusCode);
    }

    private static async Task<string?> StateInAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken)).RootElement.GetProperty("state").GetString();
}
