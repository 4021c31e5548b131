namespace VaultDemo.WriterService.Users;

/// <summary>What a registration answers: never the email or the api secret.</summary>
public sealed record UserRegistered(string Id, string Name, string SecretPath, int SecretVersion);
