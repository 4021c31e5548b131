using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.Playwright;
using VaultDemo.Orchestrator.ApplicationModel;
using VaultDemo.Orchestrator.Hosting;
using VaultDemo.Orchestrator.Testing;

namespace VaultDemo.Dashboard.Tests;

/// <summary>
/// The AppHost's whole topology (its own Program.cs, through the testing builder), shared by the tests of
/// <see cref="TopologyCollection"/>, with every credential of the run the tests can know: the root token and
/// the infrastructure passwords are set here, and the AppRole files the bootstrapper delivers are read as soon
/// as it has finished, before the services consume them.
/// </summary>
public sealed class TopologyFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(10);
    private static readonly string[] Services = ["writer", "reader"];

    private readonly List<(string Label, string Value)> _credentials = [];
    private readonly List<(string Label, string Value)> _secretValues = [];
    private readonly Lock _gate = new();
    private DistributedApplication? _app;
    private HeadlessChromium? _chromium;

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The topology has not started.");

    public HttpClient Writer { get; private set; } = null!;

    public DashboardApi Dashboard { get; private set; } = null!;

    /// <summary>Every credential of this run the tests know, with a label to report instead of the value.</summary>
    public IReadOnlyList<(string Label, string Value)> Credentials
    {
        get
        {
            lock (_gate)
            {
                return [.. _credentials];
            }
        }
    }

    /// <summary>Every secret value written through the writer by any test so far.</summary>
    public IReadOnlyList<(string Label, string Value)> SecretValues
    {
        get
        {
            lock (_gate)
            {
                return [.. _secretValues];
            }
        }
    }

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        _chromium = await HeadlessChromium.LaunchAsync(timeout.Token);

        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(cancellationToken: timeout.Token);
        foreach (var parameter in new[] { "vault-root-token", "postgres-password", "messaging-password" })
        {
            var value = NewCredential();
            builder.Configuration[$"Parameters:{parameter}"] = value;
            AddCredential($"parameter {parameter}", value);
        }

        _app = await builder.BuildAsync(timeout.Token);
        await _app.StartAsync(timeout.Token);
        await ReadDeliveredCredentialsAsync(timeout.Token);
        foreach (var service in Services)
        {
            await _app.WaitForResourceHealthyAsync(service, timeout.Token);
        }

        Writer = _app.CreateHttpClient("writer");
        Dashboard = new DashboardApi(new Uri(_app.DashboardUrl), _app.DashboardToken);
    }

    public Task<IPage> NewPageAsync() => _chromium!.NewPageAsync(new Uri(App.DashboardUrl));

    /// <summary>A value nobody could guess, registered so the secrecy test looks for it everywhere.</summary>
    public string NewSecretValue(string label)
    {
        var value = "sv" + RandomNumberGenerator.GetHexString(32, lowercase: true);
        lock (_gate)
        {
            _secretValues.Add((label, value));
        }

        return value;
    }

    /// <summary>
    /// <c>PUT /api/secrets/{path}</c> with two fresh secret values; fails naming the status and problem
    /// details when the writer refuses.
    /// </summary>
    public async Task WriteSecretAsync(string path, CancellationToken cancellationToken)
    {
        var body = new { data = new Dictionary<string, string> { ["username"] = "app", ["password"] = NewSecretValue($"password of {path}"), ["apiKey"] = NewSecretValue($"apiKey of {path}") } };
        using var response = await Writer.PutAsJsonAsync($"/api/secrets/{path}", body, cancellationToken);
        await EnsureSuccessAsync(response, $"PUT /api/secrets/{path}", cancellationToken);
    }

    public static async Task EnsureSuccessAsync(HttpResponseMessage response, string request, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            Assert.Fail($"The writer answered {request} with {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    public async Task DisposeAsync()
    {
        Writer?.Dispose();
        Dashboard?.Dispose();
        if (_chromium is not null)
        {
            await _chromium.DisposeAsync();
        }

        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    /// <summary>Letters and digits only, so a value is found verbatim wherever it leaks, JSON-escaped or not.</summary>
    private static string NewCredential() => "cred" + RandomNumberGenerator.GetHexString(32, lowercase: true);

    private void AddCredential(string label, string value)
    {
        lock (_gate)
        {
            _credentials.Add((label, value));
        }
    }

    /// <summary>
    /// The role-id and the wrapped secret-id files, read the moment the bootstrapper has exited 0: the services
    /// start then, and the wrapping token is single-use, so its value is only known to whoever reads it first.
    /// </summary>
    private async Task ReadDeliveredCredentialsAsync(CancellationToken cancellationToken)
    {
        var finished = await App.ResourceNotifications.WaitForResourceAsync("vault-bootstrapper", e => e.Snapshot.State.IsTerminal(), cancellationToken);
        if (finished.Snapshot is not { State: ResourceState.Finished, ExitCode: 0 })
        {
            throw new InvalidOperationException($"vault-bootstrapper did not complete: {ResourceTypes.Describe(finished.Snapshot)}. Its output:\n{string.Join('\n', App.ResourceLogs.GetLines("vault-bootstrapper").TakeLast(40).Select(l => l.Line.Text))}");
        }

        foreach (var service in Services)
        {
            foreach (var file in new[] { "role-id", "secret-id" })
            {
                var path = Path.Combine(App.StateDirectory, service, file);
                var content = (await File.ReadAllTextAsync(path, cancellationToken)).Trim();
                AddCredential($"{service}/{file}", content);
            }
        }
    }
}
