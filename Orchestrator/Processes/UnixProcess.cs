using System.Runtime.InteropServices;

namespace VaultDemo.Orchestrator.Processes;

/// <summary>
/// The few POSIX calls .NET does not expose: sending a signal other than SIGKILL, and the effective user id.
/// </summary>
public static partial class UnixProcess
{
    public const int SigInt = 2;
    public const int SigKill = 9;
    public const int SigTerm = 15;

    /// <summary>True when this process runs as root, which is when services must drop to their own users.</summary>
    public static bool IsRoot => OperatingSystem.IsLinux() && geteuid() == 0;

    /// <summary>Sends <paramref name="signal"/> to a process, or to a whole process group when <paramref name="pid"/> is negative.</summary>
    public static bool TrySignal(int pid, int signal) => OperatingSystem.IsLinux() && kill(pid, signal) == 0;

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);

    [DllImport("libc")]
    private static extern uint geteuid();
}
