using VaultDemo.Orchestrator.Hosting;

namespace VaultDemo.Orchestrator.Testing;

/// <summary>
/// Lets the testing builder run an AppHost's own entry point and take its topology: while a capture is
/// active on the current async flow, <c>CreateBuilder</c> uses the test's options and <c>Build()</c> hands
/// the builder over and ends the entry point, so nothing starts until the test says so.
/// </summary>
internal sealed class TopologyCapture(DistributedApplicationOptions options)
{
    private static readonly AsyncLocal<TopologyCapture?> s_current = new();

    public DistributedApplicationBuilder? Builder { get; private set; }

    public static IDisposable Begin(TopologyCapture capture)
    {
        s_current.Value = capture;
        return new Scope();
    }

    public static DistributedApplicationOptions? OptionsFor(string[] args) =>
        s_current.Value is { } capture ? capture._options(args) : null;

    /// <exception cref="CapturedException">Always, while capturing: it unwinds the AppHost's entry point.</exception>
    public static void HandOverIfCapturing(DistributedApplicationBuilder builder)
    {
        if (s_current.Value is { Builder: null } capture)
        {
            capture.Builder = builder;
            s_current.Value = null;
            throw new CapturedException();
        }
    }

    private DistributedApplicationOptions _options(string[] args) => options with { Args = [.. options.Args, .. args] };

    private sealed class Scope : IDisposable
    {
        public void Dispose() => s_current.Value = null;
    }

    /// <summary>Thrown through the AppHost's entry point once its builder has been taken.</summary>
    internal sealed class CapturedException() : Exception("The testing builder took the AppHost's topology.");
}
