using System.Net.Http.Json;

namespace VaultDemo.Dashboard.Tests;

[Collection(TopologyCollection.Name)]
public sealed class TelemetrySecrecyTests(TopologyFixture topology)
{
    [Fact]
    public async Task NoSecretValueTokenPasswordOrSecretIdOfTheRunIsStoredInTelemetry()
    {
        var cancellationToken = TestTimeout.Token();
        var run = Guid.NewGuid().ToString("N");
        var paths = new[] { $"secrecy-test/{run}/db", $"secrecy-test/{run}/stripe", $"secrecy-test/{run}/db" };
        foreach (var path in paths)
        {
            await topology.WriteSecretAsync(path, cancellationToken);
        }

        var userId = $"user-{run}";
        var email = $"{topology.NewSecretValue("registered user's email")}@example.test";
        var apiSecret = topology.NewSecretValue("registered user's apiSecret");
        using (var response = await topology.Writer.PostAsJsonAsync("/api/users", new { id = userId, name = "Ada Lovelace", email, apiSecret }, cancellationToken))
        {
            await TopologyFixture.EnsureSuccessAsync(response, "POST /api/users", cancellationToken);
        }

        // Everything the writes caused has happened once the reader read the last of them; then one more
        // export round of every service brings in the logs and metrics queued meanwhile.
        foreach (var path in paths.Distinct().Append($"registered-users/{userId}"))
        {
            await WriteTraces.WaitForReaderAsync(topology.Dashboard, path);
        }

        await ExportRoundAsync(DateTimeOffset.UtcNow);

        var scan = await StoredTelemetryScan.ReadAllAsync(topology.Dashboard, cancellationToken);
        Assert.True(scan.TraceCount > 0 && scan.InstrumentCount > 0, $"The scan found {scan.TraceCount} traces and {scan.InstrumentCount} instruments: nothing to prove absence in.");

        var leaks = topology.SecretValues.Concat(topology.Credentials)
            .Select(known => (known.Label, Where: scan.Occurrences(known.Value)))
            .Where(l => l.Where.Count > 0)
            .Select(l => $"{l.Label} in {string.Join(", ", l.Where.Take(5))}")
            .Concat(scan.TokenShapedStrings().Select(where => $"a Vault token in {where}"))
            .ToList();
        Assert.True(leaks.Count == 0, $"Stored telemetry ({scan.StringCount} strings) holds secrets:\n  " + string.Join("\n  ", leaks));
    }

    /// <summary>Waits until writer and reader have each exported metrics collected after <paramref name="after"/>.</summary>
    private Task ExportRoundAsync(DateTimeOffset after) =>
        Eventually.SatisfiedAsync<bool>(
            async cancellationToken =>
            {
                var missing = new List<string>();
                foreach (var resource in new[] { "writer", "reader" })
                {
                    using var instruments = await topology.Dashboard.GetJsonAsync($"/api/metrics?resource={resource}", cancellationToken);
                    var latest = instruments.RootElement.EnumerateArray()
                        .Select(i => i.GetProperty("lastUpdated"))
                        .Where(t => t.ValueKind == System.Text.Json.JsonValueKind.String)
                        .Select(t => t.GetDateTimeOffset())
                        .DefaultIfEmpty(DateTimeOffset.MinValue)
                        .Max();
                    if (latest <= after.AddSeconds(1))
                    {
                        missing.Add($"{resource}'s latest metric point is from {latest:O}, not after {after.AddSeconds(1):O}");
                    }
                }

                return (missing.Count == 0, missing);
            },
            "one more export round of writer and reader");
}
