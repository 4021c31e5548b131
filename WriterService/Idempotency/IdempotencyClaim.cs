using VaultDemo.WriterService.Secrets;

namespace VaultDemo.WriterService.Idempotency;

/// <summary>What claiming an Idempotency-Key found.</summary>
internal abstract record IdempotencyClaim
{
    /// <summary>The key is new and now this request's: go ahead and write.</summary>
    public sealed record Claimed : IdempotencyClaim;

    /// <summary>An earlier request with this key was written and recorded: answer with its result.</summary>
    public sealed record Recorded(SecretWritten Result) : IdempotencyClaim;

    /// <summary>An earlier request with this key is in flight, or stopped between Vault and the journal.</summary>
    public sealed record Pending : IdempotencyClaim;

    /// <summary>The key was used for a different request (another path, cas or set of keys).</summary>
    public sealed record Reused : IdempotencyClaim;
}
