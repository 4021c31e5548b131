using System.Diagnostics;

namespace VaultDemo.WriterService;

internal static class Tracing
{
    public static readonly ActivitySource Source = new("VaultDemo.Writer");
}
