namespace DevVault.Core;

/// <summary>
/// A backend that runs timers of its own from what it keeps in storage (the database engine's static-role
/// rotations). Timers do not survive a restart, so the mount table asks it to arm them again at unseal.
/// </summary>
public interface IScheduledBackend
{
    ValueTask RestoreSchedulesAsync(CancellationToken cancellationToken);
}
