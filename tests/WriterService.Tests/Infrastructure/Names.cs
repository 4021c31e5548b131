namespace VaultDemo.WriterService.Tests.Infrastructure;

internal static class Names
{
    /// <summary>A secret path unique to one test, so tests sharing Vault and PostgreSQL never collide.</summary>
    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..10]}";
}
