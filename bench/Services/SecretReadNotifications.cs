using System.Collections.Concurrent;
using Npgsql;

namespace VaultDemo.Bench.Services;

/// <summary>
/// Tells the moment the reader's <c>app.secret_reads</c> row for a path is committed, without polling: a trigger
/// (installed by the superuser, in its own <c>bench</c> schema, in this throwaway topology only) sends a
/// NOTIFY, which PostgreSQL delivers when the reader's transaction commits, i.e. when the row becomes visible.
/// </summary>
internal sealed class SecretReadNotifications : IAsyncDisposable
{
    private const string Channel = "bench_secret_reads";

    private const string InstallSql = $"""
        CREATE SCHEMA IF NOT EXISTS bench;
        CREATE OR REPLACE FUNCTION bench.notify_secret_read() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('{Channel}', NEW.path);
            RETURN NEW;
        END
        $$;
        CREATE OR REPLACE TRIGGER bench_notify_secret_read AFTER INSERT ON app.secret_reads
            FOR EACH ROW EXECUTE FUNCTION bench.notify_secret_read();
        LISTEN {Channel};
        """;

    private readonly NpgsqlConnection _connection;
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _waiting = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private Task _listening = Task.CompletedTask;

    private SecretReadNotifications(NpgsqlConnection connection) => _connection = connection;

    public static async Task<SecretReadNotifications> StartAsync(string superuserConnectionString, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(superuserConnectionString);
        await connection.OpenAsync(cancellationToken);
        var notifications = new SecretReadNotifications(connection);
        connection.Notification += (_, e) => notifications.Received(e.Payload);
        await using (var install = new NpgsqlCommand(InstallSql, connection))
        {
            await install.ExecuteNonQueryAsync(cancellationToken);
        }

        notifications._listening = notifications.ListenAsync();
        return notifications;
    }

    /// <summary>Completes when the reader has recorded <paramref name="path"/> (an application path, below <c>apps/</c>).</summary>
    public Task WhenReadAsync(string path) => _waiting.GetOrAdd(path, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _listening;
        }
        catch (OperationCanceledException)
        {
            // Stopped on purpose.
        }

        await _connection.DisposeAsync();
        _stop.Dispose();
    }

    private async Task ListenAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            await _connection.WaitAsync(_stop.Token);
        }
    }

    /// <summary>The reader may record the KV path (<c>apps/x</c>) or the application path (<c>x</c>); both mean x.</summary>
    private void Received(string recordedPath)
    {
        var path = recordedPath.StartsWith("apps/", StringComparison.Ordinal) ? recordedPath["apps/".Length..] : recordedPath;
        _waiting.GetOrAdd(path, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }
}
