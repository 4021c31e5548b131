using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace VaultDemo.Orchestrator.Tests.ServiceDefaults;

/// <summary>A real Kestrel server on loopback that answers each request with the next scripted status code.</summary>
internal sealed class ScriptedServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Queue<int> _statusCodes;
    private int _requests;

    private ScriptedServer(WebApplication app, Queue<int> statusCodes)
    {
        _app = app;
        _statusCodes = statusCodes;
    }

    public Uri Address => new(_app.Urls.Single());

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Answers with <paramref name="statusCodes"/> in order, then 200.</summary>
    public static async Task<ScriptedServer> StartAsync(params int[] statusCodes)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new ScriptedServer(app, new Queue<int>(statusCodes));
        app.Run(context =>
        {
            Interlocked.Increment(ref server._requests);
            lock (server._statusCodes)
            {
                context.Response.StatusCode = server._statusCodes.TryDequeue(out var status) ? status : StatusCodes.Status200OK;
            }

            return Task.CompletedTask;
        });
        await app.StartAsync(TestTimeout.Token());
        return server;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
