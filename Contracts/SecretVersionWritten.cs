namespace VaultDemo.Contracts;

/// <summary>
/// Published once a secret version is stored in Vault and recorded by the writer. It says where and which
/// version, never what: the reader fetches the value itself, with its own read-only identity.
/// </summary>
/// <param name="Path">Path below the services' KV subtree (<c>secret/apps/</c>), e.g. <c>billing/stripe</c>.</param>
/// <param name="Version">The KV v2 version that was written; reading exactly it makes consumers immune to later writes.</param>
/// <param name="CreatedTime">Vault's creation time of that version, used by the reader to measure its lag.</param>
public sealed record SecretVersionWritten(string Path, int Version, DateTimeOffset CreatedTime);
