namespace DevVault.Seal;

/// <summary>The fields of <c>sys/seal-status</c> (and of every <c>sys/unseal</c> answer) that depend on the seal.</summary>
public sealed record SealStatus(bool Initialized, bool Sealed, int Threshold, int Shares, int Progress, string Nonce, string StorageType);
