namespace VaultDemo.WriterService.Secrets;

/// <summary>What a write answers: where and which version, never the data.</summary>
public sealed record SecretWritten(string Path, int Version, DateTimeOffset CreatedTime);
