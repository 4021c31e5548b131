namespace VaultDemo.WriterService.Idempotency;

/// <summary>An Idempotency-Key that cannot be honoured: reused for another request, or its request is still unresolved.</summary>
internal sealed class IdempotencyKeyException(bool reused, string message) : Exception(message)
{
    /// <summary>True when the key came with a different request; false when its first request has no outcome yet.</summary>
    public bool Reused { get; } = reused;
}
