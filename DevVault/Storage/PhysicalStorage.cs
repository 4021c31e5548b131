namespace DevVault.Storage;

/// <summary>
/// The storage beneath the barrier, as configured (<c>inmem</c>, <c>file</c>, <c>postgresql</c>). Only the barrier,
/// the seal's configuration and the sealed keyring touch it directly; everything else goes through the barrier.
/// </summary>
public sealed record PhysicalStorage(IStorage Backend, string Type)
{
    public static PhysicalStorage InMemory() => new(new InMemoryStorage(), "inmem");
}
