using System.Diagnostics;
using Npgsql;

namespace VaultDemo.WriterService;

internal static class Tracing
{
    public static readonly ActivitySource Source = new("VaultDemo.Writer");

    /// <summary>
    /// Database commands are traced only as part of an operation (a request, a dispatch); the outbox poll that runs
    /// between them would otherwise add a one-span trace every few seconds and bury the ones that matter.
    /// </summary>
    public static void OnlyWithinOperations(NpgsqlDataSourceBuilder builder) =>
        builder.ConfigureTracing(tracing => tracing.ConfigureCommandFilter(_ => Activity.Current is not null));
}
