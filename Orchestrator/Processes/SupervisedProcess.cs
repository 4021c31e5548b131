using System.Diagnostics;

namespace VaultDemo.Orchestrator.Processes;

/// <summary>
/// A child process with its output captured line by line, its exit observed, and a stop that always ends
/// with nothing left running: signal, wait, then kill the whole tree.
/// </summary>
/// <remarks>
/// The child is started in its own session through util-linux's <c>setsid</c>, which execs in place (the
/// PID is the program's own). Ctrl+C in a terminal then reaches only the AppHost, which stops resources in
/// reverse dependency order, and the process group lets one signal reach everything the child started.
/// </remarks>
public sealed class SupervisedProcess : IAsyncDisposable
{
    private static readonly string? s_setsid = ExecutableSearch.Find("setsid", "/usr/bin", "/bin");

    private readonly Process _process;
    private readonly ProcessSpec _spec;
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SupervisedProcess(Process process, ProcessSpec spec)
    {
        _process = process;
        _spec = spec;
    }

    public int Id => _process.Id;

    /// <summary>Completes with the exit code once the process has exited and its output is drained.</summary>
    public Task<int> Exited => _exited.Task;

    public bool HasExited => _exited.Task.IsCompleted;

    /// <exception cref="InvalidOperationException">The program could not be started; the message names it.</exception>
    public static SupervisedProcess Start(ProcessSpec spec, Action<ConsoleLogLine> onOutput)
    {
        var startInfo = new ProcessStartInfo
        {
            FileName = s_setsid ?? spec.FileName,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // Keeps children off the terminal: nothing reads the AppHost's keyboard or changes its modes.
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = spec.WorkingDirectory ?? Environment.CurrentDirectory,
        };
        if (s_setsid is not null)
        {
            startInfo.ArgumentList.Add(spec.FileName);
        }

        foreach (var argument in spec.Arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in spec.Environment)
        {
            if (value is null)
            {
                startInfo.Environment.Remove(name);
            }
            else
            {
                startInfo.Environment[name] = value;
            }
        }

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var processExited = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.Exited += (_, _) => processExited.TrySetResult();
        process.OutputDataReceived += (_, e) => Forward(e.Data, isError: false);
        process.ErrorDataReceived += (_, e) => Forward(e.Data, isError: true);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            process.Dispose();
            throw new InvalidOperationException($"Could not start '{spec.FileName}' for {spec.DisplayName}: {e.Message}", e);
        }

        var supervised = new SupervisedProcess(process, spec);
        spec.Ledger?.Record(process.Id, spec.DisplayName);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _ = supervised.ObserveExitAsync(processExited.Task);
        return supervised;

        void Forward(string? line, bool isError)
        {
            if (line is not null)
            {
                onOutput(new ConsoleLogLine(DateTimeOffset.UtcNow, line, isError));
            }
        }
    }

    /// <summary>
    /// Sends the stop signal to the process group, waits up to <paramref name="grace"/>, then kills the tree.
    /// Returns the exit code.
    /// </summary>
    public async Task<int> StopAsync(TimeSpan grace, CancellationToken cancellationToken = default)
    {
        if (!HasExited)
        {
            UnixProcess.TrySignal(-Id, _spec.StopSignal);
            UnixProcess.TrySignal(Id, _spec.StopSignal);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(grace);
            try
            {
                await Exited.WaitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Grace period over (or the caller gave up): fall through to the kill.
            }
        }

        Kill();
        return await Exited.ConfigureAwait(false);
    }

    /// <summary>Kills the process and everything it started, at once.</summary>
    public void Kill()
    {
        ProcessTree.Kill(Id);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        _process.Dispose();
    }

    private async Task ObserveExitAsync(Task processExited)
    {
        await processExited.ConfigureAwait(false);
        // Anything the process started and left behind goes with it; until then a leftover child could
        // hold the output pipes open and the drain below would never end.
        ProcessTree.Kill(Id);
        await _process.WaitForExitAsync().ConfigureAwait(false);
        _spec.Ledger?.Forget(_process.Id);
        _exited.TrySetResult(_process.ExitCode);
    }
}
