using Microsoft.Extensions.Logging;
using VaultDemo.Orchestrator.ApplicationModel;

namespace VaultDemo.Orchestrator.Orchestration;

internal static partial class OrchestratorLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Resource {ResourceName} is {State}: {Reason}")]
    public static partial void ResourceFailed(ILogger logger, string resourceName, ResourceState state, string reason);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Killed processes left by an AppHost that did not stop cleanly: {Processes}")]
    public static partial void OrphansKilled(ILogger logger, string processes);
}
