using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace VaultDemo.ServiceDefaults.Tests;

/// <summary>
/// A downstream HTTP server on loopback: answers requests with the scripted status codes in turn, then 200, and
/// counts them, so a test sees how often a client really called.
/// </summary>
internal sealed class ScriptedServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<int> _script;
    private int _requests;

    private ScriptedServer(WebApplication app, IEnumerable<int> script)
    {
        _app = app;
        _script = new ConcurrentQueue<int>(script);
    }

    public Uri Address => new(_app.Urls.Single());

    public int Requests => Volatile.Read(ref _requests);

    public static async Task<ScriptedServer> StartAsync(CancellationToken cancellationToken, params int[] statusCodes)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.WithoutTracing();
        var app = builder.Build();
        var server = new ScriptedServer(app, statusCodes);
        app.Run(server.AnswerAsync);
        await app.StartAsync(cancellationToken);
        return server;
    }

    private Task AnswerAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        context.Response.StatusCode = _script.TryDequeue(out var status) ? status : StatusCodes.Status200OK;
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
