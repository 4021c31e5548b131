using System.Diagnostics;

namespace VaultDemo.Integration.Tests.Infrastructure;

/// <summary>
/// Runs the bootstrapper's build output again, as the AppHost ran it: same working directory, same environment (the
/// variables the AppHost set, read from the resource's snapshot), so a second run sees exactly what the first saw.
/// </summary>
public static class BootstrapperProcess
{
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
        // Its build output, as Aspire ran it: the solution's build made it, and the AppHost's launch profile does not apply.
        foreach (var argument in new[] { "run", "--no-build", "--no-launch-profile", "--project", project.ProjectPath })
        {
            start.ArgumentList.Add(argument);
        }

        Assert.True(topology.App.ResourceNotifications.TryGetCurrentState(Topology.Bootstrapper, out var resource), "no snapshot of vault-bootstrapper");
        foreach (var variable in resource.Snapshot.EnvironmentVariables.Where(v => v.IsFromSpec))
        {
            start.Environment[variable.Name] = variable.Value;
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
