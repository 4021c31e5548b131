using System.Net;
using VaultDemo.Integration.Tests.Infrastructure;

namespace VaultDemo.Integration.Tests.Dashboard;

/// <summary>
/// Telemetry leaves the process for a dashboard or a vendor: no secret value written through the API, no token,
/// no infrastructure password and no AppRole credential of the run may be in any stored span or log record.
/// </summary>
[Collection(SharedTopologyCollection.Name)]
public sealed class TelemetrySecrecyTests(SharedTopology shared)
{
    [Fact]
    public async Task NoSecretValueTokenPasswordOrSecretIdOfTheRunIsStoredInTelemetry()
    {
        var cancellationToken = TestTimeout.Token();
        var topology = shared.Topology;
        using var writer = WriterApi.For(topology);
        using var telemetry = new TelemetryApi(topology.Dashboard!);
        var run = Guid.NewGuid().ToString("N");
        var paths = new[] { $"secrecy-test/{run}/db", $"secrecy-test/{run}/stripe", $"secrecy-test/{run}/db" };
        foreach (var path in paths)
        {
            var data = new Dictionary<string, string> { ["username"] = "app", ["password"] = topology.Secret($"sv{Guid.NewGuid():N}"), ["apiKey"] = topology.Secret($"sv{Guid.NewGuid():N}") };
            var written = await writer.PutSecretAsync(path, data, cancellationToken: cancellationToken);
            Assert.True(written.Status == HttpStatusCode.OK, $"write {path}: {written}");
        }

        var userId = $"user-{run}";
        var registered = await writer.RegisterUserAsync(userId, "Ada Lovelace", topology.Secret($"sv{Guid.NewGuid():N}") + "@example.test", topology.Secret($"sv{Guid.NewGuid():N}"), cancellationToken);
        Assert.True(registered.Status == HttpStatusCode.Created, $"register: {registered}");

        // Everything the writes caused has happened once the reader read the last of them.
        foreach (var path in paths.Distinct().Append($"registered-users/{userId}"))
        {
            await WriteTraces.WaitForReaderAsync(telemetry, path);
        }

        var scan = await StoredTelemetryScan.ReadAllAsync(telemetry, cancellationToken);
        Assert.True(scan.TraceCount > 0 && scan.LogRecordCount > 0, $"The scan found {scan.TraceCount} traces and {scan.LogRecordCount} log records: nothing to prove absence in.");

        var known = new List<(string Label, string Value)>
        {
            ("the root token", topology.RootToken),
            ("the PostgreSQL password", topology.PostgresPassword),
            ("the RabbitMQ password", topology.MessagingPassword),
        };
        known.AddRange(topology.DeliveredCredentials.Select((c, i) => ($"delivered AppRole credential #{i}", c)));
        known.AddRange(topology.SecretValuesSent.Select((v, i) => ($"secret value #{i} sent through the writer", v)));
        var leaks = known
            .Select(k => (k.Label, Where: scan.Occurrences(k.Value)))
            .Where(l => l.Where.Count > 0)
            .Select(l => $"{l.Label} in {string.Join(", ", l.Where.Take(5))}")
            .Concat(scan.TokenShapedStrings().Select(where => $"a Vault token in {where}"))
            .ToList();
        Assert.True(leaks.Count == 0, $"Stored telemetry ({scan.StringCount} strings) holds secrets:\n  " + string.Join("\n  ", leaks));
    }
}
