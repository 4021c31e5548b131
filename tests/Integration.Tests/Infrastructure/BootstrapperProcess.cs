using System.Diagnostics;

namespace VaultDemo.Integration.Tests.Infrastructure;

/// <summary>
/// Runs the bootstrapper's build output again, as the AppHost ran it: same working directory, same environment
/// (read from the resource's snapshot, with the two secret values the dashboard masks filled in from the values the
/// test chose), so a second run sees exactly what the first saw.
/// </summary>
public static class BootstrapperProcess
{
    private const string ConnectionStringPrefix = "ConnectionStrings__";

    public sealed record Result(int ExitCode, string Output);

    public static async Task<Result> RunAgainAsync(Topology topology, CancellationToken cancellationToken)
    {
        var project = new Projects.VaultBootstrapper();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(project.ProjectPath)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(project.TargetPath ?? throw new InvalidOperationException("VaultBootstrapper has no build output"));

        Assert.True(topology.App.ResourceNotifications.TryGetCurrent(Topology.Bootstrapper, out var resource), "no snapshot of vault-bootstrapper");
        foreach (var variable in resource.Snapshot.Environment)
        {
            start.Environment[variable.Name] = !variable.IsSecret ? variable.Value
                : variable.Name == "VAULT_TOKEN" ? topology.RootToken
                : variable.Name.StartsWith(ConnectionStringPrefix, StringComparison.Ordinal)
                    ? await topology.App.GetConnectionStringAsync(variable.Name[ConnectionStringPrefix.Length..], cancellationToken)
                : throw new InvalidOperationException($"vault-bootstrapper has a secret variable {variable.Name} this test cannot reproduce; add it here.");
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new Result(process.ExitCode, await stdout + await stderr);
    }
}
